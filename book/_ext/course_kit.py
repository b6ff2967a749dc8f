"""Sphinx extension: the teaching kit on the book's pages, from the lesson metadata.

- Every chapter page gets its overview (minutes, questions, objectives) after
  its title, and its self-check questions and key points at its end, from
  ``book/lessons/<chapter>.yml``. The notebooks themselves are not edited: the
  text is added to the source as Sphinx reads it (the download button still
  serves the notebook as written).
- ``{course-schedule}``: the lesson plan (``book/lessons/schedule.yml``), one table
  per session, computed from the chapters' minutes, with each row's notes.
- ``{course-misconceptions}``: each chapter's misconceptions and how it answers them.
- Adds ``cnn-quiz.js`` / ``cnn-quiz.css`` (in ``book/_static``) to the pages that
  have self-check questions, and only to them.

The metadata files are recorded as dependencies, so editing one rebuilds its page.
"""

from __future__ import annotations

from pathlib import Path

import course_lessons
import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)


def _root(app) -> Path:
    return Path(app.srcdir)


def inject(app, docname: str, source: list[str]) -> None:
    """``source-read``: add the lesson metadata to a chapter's source."""
    if not course_lessons.CHAPTER.match(docname):
        return
    root = _root(app)
    path = course_lessons.lesson_path(docname, root)
    app.env.note_dependency(str(path))
    try:
        meta = course_lessons.load(docname, root)
    except (ValueError, yaml.YAMLError) as exc:
        logger.warning(f"course_kit: cannot read {path}: {exc}", location=docname)
        return
    if meta is None or course_lessons.problems(docname, root):
        # tests/test_lessons.py reports what is missing; the page builds without it.
        return
    suffix = Path(app.env.doc2path(docname)).suffix
    if suffix == ".ipynb":
        source[0] = course_lessons.inject_notebook(source[0], meta, docname)
    elif suffix == ".md":
        source[0] = course_lessons.inject_markdown(source[0], meta, docname)


class _MarkdownDirective(SphinxDirective):
    """A directive whose output is MyST Markdown generated from the metadata."""

    has_content = False

    def markdown(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        lessons = root / course_lessons.LESSONS
        for path in sorted(lessons.glob("*.yml")):
            self.env.note_dependency(str(path))
        self.env.note_dependency(str(root / "_toc.yml"))
        container = nodes.container(classes=[self.css_class])
        self.state.nested_parse(StringList(self.markdown()), self.content_offset, container)
        return [container]


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _doc_link(chapter: str, title: str) -> str:
    return f"{{doc}}`{title} </{chapter}>`"


class ScheduleDirective(_MarkdownDirective):
    """The lesson plan: one table per session, minutes from the chapters' metadata."""

    css_class = "cnn-schedule"

    def markdown(self) -> list[str]:
        plan = course_lessons.schedule(Path(self.env.srcdir))
        lines: list[str] = []
        for session in plan["sessions"]:
            lines += [
                f"**{session['title']}** ({session['total']} of {plan['session_minutes']} minutes)",
                "",
                "| Time | Activity | Teaching | Exercises | Self-check | Minutes |",
                "| --- | --- | ---: | ---: | ---: | ---: |",
            ]
            notes = []
            for row in session["rows"]:
                end = row["start"] + row["minutes"]
                activity = row["activity"]
                parts = ["", "", ""]
                if row["chapter"]:
                    activity = _doc_link(row["chapter"], activity)
                    parts = [str(row[field]) for field in course_lessons.MINUTE_FIELDS]
                lines.append(
                    f"| {_clock(row['start'])}-{_clock(end)} | {activity} | {' | '.join(parts)} |"
                    f" {row['minutes']} |"
                )
                if row["note"]:
                    notes.append(f"- *{row['activity']}*: {row['note']}")
            lines += [f"| | **Total** | | | | **{session['total']}** |", ""]
            lines += [*notes, ""] if notes else []
        return lines


class MisconceptionsDirective(_MarkdownDirective):
    """Each chapter's ``misconceptions`` and how the chapter answers them."""

    css_class = "cnn-misconceptions"

    def markdown(self) -> list[str]:
        root = Path(self.env.srcdir)
        lines: list[str] = []
        for chapter in course_lessons.chapters(root):
            meta = course_lessons.load(chapter, root) or {}
            for item in meta.get("misconceptions", []):
                lines += [
                    f"- *\u201c{item['misconception']}\u201d* "
                    f"({_doc_link(chapter, meta.get('title', chapter))}) {item['addressed']}",
                ]
        return lines


def quiz_assets(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the quiz script and style, on pages with self-check questions."""
    if doctree is None:
        return
    if any("data-cnn-quiz" in node.astext() for node in doctree.findall(nodes.raw)):
        app.add_js_file("cnn-quiz.js")
        app.add_css_file("cnn-quiz.css")


def setup(app):
    app.connect("source-read", inject)
    app.connect("html-page-context", quiz_assets)
    app.add_directive("course-schedule", ScheduleDirective)
    app.add_directive("course-misconceptions", MisconceptionsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
