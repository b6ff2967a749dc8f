"""Exercises that check themselves, in the style of Kaggle Learn's learntools.

An :class:`Exercise` has ``check(answer)``, ``hint(level)`` and ``solution()``.
``check`` never raises: it returns a :class:`Feedback` whose status is
``"correct"``, ``"incorrect"`` or ``"unanswered"`` and whose message says what
was expected and what was given ("expected shape (7, 8), you gave (1, 7, 8, 1)")
and what to try. An exercise whose answer is still ``...`` says so.

A chapter's exercises live in ``companion/exercises/<chapter>.py`` as
``q1``, ``q2``, ... (listed in ``EXERCISES``). A notebook uses them as::

    answer = ...             # the learner writes the answer here
    q1.check(answer)         # q1.hint(), q1.hint(2), q1.solution()

Each exercise also knows its reference answer (``reference()``): the tests
and the notebook's hidden solution cell run it through ``check`` so the
checker itself is tested.

The helpers below (:func:`as_array`, :func:`expect_shape`, :func:`expect_values`,
:func:`expect_number`, :func:`expect_two_numbers`, :func:`expect_pair`, :func:`explanation`) raise
:class:`Incorrect` with a message for the learner; a chapter's checkers are
built from them plus the typical mistakes of that exercise.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

import numpy as np

from companion.quiz import inline_html

__all__ = [
    "Concept",
    "Exercise",
    "Feedback",
    "Incorrect",
    "Message",
    "as_array",
    "expect_number",
    "expect_pair",
    "expect_shape",
    "expect_values",
    "explanation",
]

KINDS = ("compute", "predict", "explain")
_LABELS = {"correct": "Correct", "incorrect": "Not yet", "unanswered": "Not answered yet"}
_COLOURS = {"correct": "#1a7f37", "incorrect": "#b35900", "unanswered": "#1f5fbf"}


class Incorrect(Exception):
    """Raised by a checker: its message tells the learner what is wrong and what to try."""


# -- what check(), hint() and solution() return -------------------------------------------
@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: a status and a friendly, specific message."""

    exercise: str
    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        return f"{_LABELS[self.status]} ({self.exercise}): {self.message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        return (
            f'<div class="cnn-check cnn-check-{self.status}" style="border-left: 6px solid'
            f' {colour}; padding: 0.3rem 0.7rem; margin: 0.2rem 0;"><strong style="color:'
            f' {colour};">{_LABELS[self.status]}</strong> ({html.escape(self.exercise)}):'
            f" {inline_html(self.message)}</div>"
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


# -- the exercise ---------------------------------------------------------------------------
@dataclass
class Exercise:
    """One exercise: its checker, hints (gentle to strong), solution and reference answer.

    ``checker(answer)`` raises :class:`Incorrect` for a wrong answer and may
    return a short note to add to the "Correct" message. ``reference()`` gives
    the right answer (run against the checker in the tests). ``variable`` is
    the name the notebook's answer cell assigns, used in messages.
    """

    name: str
    title: str
    kind: str
    checker: Callable[[Any], str | None]
    hints: Sequence[str]
    solution_text: str
    reference: Callable[[], Any]
    variable: str = "answer"
    blank_strings: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"Exercise: `name` must be a Python identifier, got {self.name!r}.")
        if self.kind not in KINDS:
            raise ValueError(
                f"Exercise {self.name}: `kind` must be one of {KINDS}, got {self.kind!r}."
            )
        if not self.hints:
            raise ValueError(f"Exercise {self.name}: `hints` must list at least one hint.")
        self.blank_strings = self.blank_strings or self.kind == "explain"

    def is_unanswered(self, answer: Any) -> bool:
        """True for the starter value ``...`` (and a blank string for explanations)."""
        if answer is Ellipsis:
            return True
        return self.blank_strings and isinstance(answer, str) and not answer.strip()

    def check(self, answer: Any = Ellipsis) -> Feedback:
        """Check ``answer``; never raises, returns a :class:`Feedback`."""
        if self.is_unanswered(answer):
            return Feedback(
                self.name,
                "unanswered",
                f"replace the `...` in `{self.variable} = ...` with your answer, then run that"
                f" cell and this one again. Stuck? `{self.name}.hint()` gives a hint.",
            )
        try:
            note = self.checker(answer)
        except Incorrect as wrong:
            return Feedback(self.name, "incorrect", f"{wrong} {self._more_help()}")
        except Exception as error:  # a checker must never crash on a learner's answer
            return Feedback(
                self.name,
                "incorrect",
                f"the check could not read your answer ({type(error).__name__}: {error})."
                f" {self._more_help()}",
            )
        return Feedback(self.name, "correct", note or "well done.")

    def _more_help(self) -> str:
        return f"More help: `{self.name}.hint()`."

    def hint(self, level: int = 1) -> Message:
        """Hint number ``level`` (1 = gentle; the last one nearly gives the answer)."""
        count = len(self.hints)
        if not isinstance(level, Integral) or isinstance(level, bool) or level < 1:
            return Message(
                f"Hint ({self.name})",
                f"hints are numbered 1 to {count}: try `{self.name}.hint(1)`.",
            )
        if level > count:
            return Message(
                f"Hint {count} of {count} ({self.name})",
                f"{self.hints[-1]} (That was the last hint: `{self.name}.solution()` shows"
                " the answer.)",
            )
        more = f" A stronger hint: `{self.name}.hint({level + 1})`." if level < count else ""
        return Message(f"Hint {level} of {count} ({self.name})", self.hints[level - 1] + more)

    def solution(self) -> Message:
        """The worked answer."""
        return Message(f"Solution ({self.name})", self.solution_text)


