"""What a check says: the verdicts, their words and messages, and how feedback is shown.

``Exercise.check`` (:mod:`companion.checks`) returns a :class:`Feedback` with
one of five verdicts, the same in the notebook and on the static site:

- ``"correct"`` ("Correct"): the answer is right (a note may say more);
- ``"incorrect"`` ("Not yet"): it is wrong, and the message says how, by name
  when it is a typical mistake;
- ``"invalid"`` ("Check your input"): it cannot be judged: NaN, infinity, a
  complex number, text where a number belongs, a wrong shape;
- ``"unanswered"`` ("Not answered yet"): still ``...`` (or empty);
- ``"compare"`` ("Compare"): a written explanation, shown beside the model
  answer and a rubric. A program cannot grade an explanation, so it is never
  "Correct".

The message templates in :data:`MESSAGES` are shared with the site's script,
so both faces say the same words. A judge says "incorrect" or "invalid" by
raising :class:`Incorrect` or :class:`Invalid` with the message. Hints and
solutions are a :class:`Message`; a reflection's verdict carries a
:class:`Comparison`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from companion.quiz import inline_html

__all__ = [
    "MESSAGES",
    "VERDICTS",
    "Comparison",
    "Feedback",
    "Incorrect",
    "Invalid",
    "Message",
    "message",
]

#: Each verdict and the word that shows it (never colour alone).
VERDICTS = {
    "correct": "Correct",
    "incorrect": "Not yet",
    "invalid": "Check your input",
    "unanswered": "Not answered yet",
    "compare": "Compare",
}
#: The colour of each verdict's bar and word in the notebook: the site's light-theme colours
#: (book/_static/cnn-exercise.css), so a verdict looks the same in both faces.
_COLOURS = {
    "correct": "#1a7f37",
    "incorrect": "#a14d00",
    "invalid": "#7443c7",
    "unanswered": "#1f5fbf",
    "compare": "#1f5fbf",
}

#: The generic messages, as ``str.format`` templates; the site's script fills the same ones.
MESSAGES = {
    "unanswered": "replace the `...` in `{variable} = ...` with your answer, then run that"
    " cell and this one again.",
    "none": "`{variable}` is None: did you assign the result of a function that returns"
    " nothing, such as `print`?",
    "text": "`{variable}` is text ({given}); write the number itself, without quotes.",
    "text_array": "`{variable}` holds text ({given}); write the numbers without quotes.",
    "not_numbers": "`{variable}` must hold numbers; it is {given}.",
    "ragged": "the rows of `{variable}` have different lengths; every row needs as many"
    " values as the others.",
    "bool": "`{variable}` holds True/False values; write them as numbers (1 and 0),"
    " for example with `.astype(int)`.",
    "complex": "`{variable}` holds a complex number, {given}; the answer is a real number.",
    "nan": "`{variable}` contains NaN (not a number): a computation went wrong before the check.",
    "inf": "`{variable}` contains infinity: a computation overflowed or divided by zero.",
    "one_number": "`{variable}` must be one number; you gave {count} values (shape {shape}).",
    "range": "`{variable}` runs from {low} to {high}; you gave {given}.",
    "shape": "`{variable}` must have shape {expected}; you gave shape {shape}.",
    "shape_squeeze": " Same values, other axes: for a map out of `conv2d` of shape"
    " (1, H, W, 1), take `y[0, :, :, 0]` (or `np.squeeze(y)`).",
    "too_high": "{given} is too high for `{variable}`.",
    "too_low": "{given} is too low for `{variable}`.",
    "values": "{wrong} of {count} values of `{variable}` are not right yet; the first is"
    " {where}: you gave {given}.",
    "set": "the values {given} are not the right set for `{variable}` yet.",
    "set_unordered": "`{variable}` is a set, which has no order; write a list in brackets.",
    "choice": "`{variable}` must be one of {keys}: a letter in quotes, like"
    ' `{variable} = "{first}"`; you gave {given}.',
}


class Incorrect(Exception):
    """A wrong answer: its message tells the learner what is wrong and what to try."""


class Invalid(Exception):
    """An answer that cannot be judged (wrong type, NaN, wrong shape): says what to fix."""


def message(key: str, **values: Any) -> str:
    """The template :data:`MESSAGES[key] <MESSAGES>` filled with ``values``.

    >>> message("too_high", given="9", variable="x")
    '9 is too high for `x`.'
    """
    return MESSAGES[key].format(**values)


@dataclass(frozen=True)
class Comparison:
    """A written answer beside the model answer, with the rubric to tick."""

    answer: str
    model_answer: str
    rubric: tuple[str, ...]

    def text(self) -> str:
        ticks = "\n".join(f"[ ] {point}" for point in self.rubric)
        return (
            f"Your answer: {self.answer.strip()}\nModel answer: {self.model_answer}\n"
            f"Rubric (tick what your answer says):\n{ticks}"
        )

    def html(self) -> str:
        cell = 'style="vertical-align: top; padding: 0.2rem 0.6rem; width: 50%;"'
        ticks = "".join(
            f'<li><label><input type="checkbox"> {inline_html(point)}</label></li>'
            for point in self.rubric
        )
        return (
            f'<table style="width: 100%;"><tr><th {cell}>Your answer</th><th {cell}>Model'
            f" answer</th></tr><tr><td {cell}>{inline_html(self.answer.strip())}</td>"
            f"<td {cell}>{inline_html(self.model_answer)}</td></tr></table>"
            f'<p style="margin: 0.3rem 0 0;">Rubric: tick what your answer says.</p>'
            f'<ul style="list-style: none; padding-left: 0.5rem;">{ticks}</ul>'
        )


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: a status, a specific message, and where to get more help.

    ``message`` is the text both faces share; ``more`` is the notebook's own
    pointer to ``q1.hint()``; ``comparison`` is set for the verdict "compare".
    """

    exercise: str
    status: str
    message: str
    more: str = ""
    comparison: Comparison | None = None

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def label(self) -> str:
        """The verdict in words: "Correct", "Not yet", "Check your input", ..."""
        return VERDICTS[self.status]

    def __str__(self) -> str:
        text = f"{self.label} ({self.exercise}): {self.message}"
        if self.more:
            text += f" {self.more}"
        if self.comparison is not None:
            text += "\n" + self.comparison.text()
        return text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        more = f" {inline_html(self.more)}" if self.more else ""
        extra = self.comparison.html() if self.comparison is not None else ""
        return (
            f'<div class="cnn-check cnn-check-{self.status}" style="border-left: 6px solid'
            f' {colour}; padding: 0.3rem 0.7rem; margin: 0.2rem 0;"><strong style="color:'
            f' {colour};">{self.label}</strong> ({html.escape(self.exercise)}):'
            f" {inline_html(self.message)}{more}{extra}</div>"
        )


@dataclass(frozen=True)
class Message:
    """A hint or a solution, shown as Markdown in Jupyter and as text elsewhere."""

    title: str
    text: str

    def __str__(self) -> str:
        return f"{self.title}: {self.text}"

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return f"**{self.title}:** {self.text}"
