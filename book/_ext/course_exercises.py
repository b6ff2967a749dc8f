"""Sphinx extension: exercises answered in the page; code cells without nbval markers.

One exercise definition, two faces. ``companion.exercises.exercise_data(chapter)``
exports each exercise as data (expected answer, tolerance, other right answers,
typical mistakes with their messages); in the notebook ``q2.check(last_row)``
judges an answer with it, and on the site this extension puts the same data
into the page, where ``cnn-exercise.js`` judges what the reader types by the
same rule, with the same messages (``companion.checks.MESSAGES``) and verdicts
(``companion.checks.VERDICTS``), without a kernel.

On a chapter page:

- each check cell of a number, array or choice exercise (``q2.check(...)``, not
  a hidden solution) loses its frozen output ("Not answered yet ... run that
  cell") and is followed by a form: a labelled field (or radio buttons), a
  *Check* button and a feedback line read out by screen readers;
- the check cell of a code, names or reflection exercise loses its frozen
  output too and is followed by what the page can show: the rubric and the
  model answer, or the inputs a function is tried on; these are answered in
  the notebook;
- every code cell loses its nbval marker lines (``# NBVAL_CHECK_OUTPUT`` ...),
  which stay in the notebooks;
- ``cnn-exercise.js`` and ``cnn-exercise.css`` are added to the pages that
  have exercises, and only to them.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

CHAPTER = re.compile(r"^book/(\d\d_[a-z0-9_]+)$")
MARKERS = ("# NBVAL_CHECK_OUTPUT", "# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP")
CHECK_CALL = re.compile(r"^\s*(\w+)\.check\(", re.MULTILINE)
ANSWERED_IN_PAGE = ("number", "array", "choice")
SOLUTION_TAG = "solution"
MARK = "data-cnn-exercise"
#: What the page says where the notebook's words would not fit (no cells to run there).
PAGE_WORDS = {
    "unanswered": "type your answer (or choose one), then press *Check*.",
    "syntax": "the page could not read `{variable}`: write numbers with commas between"
    " them, lists in square brackets (like `[1, 2.5]`), text in quotes; names and"
    " arithmetic cannot be used here.",
}
# ArrayExercise refuses a set where order matters with this text (not yet a template).
SET_UNORDERED = "`{variable}` is a set, which has no order; write a list in brackets."


# -- the words both faces share -----------------------------------------------------------
def page_words() -> dict[str, Any]:
    """The verdict words and message templates of ``companion.checks``, for the page's script."""
    from companion.checks import MESSAGES, VERDICTS

    messages = dict(MESSAGES)
    messages.setdefault("set_unordered", SET_UNORDERED)
    return {"verdicts": dict(VERDICTS), "messages": messages, "page": dict(PAGE_WORDS)}


def _json_block(data: Any, **attributes: str) -> str:
    # "</" cannot appear inside a <script> block; JSON allows escaping it.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    attrs = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{value}"' for key, value in attributes.items()
    )
    return f'<script type="application/json"{attrs}>{payload}</script>'


def _inline(text: str) -> str:
    from companion.quiz import inline_html

    return inline_html(text)


# -- the markup ------------------------------------------------------------------------------
def _how(data: dict[str, Any]) -> str:
    """How to type the answer: what the reader needs to know that the prompt may not say."""
    kind, shape = data["kind"], data.get("shape")
    if kind == "number":
        return "One number, like `12` or `0.5`."
    if data.get("ordered") is False:
        return "Numbers separated by commas, in square brackets, in any order, like `[1, 2]`."
    if shape and len(shape) == 1:
        text = f"{shape[0]} numbers separated by commas, in square brackets"
        if data.get("labels"):
            text += ": " + "; ".join(data["labels"])
        return text + "."
    if shape and len(shape) == 2:
        rows, columns = shape
        return (
            f"A {rows} × {columns} array: {rows} rows of {columns} numbers, each row in square"
            " brackets and the whole in brackets, like `[[1, 2], [3, 4]]`. New lines are fine."
        )
    return "Numbers in square brackets, like `[1, 2]`."


def _hints(data: dict[str, Any], uid: str) -> str:
    hints = data.get("hints") or []
    if not hints:
        return ""
    items = "".join(f"<li>{_inline(hint)}</li>" for hint in hints)
    return (
        f'<details class="cnn-exercise-hints" id="{uid}-hints"><summary>Hints'
        f" ({len(hints)}, gentle to strong)</summary><ol>{items}</ol></details>"
    )


