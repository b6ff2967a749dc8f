"""The chapters' self-check questions as QTI 1.2 quizzes, to import into an LMS (Canvas, Moodle...).

The questions are those of ``book/lessons/<chapter>.yml`` (key ``quiz``), the
same that the site and the notebooks show. Each chapter becomes one zip
``qti/<chapter>.zip``, written by text2qti from its plain-text quiz format:
every choice keeps its own feedback, the right one is marked, text with
`backticks` becomes code. Nothing is fetched from the network.

Usage: ``python book/_ext/course_qti.py [--out qti]`` (``make qti``).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import course_lessons

COURSE = "How CNNs see images"
_CODE = re.compile(r"(`[^`]+`)")
# Markdown's own characters, and `$` (text2qti reads $...$ as LaTeX), escaped outside code.
_MARKDOWN = re.compile(r"([\\*_\[\]$#!|{}])")


def markdown_text(text: str) -> str:
    """``text`` as Markdown that shows it literally: code spans kept, the rest escaped."""
    parts = _CODE.split(str(text).strip())
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
        else:
            part = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            out.append(_MARKDOWN.sub(r"\\\1", part))
    return " ".join("".join(out).split())


def quiz_text(chapter: str, meta: dict[str, Any]) -> str:
    """One chapter's questions in text2qti's plain-text format."""
    from companion.quiz import validate

    questions = validate(meta.get("quiz"), f"{Path(chapter).name}.yml")
    title = meta.get("title", Path(chapter).name)
    lines = [
        f"Quiz title: {title}: check yourself",
        f"Quiz description: The self-check questions of the chapter {markdown_text(title)}"
        f" ({COURSE}). Every choice has its own feedback.",
        "Shuffle answers: false",
        "Show correct answers: true",
        "",
    ]
    for number, question in enumerate(questions, start=1):
        lines += [f"Title: {title}, question {number}", "Points: 1"]
        lines.append(f"{number}.  {markdown_text(question['question'])}")
        for index, choice in enumerate(question["choices"]):
            mark = "*" if index == question["answer"] else ""
            letter = chr(ord("a") + index)
            lines.append(f"{mark}{letter})  {markdown_text(choice['text'])}")
            lines.append(f"... {markdown_text(choice['feedback'])}")
        lines.append("")
    return "\n".join(lines)


def export(out: Path, root: Path = course_lessons.ROOT) -> list[Path]:
    """Write ``<out>/<chapter>.zip`` for every chapter of ``_toc.yml``; return the paths."""
    from text2qti.config import Config
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for chapter in course_lessons.chapters(root):
        meta = course_lessons.load(chapter, root)
        if meta is None:
            raise ValueError(f"{chapter}: no lesson metadata to export")
        name = Path(chapter).name
        quiz = Quiz(quiz_text(chapter, meta), config=Config(), source_name=f"{name}.yml")
        path = out / f"{name}.zip"
        QTI(quiz).save(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=course_lessons.ROOT / "qti")
    args = parser.parse_args(argv)
    for path in export(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
