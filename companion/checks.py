"""The checking core of the course's exercises: the :class:`Exercise` every kind builds on.

An exercise (a subclass of :class:`Exercise`, see :mod:`companion.exercises`)
has ``check(answer)``, ``hint(level)`` and ``solution()``, in the style of
Kaggle Learn's learntools. ``check`` never raises: it returns a
:class:`Feedback` with one of five verdicts, the same in the notebook and on
the static site: "correct", "incorrect", "invalid", "unanswered" and, for a
written explanation, "compare" (never "correct").

This module is the one place exercises import from; the work is in two
others, re-exported here:

- :mod:`companion.feedback`: the verdicts, their words (:data:`VERDICTS`) and
  message templates (:data:`MESSAGES`, shared with the site's script), and
  the :class:`Feedback`, :class:`Message` and :class:`Comparison` that show
  them;
- :mod:`companion.answers`: reading answers (:func:`read_array`,
  :func:`read_number`): Python numbers, nested lists, numpy arrays and
  TensorFlow values alike, without importing TensorFlow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any, ClassVar

from companion.answers import format_number, is_close, read_array, read_number
from companion.feedback import (
    MESSAGES,
    VERDICTS,
    Comparison,
    Feedback,
    Incorrect,
    Invalid,
    Message,
    message,
)

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
    "message",
    "read_array",
    "read_number",
]


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