def _value_form(data: dict[str, Any], uid: str) -> list[str]:
    variable = html.escape(data["variable"])
    shape = data.get("shape")
    label = (
        f'<label class="cnn-exercise-label" for="{uid}-input">Your <code>{variable}</code></label>'
    )
    common = (
        f'class="cnn-exercise-input" id="{uid}-input" name="{uid}" autocomplete="off"'
        f' autocapitalize="off" spellcheck="false" aria-describedby="{uid}-how"'
    )
    if shape and len(shape) == 2:
        field = f'<textarea {common} rows="{min(int(shape[0]) + 1, 10)}"></textarea>'
    else:
        field = f'<input type="text" {common}>'
    return [
        label,
        f'<p class="cnn-exercise-how" id="{uid}-how">{_inline(_how(data))}</p>',
        field,
    ]


def _choice_form(data: dict[str, Any], uid: str) -> list[str]:
    variable = html.escape(data["variable"])
    lines = [
        '<fieldset class="cnn-exercise-options">',
        f"<legend>Your <code>{variable}</code>: choose one</legend>",
    ]
    for option in data["options"]:
        key = html.escape(option["key"])
        oid = f"{uid}-{key}"
        lines.append(
            f'<div class="cnn-exercise-option"><input type="radio" name="{uid}" id="{oid}"'
            f' value="{key}"> <label for="{oid}"><span class="cnn-exercise-key">{key})</span>'
            f" {_inline(option['text'])}</label></div>"
        )
    lines.append("</fieldset>")
    return lines


def answer_form(data: dict[str, Any], words: dict[str, Any] | None = None) -> str:
    """One number, array or choice exercise as an HTML form the page's script checks.

    ``words`` (the page's verdicts and templates, :func:`page_words`) is written
    once per page, with its first exercise. No blank line: safe in Markdown too.
    """
    uid = "exercise-" + re.sub(r"[^A-Za-z0-9]+", "-", data["id"]).strip("-")
    title = html.escape(data.get("title") or data["name"])
    fields = _choice_form(data, uid) if data["kind"] == "choice" else _value_form(data, uid)
    lines = [
        f'<div class="cnn-exercise" id="{uid}" {MARK} data-kind="{data["kind"]}">',
        _json_block(words, id="cnn-exercise-words") if words is not None else "",
        _json_block(data, class_="cnn-exercise-data"),
        f'<form class="cnn-exercise-form" aria-labelledby="{uid}-title" novalidate>',
        f'<p class="cnn-exercise-title" id="{uid}-title">Check your answer here'
        f' <span class="cnn-exercise-name">({html.escape(data["name"])}: {title})</span></p>',
        *fields,
        '<button type="submit" class="cnn-exercise-check">Check</button>',
        f'<p class="cnn-exercise-feedback" id="{uid}-feedback" role="status"'
        ' aria-live="polite"></p>',
        "</form>",
        _hints(data, uid),
        '<noscript><p class="cnn-exercise-note">The page checks answers with a small script'
        " shipped with it; enable JavaScript to use it, or run the notebook.</p></noscript>",
        "</div>",
    ]
    return "\n".join(line for line in lines if line)


def notebook_only(data: dict[str, Any]) -> str:
    """What the page shows of an exercise answered in the notebook (code, names, reflection)."""
    uid = "exercise-" + re.sub(r"[^A-Za-z0-9]+", "-", data["id"]).strip("-")
    kind = data["kind"]
    variable = html.escape(data.get("variable", "answer"))
    parts = [f'<div class="cnn-exercise cnn-exercise-static" id="{uid}" data-kind="{kind}">']
    if kind == "reflection":
        parts.append(
            '<p class="cnn-exercise-title">Answered in words, in the notebook</p>'
            f"<p>Write your answer in <code>{variable}</code> in the notebook: its check shows it"
            " beside a model answer and this rubric, for you to tick. No program grades an"
            " explanation.</p>"
        )
        rubric = "".join(f"<li>{_inline(point)}</li>" for point in data.get("rubric") or [])
        if rubric:
            parts.append(f'<p class="cnn-exercise-rubric-title">Rubric</p><ul>{rubric}</ul>')
        if data.get("model_answer"):
            parts.append(
                "<details><summary>Model answer</summary>"
                f"<p>{_inline(data['model_answer'])}</p></details>"
            )
    elif kind == "code":
        signature = html.escape(data.get("signature") or data["variable"])
        parts.append(
            '<p class="cnn-exercise-title">Answered in code, in the notebook</p>'
            f"<p>Write <code>{signature}</code> in the notebook: its check runs your function"
            " against the course's own <code>companion.ops</code> on these inputs and shows the"
            " first one that fails, with the expected and the given output.</p>"
        )
        cases = "".join(f"<li>{_inline(case)}</li>" for case in data.get("cases") or [])
        if cases:
            parts.append(f"<ul>{cases}</ul>")
    else:
        parts.append(
            '<p class="cnn-exercise-title">Answered in the notebook</p>'
            f"<p>Write your answer in <code>{variable}</code> in the notebook and run its check."
            "</p>"
        )
    parts.append("</div>")
    return "".join(parts)


