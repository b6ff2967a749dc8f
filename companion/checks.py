"""The checking core of the course's exercises: verdicts, feedback, and reading answers.

An exercise (a subclass of :class:`Exercise`, see :mod:`companion.exercises`)
has ``check(answer)``, ``hint(level)`` and ``solution()``, in the style of
Kaggle Learn's learntools. ``check`` never raises: it returns a
:class:`Feedback` with one of five verdicts, the same in the notebook and on
the static site:

- ``"correct"`` ("Correct"): the answer is right (a note may say more);
- ``"incorrect"`` ("Not yet"): it is wrong, and the message says how, by name
  when it is a typical mistake;
- ``"invalid"`` ("Check your input"): it cannot be judged: NaN, infinity, a
  complex number, text where a number belongs, a wrong shape;
- ``"unanswered"`` ("Not answered yet"): still ``...`` (or empty);
- ``"compare"`` ("Compare"): a written explanation, shown beside the model
  answer and a rubric. A program cannot grade an explanation, so it is never
  "Correct".

Answers are read here once, for every exercise: Python numbers, nested lists,
numpy arrays and TensorFlow values (a ``tf.constant``, a ``tf.Variable``, a
``TensorShape``) alike, without importing TensorFlow (anything with
``.numpy()`` or ``.as_list()`` is read through it).

The message templates in :data:`MESSAGES` are shared with the site's script,
so both faces say the same words.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any, ClassVar

import numpy as np

from companion.quiz import inline_html

__all__ = [
    "MESSAGES",
    "VERDICTS",
    "Comparison",
    "Exercise",
    "Feedback",
    "Incorrect",
    "Invalid",
    "Message",
    "format_number",
    "is_close",
    "read_array",
    "read_number",
]

#: Each verdict and the word that shows it (never colour alone).
VERDICTS = {
    "correct": "Correct",
    "incorrect": "Not yet",
    "invalid": "Check your input",
    "unanswered": "Not answered yet",
    "compare": "Compare",
}
_COLOURS = {
    "correct": "#1a7f37",
    "incorrect": "#b35900",
    "invalid": "#8250df",
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
    """The template :data:`MESSAGES[key] <MESSAGES>` filled with ``values``."""
    return MESSAGES[key].format(**values)


# -- what check(), hint() and solution() return -------------------------------------------
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


# -- reading answers ------------------------------------------------------------------------
def format_number(value: float) -> str:
    """A number as messages show it: whole numbers plainly, others to 6 significant digits."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def _plain(value: Any) -> Any:
    """``value`` with TensorFlow (or similar) values turned into numpy/Python ones."""
    if isinstance(value, np.ndarray):
        return value
    as_list = getattr(value, "as_list", None)
    if callable(as_list):  # a tf.TensorShape
        try:
            return as_list()
        except ValueError as exc:  # unknown rank
            raise Invalid(f"the shape has unknown sizes ({value}); give whole numbers.") from exc
    to_numpy = getattr(value, "numpy", None)
    if callable(to_numpy):  # a tf.Tensor or tf.Variable
        return to_numpy()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_array(answer: Any, variable: str = "answer") -> np.ndarray:
    """``answer`` as a finite float array, or raise :class:`Invalid` with what to fix.

    Accepts Python numbers and (nested) lists or tuples, numpy arrays and
    scalars, and TensorFlow tensors, variables and shapes. Refuses None, text,
    True/False, complex numbers, ragged rows, NaN and infinity.
    """
    value = _plain(answer)
    if value is None:
        raise Invalid(message("none", variable=variable))
    if isinstance(value, (str, bytes)):
        raise Invalid(message("text", variable=variable, given=_shown(value)))
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=lambda v: (isinstance(v, str), str(v)))
    if isinstance(value, dict):
        raise Invalid(message("not_numbers", variable=variable, given=_describe(value)))
    try:
        array = np.asarray(value)
    except ValueError as exc:
        raise Invalid(message("ragged", variable=variable)) from exc
    kind = array.dtype.kind
    if kind in "US":
        raise Invalid(message("text_array", variable=variable, given=_shown(value)))
    if kind == "b":
        raise Invalid(message("bool", variable=variable))
    if kind == "c":
        raise Invalid(message("complex", variable=variable, given=_shown(value)))
    if kind == "O":
        array = _object_array(array, value, variable)
    elif kind not in "iuf":
        raise Invalid(message("not_numbers", variable=variable, given=_describe(value)))
    array = array.astype(float)
    if np.isnan(array).any():
        raise Invalid(message("nan", variable=variable))
    if np.isinf(array).any():
        raise Invalid(message("inf", variable=variable))
    return array