# -- helpers for checkers ---------------------------------------------------------------------
def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (str, Real)):
        return f"the {type(value).__name__} {value!r}"
    return f"a value of type {type(value).__name__}"


def as_array(answer: Any, what: str = "your answer") -> np.ndarray:
    """``answer`` as a float array (numpy arrays, lists and TF tensors welcome)."""
    if answer is None:
        raise Incorrect(
            f"{what} is None: did you assign the result of a function that returns nothing?"
        )
    if isinstance(answer, (str, bytes, dict)):
        raise Incorrect(f"expected an array of numbers for {what}, you gave {_describe(answer)}.")
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError) as exc:
        raise Incorrect(
            f"expected an array of numbers for {what}, but it cannot be read as one ({exc})."
        ) from exc
    return array


def expect_shape(array: np.ndarray, expected: tuple[int, ...], what: str = "your answer") -> None:
    """Raise with both shapes, and a layout tip when only the axes differ."""
    if array.shape == tuple(expected):
        return
    message = f"expected {what} to have shape {tuple(expected)}, you gave shape {array.shape}."
    if array.size == int(np.prod(expected)):
        message += (
            " Same values, other axes: for a map out of `conv2d` of shape (1, H, W, 1),"
            " take `y[0, :, :, 0]` (or `np.squeeze(y)`)."
        )
    raise Incorrect(message)


def expect_values(
    array: np.ndarray, expected: np.ndarray, what: str = "your answer", atol: float = 1e-4
) -> None:
    """Raise with how many values differ and the first one, expected vs given."""
    expected = np.asarray(expected, dtype=float)
    expect_shape(array, expected.shape, what)
    wrong = ~np.isclose(array, expected, atol=atol)
    if not wrong.any():
        return
    first = tuple(int(i) for i in np.argwhere(wrong)[0])
    where = f"row {first[0]}, column {first[1]}" if len(first) == 2 else f"position {first}"
    raise Incorrect(
        f"{int(wrong.sum())} of {wrong.size} values of {what} differ from the expected ones;"
        f" the first at {where}: expected {expected[first]:g}, you gave {array[first]:g}."
    )


def expect_number(answer: Any, expected: float, what: str = "your answer", atol=1e-6) -> float:
    """``answer`` as one number equal to ``expected`` (within ``atol``), else raise."""
    if isinstance(answer, bool) or not isinstance(answer, (Real, np.number, np.ndarray)):
        raise Incorrect(f"expected one number for {what}, you gave {_describe(answer)}.")
    value = np.asarray(answer, dtype=float)
    if value.size != 1:
        raise Incorrect(f"expected one number for {what}, you gave {value.size} values.")
    number = float(value.ravel()[0])
    if abs(number - expected) > atol:
        raise Incorrect(f"expected {what} to be {expected:g}, you gave {number:g}.")
    return number


def expect_two_numbers(
    answer: Any, what: str = "your answer", *, example: str = "(0.5, 2.0)"
) -> tuple[float, float]:
    """``answer`` as a pair of real numbers such as ``(pixels, pooled)``, else raise."""
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (Sequence, np.ndarray)):
        raise Incorrect(
            f"expected {what} as two numbers in brackets, like `{example}`; you gave"
            f" {_describe(answer)}."
        )
    items = list(answer)
    if len(items) != 2:
        raise Incorrect(f"expected two numbers for {what}, you gave {len(items)}: {answer!r}.")
    if not all(isinstance(v, (Real, np.number)) and not isinstance(v, bool) for v in items):
        raise Incorrect(f"both entries of {what} must be numbers; you gave {answer!r}.")
    return float(items[0]), float(items[1])


def expect_pair(
    answer: Any, what: str = "your answer", *, example: str = "(5, 6)", counts: str = "pixels"
) -> tuple[int, int]:
    """``answer`` as a pair of whole numbers such as ``(rows, columns)``, else raise."""
    first, second = expect_two_numbers(answer, what, example=example)
    if not (first.is_integer() and second.is_integer()):
        raise Incorrect(f"{what} counts {counts}, so both numbers are whole; you gave {answer!r}.")
    return int(first), int(second)


@dataclass(frozen=True)
class Concept:
    """An idea an explanation should contain: a name, a regex, a nudge when missing."""

    name: str
    pattern: str
    nudge: str


def explanation(
    concepts: Sequence[Concept], min_words: int = 6, exercise: str = "q"
) -> Callable[[Any], str]:
    """A checker for a written explanation: long enough, and mentions each concept.

    Keyword checks cannot grade an explanation; they catch a missing idea and
    point to it. The "correct" message sends the learner to the model answer.
    """

    def check(answer: Any) -> str:
        if not isinstance(answer, str):
            raise Incorrect(
                f'write your explanation as text in quotes, like `answer = "..."`; you gave'
                f" {_describe(answer)}."
            )
        words = re.findall(r"[\w-]+", answer)
        if len(words) < min_words:
            raise Incorrect(
                f"a sentence or two, please: {len(words)} word(s) is too short to explain"
                " it to a classmate."
            )
        missing = [c for c in concepts if not re.search(c.pattern, answer, flags=re.I)]
        if missing:
            found = [c.name for c in concepts if c not in missing]
            start = f"good start (it covers {', '.join(found)}). " if found else ""
            return_msg = " ".join(c.nudge for c in missing)
            raise Incorrect(f"{start}Your explanation does not yet say: {return_msg}")
        names = ", ".join(c.name for c in concepts)
        return (
            f"your explanation covers {names}. Compare it with the model answer:"
            f" `{exercise}.solution()`."
        )

    return check
