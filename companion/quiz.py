"""Self-check questions, one definition, two faces: live widgets in Jupyter, HTML on the site.

A question is multiple choice with feedback for every choice. Each chapter's
questions live in its lesson metadata (``book/lessons/<chapter>.yml``, key
``quiz``).

- **Site face** (:func:`render`): one self-contained HTML block; each question
  a ``<form>`` with a ``<fieldset>`` of radio buttons (keyboard usable: Tab to
  the group, arrow keys to choose, Enter or the button to check) and a
  feedback paragraph in an ``aria-live`` region. The site's ``cnn-quiz.js``
  (in ``book/_static``) shows the feedback; it needs nothing else. The book's
  ``course_kit`` extension puts it at the end of each chapter page.
- **Live face** (:func:`live_widget`): the same questions as ipywidgets
  (``RadioButtons``, ``Button``, ``HTML`` in a ``VBox``: widgets that
  ipywidgets 7, which Colab ships, and 8 both have), with the same verdicts and
  feedback (:func:`verdict`). A chapter's notebook shows it with
  ``chapter_quiz("03_convolution_math")``.

A question is a mapping::

    {"question": "What does `tf.nn.conv2d` compute?",
     "answer": 1,                      # 0-based index of the right choice
     "choices": [{"text": "...", "feedback": "..."}, ...]}

Text may use ``backticks`` for inline code; everything else is escaped.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "MissingQuiz",
    "Quiz",
    "chapter_quiz",
    "inline_html",
    "live_widget",
    "load_questions",
    "render",
    "validate",
    "verdict",
]

_CODE = re.compile(r"`([^`]+)`")
_CHAPTER = re.compile(r"\d\d_[a-z0-9_]+")
# The words of a verdict, the same in both faces (cnn-quiz.js reads them from the markup).
WORDS = {
    "correct": "Correct.",
    "incorrect": "Not quite.",
    "retry": "Try another answer.",
    "unanswered": "Choose an answer first (Tab to the choices, arrow keys to move).",
}
# Where a chapter's lesson file is looked for: the repository this package sits in
# (editable install, Binder, a hub's clone), then ``lessons/`` beside the notebook.
LESSONS_ENV = "COMPANION_LESSONS"
# Set to "static" by the book build (the same switch as companion.demo's faces).
FACES_ENV = "COMPANION_DEMO_FACES"
_REPO_LESSONS = Path(__file__).resolve().parents[1] / "book" / "lessons"


def inline_html(text: str) -> str:
    """Escape ``text`` for HTML, turning `backticks` into ``<code>``."""
    parts = _CODE.split(str(text))
    out = []
    for i, part in enumerate(parts):
        escaped = html.escape(part, quote=False)
        out.append(f"<code>{escaped}</code>" if i % 2 else escaped)
    return "".join(out)


def plain_text(text: str) -> str:
    """``text`` without its `backticks`, for widgets that show plain text only."""
    return _CODE.sub(lambda match: match.group(1), str(text))


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
    words = " ".join(f'data-{key}="{html.escape(text, quote=True)}"' for key, text in WORDS.items())
    lines = [f'<div class="cnn-quiz" id="{uid}" data-cnn-quiz {words}>']
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


def verdict(question: Mapping[str, Any], choice: int | None) -> tuple[str, str]:
    """The verdict on ``choice`` (an index, or None when nothing is chosen): (status, HTML).

    The status is ``"correct"``, ``"incorrect"`` or ``"unanswered"``; the HTML
    is what both faces show: the verdict word, then that choice's feedback.
    """
    if choice is None:
        return "unanswered", WORDS["unanswered"]
    choices = question["choices"]
    if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < len(choices):
        raise ValueError(
            f"verdict: `choice` must be None or an index from 0 to {len(choices) - 1},"
            f" got {choice!r}."
        )
    status = "correct" if choice == question["answer"] else "incorrect"
    message = f"<strong>{WORDS[status]}</strong> {inline_html(choices[choice]['feedback'])}"
    if status == "incorrect":
        message += f" {WORDS['retry']}"
    return status, message


def live_widget(questions: object, title: str | None = None) -> Any:
    """The questions as ipywidgets: one radio group, a check button and feedback per question.

    Only widgets that ipywidgets 7 (Colab) and 8 both have; the feedback is
    :func:`verdict`'s, as on the site. Each question box exposes ``choices``,
    ``button`` and ``feedback`` (for tests); the returned ``VBox`` lists them
    in ``questions``.
    """
    import ipywidgets as widgets

    checked = validate(questions)
    children: list[Any] = []
    if title:
        children.append(widgets.HTML(value=f"<strong>{html.escape(title)}</strong>"))
    boxes = []
    for number, question in enumerate(checked, start=1):
        prompt = widgets.HTML(
            value=f"<p><strong>Question {number}.</strong> {inline_html(question['question'])}</p>"
        )
        choices = widgets.RadioButtons(
            options=[(plain_text(c["text"]), i) for i, c in enumerate(question["choices"])],
            index=None,
            layout=widgets.Layout(width="auto"),
        )
        button = widgets.Button(description="Check my answer")
        feedback = widgets.HTML(value="")

        def check(_button: Any, question=question, choices=choices, feedback=feedback) -> None:
            feedback.value = verdict(question, choices.value)[1]

        def clear(_change: Any, feedback=feedback) -> None:
            feedback.value = ""

        button.on_click(check)
        choices.observe(clear, names="value")
        box = widgets.VBox([prompt, choices, button, feedback])
        box.choices, box.button, box.feedback = choices, button, feedback
        boxes.append(box)
    quiz = widgets.VBox(children + boxes)
    quiz.questions = boxes
    return quiz


def _lesson_dirs() -> list[Path]:
    dirs = [Path(os.environ[LESSONS_ENV])] if os.environ.get(LESSONS_ENV) else []
    return [*dirs, _REPO_LESSONS, Path.cwd() / "lessons"]


def load_questions(chapter: str) -> tuple[str, list[dict[str, Any]]]:
    """A chapter's title and self-check questions, from its lesson file.

    ``chapter`` is the notebook's stem (``"03_convolution_math"``). Raises
    ``FileNotFoundError`` naming the folders tried when no lesson file is found.
    """
    if not isinstance(chapter, str):
        raise TypeError(
            f"`chapter` must be a chapter name such as '03_convolution_math', got"
            f" {type(chapter).__name__}."
        )
    name = Path(chapter).name.removesuffix(".ipynb")
    if not _CHAPTER.fullmatch(name):
        raise ValueError(
            f"`chapter` must be a chapter name such as '03_convolution_math', got {chapter!r}."
        )
    tried = _lesson_dirs()
    for folder in tried:
        path = folder / f"{name}.yml"
        if path.is_file():
            import yaml

            meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            return str(meta.get("title", name)), validate(meta.get("quiz"), path.name)
    where = ", ".join(str(folder) for folder in tried)
    raise FileNotFoundError(f"no lesson file {name}.yml for `chapter` in {where}.")


class Quiz:
    """Self-check questions in a notebook: the live widgets, or the site's HTML in the book build.

    Displayed in Jupyter (or Colab) it shows :func:`live_widget`; when the book
    is built (``COMPANION_DEMO_FACES=static``) it shows :func:`render`'s HTML.
    """

    def __init__(self, questions: object, uid: str = "quiz", title: str | None = None) -> None:
        self.questions = validate(questions)
        self.uid = uid
        self.title = title

    def _repr_html_(self) -> str:
        return render(self.questions, self.uid, self.title)

    def widget(self) -> Any:
        """The live face (a fresh ipywidgets ``VBox``)."""
        return live_widget(self.questions, self.title)

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        if os.environ.get(FACES_ENV) == "static":
            display(HTML(self._repr_html_()))
        else:
            # display() lets IPython pick each ipywidgets major's own display path.
            display(self.widget())

    def __repr__(self) -> str:
        return f"<Quiz: {len(self.questions)} question(s)>"


class MissingQuiz:
    """Shown instead of a chapter's questions where its lesson file is not at hand."""

    def __init__(self, chapter: str, reason: str) -> None:
        self.chapter, self.reason = chapter, reason

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(str(self))}</p>"

    def __repr__(self) -> str:
        return (
            f"The self-check questions of {self.chapter} are not here ({self.reason}). They are"
            " at the end of the chapter's page on the course site, and in the repository's"
            " book/lessons/ folder."
        )


def chapter_quiz(chapter: str) -> Quiz | MissingQuiz:
    """The self-check questions of ``chapter`` (e.g. ``"03_convolution_math"``), to display.

    Where the lesson files are not at hand (a notebook opened alone, with the
    package installed from an index), a short note says where to find them
    instead of failing the cell.
    """
    try:
        title, questions = load_questions(chapter)
    except FileNotFoundError as missing:
        return MissingQuiz(str(chapter), str(missing))
    name = Path(chapter).name.removesuffix(".ipynb")
    return Quiz(questions, uid="quiz-" + name.replace("_", "-"), title=f"Check yourself: {title}")