def _object_array(array: np.ndarray, value: Any, variable: str) -> np.ndarray:
    """An object array (mixed types) as numbers, or raise naming the first odd element."""
    for item in array.ravel():
        if isinstance(item, (str, bytes)):
            raise Invalid(message("text_array", variable=variable, given=_shown(value)))
        if isinstance(item, (bool, np.bool_)):
            raise Invalid(message("bool", variable=variable))
        if isinstance(item, (complex, np.complexfloating)):
            raise Invalid(message("complex", variable=variable, given=_shown(value)))
        if item is None or not isinstance(item, (Real, np.number)):
            raise Invalid(message("not_numbers", variable=variable, given=_describe(value)))
    return array.astype(float)


def read_number(answer: Any, variable: str = "answer") -> float:
    """``answer`` as one finite real number (one-element arrays count), else :class:`Invalid`."""
    if isinstance(answer, (bool, np.bool_)):
        raise Invalid(message("bool", variable=variable))
    array = read_array(answer, variable)
    if array.size != 1:
        shape = tuple(array.shape)
        raise Invalid(message("one_number", variable=variable, count=array.size, shape=shape))
    return float(array.ravel()[0])


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (str, Real)):
        return f"the {type(value).__name__} {value!r}"
    return f"a value of type {type(value).__name__}"


def is_close(given: np.ndarray, reference: Any, atol: float, rtol: float) -> bool:
    """True when shapes match and every value is within ``atol + rtol * |reference|``.

    The rule of ``numpy.isclose``, with ``reference`` the right (or the
    mistaken) answer; the site's script applies the same one.
    """
    reference = np.asarray(reference, dtype=float)
    if given.shape != reference.shape:
        return False
    return bool(np.all(np.abs(given - reference) <= atol + rtol * np.abs(reference)))


# -- the exercise ---------------------------------------------------------------------------
@dataclass
class Exercise:
    """What every exercise has: a name, a title, hints (gentle to strong) and a solution.

    Subclasses say how an answer is judged (:meth:`judge`), what the right
    answer is (:meth:`reference`, run through ``check`` by the tests and the
    notebooks' hidden solution cells), and which data the site needs
    (:meth:`data`). ``variable`` is the name the notebook's answer cell
    assigns, used in messages; ``prompt`` is the question in one or two
    sentences.
    """

    kind: ClassVar[str] = ""

    name: str
    title: str
    prompt: str
    hints: Sequence[str]
    solution_text: str
    variable: str = "answer"
    chapter: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"Exercise: `name` must be a Python identifier, got {self.name!r}.")
        if not isinstance(self.variable, str) or not self.variable.isidentifier():
            raise ValueError(
                f"Exercise {self.name}: `variable` must be a Python identifier,"
                f" got {self.variable!r}."
            )
        if isinstance(self.hints, str) or not self.hints:
            raise ValueError(f"Exercise {self.name}: `hints` must list at least one hint.")
        self.hints = tuple(self.hints)

    # -- what subclasses provide
    def judge(self, answer: Any) -> tuple[str, str]:
        """The verdict and message for an answer that is not ``...``; may raise
        :class:`Invalid` or :class:`Incorrect`."""
        raise NotImplementedError

    def reference(self) -> Any:
        """The right answer (for a reflection: the model answer)."""
        raise NotImplementedError

    def data(self) -> dict[str, Any]:
        """The exercise as JSON-able data, for the site's in-page check."""
        return {
            "id": f"{self.chapter}/{self.name}" if self.chapter else self.name,
            "name": self.name,
            "title": self.title,
            "kind": self.kind,
            "variable": self.variable,
            "prompt": self.prompt,
            "hints": list(self.hints),
            "solution": self.solution_text,
        }

    # -- what the learner calls
    def is_unanswered(self, answer: Any) -> bool:
        """True for the starter value ``...`` and for blank text."""
        if answer is Ellipsis:
            return True
        return isinstance(answer, str) and not answer.strip()

    def check(self, answer: Any = Ellipsis) -> Feedback:
        """Check ``answer``; never raises, returns a :class:`Feedback`."""
        more = f"More help: `{self.name}.hint()`."
        if self.is_unanswered(answer):
            text = message("unanswered", variable=self.variable)
            return Feedback(self.name, "unanswered", text, f"Stuck? `{self.name}.hint()`.")
        try:
            status, text = self.judge(answer)
        except Invalid as problem:
            return Feedback(self.name, "invalid", str(problem), more)
        except Incorrect as wrong:
            return Feedback(self.name, "incorrect", str(wrong), more)
        except Exception as error:  # a checker must never crash on a learner's answer
            return Feedback(
                self.name,
                "invalid",
                f"the check could not read `{self.variable}` ({type(error).__name__}: {error}).",
                more,
            )
        return self.feedback(status, text, answer, more)

    def feedback(self, status: str, text: str, answer: Any, more: str) -> Feedback:
        """The :class:`Feedback` for a verdict (reflections add their comparison)."""
        return Feedback(self.name, status, text, "" if status == "correct" else more)

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
