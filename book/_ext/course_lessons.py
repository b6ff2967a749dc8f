"""The chapters' lesson metadata: load, check, schedule, and put into words.

Each chapter ``book/NN_name.ipynb`` has ``book/lessons/NN_name.yml`` (see
``book/lessons/README.md`` for the fields). This module is plain Python, used
by the book's ``course_kit`` extension (chapter pages, the lesson plan), by
``tools/make_student.py`` (the student notebooks' overview) and by the tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
LESSONS = Path("book") / "lessons"
LIST_FIELDS = ("questions", "objectives", "keypoints")
MINUTE_FIELDS = ("teaching", "exercises", "selfcheck")
REQUIRED = ("title", *MINUTE_FIELDS, *LIST_FIELDS, "quiz")
MIN_QUIZ = 2
CHAPTER = re.compile(r"^book/\d\d_[a-z0-9_]+$")


def toc_files(root: Path = ROOT) -> list[str]:
    """Every file named in ``_toc.yml`` (without suffix), in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files: list[str] = []

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries or []:
            if "file" in entry:
                files.append(str(entry["file"]))
            walk(entry.get("chapters", []))
            walk(entry.get("sections", []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return files


def chapters(root: Path = ROOT) -> list[str]:
    """The course's chapters in ``_toc.yml`` (files named ``book/NN_name``)."""
    return [name for name in toc_files(root) if CHAPTER.match(name)]


def lesson_path(chapter: str, root: Path = ROOT) -> Path:
    """Where a chapter's metadata lives: ``book/lessons/<stem>.yml``."""
    return root / LESSONS / f"{Path(chapter).name}.yml"


def load(chapter: str, root: Path = ROOT) -> dict[str, Any] | None:
    """A chapter's metadata, or None when it has no file."""
    path = lesson_path(chapter, root)
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text()) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the metadata must be a mapping of fields.")
    return data


def problems(chapter: str, root: Path = ROOT) -> list[str]:
    """Everything missing or malformed in a chapter's metadata (empty when complete)."""
    path = lesson_path(chapter, root)
    meta = load(chapter, root)
    if meta is None:
        return [f"{chapter}: no lesson metadata; create {path.relative_to(root)}"]
    found = []
    for field in REQUIRED:
        if field not in meta or meta[field] in (None, "", []):
            found.append(f"{path.name}: missing `{field}`")
    for field in MINUTE_FIELDS:
        value = meta.get(field)
        if field in meta and not (isinstance(value, int) and not isinstance(value, bool)):
            found.append(f"{path.name}: `{field}` must be whole minutes, got {value!r}")
        elif isinstance(value, int) and value <= 0:
            found.append(f"{path.name}: `{field}` must be positive, got {value}")
    for field in LIST_FIELDS:
        value = meta.get(field)
        if value and not (
            isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        ):
            found.append(f"{path.name}: `{field}` must be a list of non-empty strings")
    if meta.get("quiz"):
        from companion.quiz import validate

        try:
            questions = validate(meta["quiz"], path.name)
        except ValueError as exc:
            found.append(str(exc))
        else:
            if len(questions) < MIN_QUIZ:
                found.append(f"{path.name}: `quiz` needs at least {MIN_QUIZ} questions")
    return found


# -- the lesson plan ----------------------------------------------------------------
def schedule(root: Path = ROOT) -> dict[str, Any]:
    """The sessions of ``book/lessons/schedule.yml`` with every row's minutes resolved.

    Returns ``{"session_minutes": int, "sessions": [{"title", "total", "rows": [...]}]}``;
    each row has ``start`` (minutes into the session), ``minutes``, ``activity``,
    ``chapter`` (or None), ``teaching``, ``exercises`` and ``selfcheck`` (chapters
    only; their sum is the row's ``minutes``) and ``note`` (what to do, or "").
    """
    data = yaml.safe_load((root / LESSONS / "schedule.yml").read_text())
    sessions = []
    for session in data["sessions"]:
        rows, start = [], 0
        for item in session["items"]:
            if "chapter" in item:
                meta = load(item["chapter"], root)
                if meta is None:
                    raise ValueError(f"schedule.yml: no lesson metadata for {item['chapter']}")
                minutes = {field: int(meta[field]) for field in MINUTE_FIELDS}
                row = {
                    "activity": meta["title"],
                    "chapter": item["chapter"],
                    **minutes,
                    "minutes": sum(minutes.values()),
                }
            else:
                row = {
                    "activity": item["activity"],
                    "chapter": None,
                    **dict.fromkeys(MINUTE_FIELDS),
                    "minutes": int(item["minutes"]),
                }
            row["note"] = str(item.get("note", "")).strip()
            row["start"] = start
            start += row["minutes"]
            rows.append(row)
        sessions.append({"title": session["title"], "rows": rows, "total": start})
    return {"session_minutes": int(data["session_minutes"]), "sessions": sessions}


# -- words for the chapter pages and the student notebooks ----------------------------
def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def overview_markdown(meta: dict[str, Any], myst: bool = True) -> str:
    """The box at the top of a chapter: minutes, questions, objectives."""
    body = (
        f"**Teaching:** {meta['teaching']} min · **Exercises:** {meta['exercises']} min ·"
        f" **Self-check:** {meta['selfcheck']} min\n\n"
        f"**Questions**\n\n{_bullets(meta['questions'])}\n\n"
        f"**Objectives**\n\n{_bullets(meta['objectives'])}"
    )
    if not myst:
        return f"## Overview\n\n{body}"
    return f"````{{admonition}} Overview\n:class: tip cnn-overview\n\n{body}\n````"


def keypoints_markdown(meta: dict[str, Any], myst: bool = True) -> str:
    """The section at the end of a chapter: what to remember."""
    body = _bullets(meta["keypoints"])
    if not myst:
        return f"## Key points\n\n{body}"
    return (
        "## Key points\n\n"
        f"````{{admonition}} What to remember\n:class: important cnn-keypoints\n\n{body}\n````"
    )


def quiz_markdown(meta: dict[str, Any], chapter: str) -> str:
    """The self-check questions as a Markdown section holding one HTML block."""
    from companion.quiz import render

    uid = "quiz-" + Path(chapter).name.replace("_", "-")
    return (
        "## Check yourself\n\n"
        "Choose an answer and press *Check my answer*: the page tells you at once"
        " (no kernel needed).\n\n" + render(meta["quiz"], uid=uid)
    )


def _cell(cell_id: str, source: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": source}


def inject_notebook(text: str, meta: dict[str, Any], chapter: str) -> str:
    """A chapter notebook's JSON with the overview after its title and the
    self-check questions and key points at its end (for the book build only)."""
    notebook = json.loads(text)
    cells = notebook["cells"]
    overview = _cell("course-kit-overview", overview_markdown(meta))
    first = next((i for i, c in enumerate(cells) if c["cell_type"] == "markdown"), None)
    if first is None:
        cells.insert(0, overview)
    else:
        source = cells[first]["source"]
        source = "".join(source) if isinstance(source, list) else source
        lines = source.split("\n")
        if lines and lines[0].startswith("# "):
            title, rest = lines[0], "\n".join(lines[1:]).strip("\n")
            new = [_cell("course-kit-title", title), overview]
            if rest:
                cells[first] = {**cells[first], "source": rest}
                cells[first:first] = new
            else:
                cells[first : first + 1] = new
        else:
            cells.insert(first + 1, overview)
    cells.append(_cell("course-kit-quiz", quiz_markdown(meta, chapter)))
    cells.append(_cell("course-kit-keypoints", keypoints_markdown(meta)))
    return json.dumps(notebook)


def inject_markdown(text: str, meta: dict[str, Any], chapter: str) -> str:
    """The same for a chapter written in MyST Markdown."""
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
    lines[at + 1 : at + 1] = ["", overview_markdown(meta), ""]
    return (
        "\n".join(lines).rstrip("\n")
        + "\n\n"
        + quiz_markdown(meta, chapter)
        + "\n\n"
        + keypoints_markdown(meta)
        + "\n"
    )
