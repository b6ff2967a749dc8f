"""Self-check questions that work on the static site: no kernel, no network.

A question is multiple choice with feedback for every choice. :func:`render`
turns a list of questions into one self-contained HTML block: each question a
``<form>`` with a ``<fieldset>`` of radio buttons (keyboard usable: Tab to the
group, arrow keys to choose, Enter or the button to check) and a feedback
paragraph in an ``aria-live`` region. The site's ``cnn-quiz.js`` (in
``book/_static``) shows the feedback; it needs nothing else.

The questions of each chapter live in its lesson metadata
(``book/lessons/<chapter>.yml``, key ``quiz``); the book's ``course_kit``
extension renders them at the end of the chapter page. In a notebook,
``Quiz(questions)`` displays the same block.

A question is a mapping::

    {"question": "What does `tf.nn.conv2d` compute?",
     "answer": 1,                      # 0-based index of the right choice
     "choices": [{"text": "...", "feedback": "..."}, ...]}

Text may use ``backticks`` for inline code; everything else is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["Quiz", "inline_html", "render", "validate"]

_CODE = re.compile(r"`([^`]+)`")


def inline_html(text: str) -> str:
    """Escape ``text`` for HTML, turning `backticks` into ``<code>``."""
    parts = _CODE.split(str(text))
    out = []
    for i, part in enumerate(parts):
        escaped = html.escape(part, quote=False)
        out.append(f"<code>{escaped}</code>" if i % 2 else escaped)
    return "".join(out)


def validate(questions: object, where: str = "quiz") -> list[dict[str, Any]]:
    """Check a list of question mappings; raise ``ValueError`` naming the bad field.

    Returns the questions as plain dicts. ``where`` names the source in errors
    (e.g. the metadata file).
    """
    if not isinstance(questions, Sequence) or isinstance(questions, (str, bytes)):
        raise ValueError(f"{where}: `quiz` must be a list of questions, got {questions!r}.")
    checked = []
    for number, question in enumerate(questions, start=1):
        label = f"{where}: question {number}"
        if not isinstance(question, Mapping):
            raise ValueError(f"{label} must be a mapping, got {type(question).__name__}.")
        text = question.get("question")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{label}: `question` must be a non-empty string.")
        choices = question.get("choices")
        if not isinstance(choices, Sequence) or len(choices) < 2:
            raise ValueError(f"{label}: `choices` must list at least two choices.")
        for index, choice in enumerate(choices):
            if not isinstance(choice, Mapping):
                raise ValueError(f"{label}: choice {index} must be a mapping with `text`.")
            for key in ("text", "feedback"):
                if not isinstance(choice.get(key), str) or not choice[key].strip():
                    raise ValueError(f"{label}: choice {index} needs a non-empty `{key}`.")
        answer = question.get("answer")
        if not isinstance(answer, int) or isinstance(answer, bool):
            raise ValueError(f"{label}: `answer` must be the index of the right choice (an int).")
        if not 0 <= answer < len(choices):
            raise ValueError(
                f"{label}: `answer` must be between 0 and {len(choices) - 1}, got {answer}."
            )
        checked.append(
            {
                "question": text,
                "answer": answer,
                "choices": [{"text": c["text"], "feedback": c["feedback"]} for c in choices],
            }
        )
    return checked


def render(questions: object, uid: str = "quiz", title: str | None = None) -> str:
    """The questions as one HTML block, without blank lines (safe inside Markdown).

    ``uid`` prefixes every element id; give each block on a page its own.
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", uid):
        raise ValueError(f"render: `uid` must be a simple HTML id (letters, digits, -, _): {uid!r}")
    checked = validate(questions)
    lines = [f'<div class="cnn-quiz" id="{uid}" data-cnn-quiz>']
    if title:
        lines.append(f'<p class="cnn-quiz-title">{html.escape(title)}</p>')
    for number, question in enumerate(checked, start=1):
        qid = f"{uid}-q{number}"
        lines.append(
            f'<form class="cnn-quiz-question" id="{qid}" data-answer="{question["answer"]}">'
        )
        lines.append(
            f'<fieldset><legend><span class="cnn-quiz-number">Question {number}.</span> '
            f"{inline_html(question['question'])}</legend>"
        )
        for index, choice in enumerate(question["choices"]):
            cid = f"{qid}-c{index}"
            feedback = html.escape(inline_html(choice["feedback"]), quote=True)
            lines.append(
                f'<div class="cnn-quiz-choice"><input type="radio" name="{qid}" id="{cid}"'
                f' value="{index}" data-feedback="{feedback}">'
                f' <label for="{cid}">{inline_html(choice["text"])}</label></div>'
            )
        lines.append("</fieldset>")
        lines.append(
            '<button type="submit" class="cnn-quiz-check">Check my answer</button>'
            f'<p class="cnn-quiz-feedback" id="{qid}-feedback" role="status"'
            ' aria-live="polite"></p>'
        )
        lines.append("</form>")
    lines.append(
        '<noscript><p class="cnn-quiz-note">The answers are checked by a small script'
        " shipped with these pages; enable JavaScript to use it.</p></noscript>"
    )
    lines.append("</div>")
    return "\n".join(lines)


class Quiz:
    """Self-check questions displayed in a notebook (the same HTML as on the site).

    In Jupyter the site's script is absent, so the block shows the questions;
    the feedback works on the book's pages.
    """

    def __init__(self, questions: object, uid: str = "quiz", title: str | None = None) -> None:
        self.questions = validate(questions)
        self.uid = uid
        self.title = title

    def _repr_html_(self) -> str:
        return render(self.questions, self.uid, self.title)

    def __repr__(self) -> str:
        return f"<Quiz: {len(self.questions)} question(s)>"