# -- the doctree -------------------------------------------------------------------------------
def _tags(cell: nodes.Element) -> list[str]:
    metadata = cell.get("cell_metadata") or {}
    return list(metadata.get("tags", [])) if isinstance(metadata, dict) else []


def _code_cells(doctree: nodes.document):
    for node in doctree.findall(nodes.container):
        if node.get("nb_element") == "cell_code":
            yield node


def _source_block(cell: nodes.Element) -> nodes.literal_block | None:
    for child in cell.children:
        if isinstance(child, nodes.container) and child.get("nb_element") == "cell_code_source":
            return next(iter(child.findall(nodes.literal_block)), None)
    return None


def strip_markers(doctree: nodes.document) -> None:
    """Remove nbval's marker lines from the code cells shown on the page."""
    for cell in _code_cells(doctree):
        block = _source_block(cell)
        if block is None:
            continue
        text = block.astext()
        kept = [line for line in text.split("\n") if line.strip() not in MARKERS]
        if len(kept) != len(text.split("\n")):
            new = "\n".join(kept).strip("\n")
            block[:] = [nodes.Text(new)]
            block.rawsource = new


def _chapter_data(stem: str, docname: str) -> dict[str, dict[str, Any]]:
    from companion.exercises import exercise_data

    try:
        return {item["name"]: item for item in exercise_data(stem)}
    except Exception as error:  # a broken exercise must fail the build (-W), with its cause
        logger.warning(
            f"course_exercises: cannot export the exercises of {stem}: "
            f"{type(error).__name__}: {error}",
            location=docname,
        )
        return {}


def place_exercises(app, doctree: nodes.document) -> None:
    """``doctree-read``: strip markers; answer forms after a chapter's check cells."""
    strip_markers(doctree)
    docname = app.env.docname
    match = CHAPTER.match(docname)
    if not match:
        return
    companion = Path(app.srcdir) / "companion"
    for path in [
        *(companion / name for name in ("checks.py", "feedback.py", "answers.py")),
        *(companion / "exercises").glob("*.py"),
    ]:
        app.env.note_dependency(str(path))
    exercises = _chapter_data(match.group(1), docname)
    if not exercises:
        return
    words = page_words()
    for cell in list(_code_cells(doctree)):
        if SOLUTION_TAG in _tags(cell):
            continue
        block = _source_block(cell)
        names = CHECK_CALL.findall(block.astext()) if block is not None else []
        data = next((exercises[name] for name in names if name in exercises), None)
        if data is None:
            continue
        for child in list(cell.children):
            if child.get("nb_element") == "cell_code_output":
                cell.remove(child)
        if data["kind"] in ANSWERED_IN_PAGE:
            markup = answer_form(data, words)
            words = None
        else:
            markup = notebook_only(data)
        raw = nodes.raw("", markup, format="html", classes=["cnn-exercise-block"])
        cell.parent.insert(cell.parent.index(cell) + 1, raw)


def exercise_assets(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the exercise script and style, on pages with exercises only."""
    if doctree is None:
        return
    if any(MARK in node.astext() for node in doctree.findall(nodes.raw)):
        app.add_js_file("cnn-exercise.js")
        app.add_css_file("cnn-exercise.css")


def setup(app):
    app.connect("doctree-read", place_exercises)
    app.connect("html-page-context", exercise_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
