"""Exercises where the learner writes a function, checked against the companion's own ops.

A :class:`FunctionExercise` calls the learner's function on a list of cases
(edge cases first: 1x1 inputs, a kernel as large as the input, strides larger
than the input, SAME padding on odd and even sizes; then random ones) and
compares each result with ``truth`` (``companion.ops``, itself tested against
``tf.nn``). The first case that fails is reported with its input, the expected
output and the given one; when the given output is what a typical mistake
would give (a flipped kernel, padding on the wrong side), the message names
the mistake.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from companion.checks import Exercise, Incorrect, Invalid, format_number, is_close, read_array

__all__ = ["Case", "FunctionExercise", "FunctionMistake", "show"]


def show(value: Any) -> str:
    """A value as Python source a learner can paste: arrays as ``np.array([...])``."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return format_number(float(value))
        numbers = value.astype(int) if np.all(value == np.round(value)) else value
        text = np.array2string(numbers, separator=", ", max_line_width=10_000)
        return "np.array(" + re.sub(r"\[\s+", "[", " ".join(text.split())) + ")"
    return repr(value)


@dataclass(frozen=True)
class Case:
    """One call of the learner's function: its arguments by name, and what it tests."""

    args: dict[str, Any]
    about: str = "a random case"

    def call_text(self, function: str) -> str:
        inside = ", ".join(f"{name}={show(value)}" for name, value in self.args.items())
        return f"{function}({inside})"


@dataclass(frozen=True)
class FunctionMistake:
    """A typical wrong implementation, as a function, and the message that names it."""

    function: Callable[..., Any]
    message: str


@dataclass
class FunctionExercise(Exercise):
    """Write a function; it is run on every case against ``truth``.

    ``function_name`` and ``signature`` are what the learner defines
    (``conv2d(image, kernel, stride, padding)``); ``solution_code`` is the
    reference solution as source, and ``reference`` the same as a function
    (the tests run it through the checker). Results are compared as arrays of
    numbers with tolerance ``atol``.
    """

    kind: ClassVar[str] = "code"

    function_name: str = ""
    signature: str = ""
    truth: Callable[..., Any] | None = None
    cases: Callable[[], Sequence[Case]] | None = None
    solution_function: Callable[..., Any] | None = None
    solution_code: str = ""
    mistakes: Sequence[FunctionMistake] = ()
    atol: float = 1e-6

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("truth", "cases", "solution_function"):
            if not callable(getattr(self, name)):
                raise ValueError(f"Exercise {self.name}: `{name}` must be callable.")
        if not self.function_name.isidentifier():
            raise ValueError(f"Exercise {self.name}: `function_name` must be an identifier.")

    def reference(self) -> Callable[..., Any]:
        return self.solution_function

    def _same(self, given: Any, expected: np.ndarray) -> bool:
        try:
            array = read_array(given)
        except Invalid:
            return False
        return is_close(array, expected, atol=self.atol, rtol=0.0)

    def judge(self, answer: Any) -> tuple[str, str]:
        if not callable(answer):
            raise Invalid(
                f"`{self.variable}` must be your function itself: define it with"
                f" `def {self.signature}:` and pass its name, without brackets; you gave a"
                f" value of type {type(answer).__name__}."
            )
        cases = list(self.cases())
        for case in cases:
            expected = np.asarray(self.truth(**copy.deepcopy(case.args)), dtype=float)
            call = case.call_text(self.function_name)
            try:
                given = answer(**copy.deepcopy(case.args))
            except Exception as error:
                raise Incorrect(
                    f"the first case that fails is {case.about}: `{call}` raised"
                    f" {type(error).__name__}: {error}. It should give {show(expected)}."
                ) from None
            if self._same(given, expected):
                continue
            raise Incorrect(self._failure(case, call, given, expected))
        return (
            "correct",
            f"your `{self.function_name}` agrees with `companion.ops` on all {len(cases)}"
            " cases: " + "; ".join(dict.fromkeys(c.about for c in cases)) + ".",
        )

    def _failure(self, case: Case, call: str, given: Any, expected: np.ndarray) -> str:
        if given is None:
            return (
                f"the first case that fails is {case.about}: `{call}` returned None; did your"
                " function forget its `return`?"
            )
        try:
            array = read_array(given, "the result")
        except Invalid as problem:
            return (
                f"the first case that fails is {case.about}: `{call}` gave a result the check"
                f" cannot read: {problem}"
            )
        found = f"`{call}` should give {show(expected)}; your function gave {show(array)}."
        if array.shape != expected.shape:
            found = (
                f"`{call}` should give shape {expected.shape}, {show(expected)}; your function"
                f" gave shape {array.shape}, {show(array)}."
            )
        for mistake in self.mistakes:
            try:
                wrong = mistake.function(**copy.deepcopy(case.args))
            except Exception:  # a mistake model may not apply to every case
                continue
            if self._same(array, np.asarray(wrong, dtype=float)):
                return f"the first case that fails is {case.about}: {found} {mistake.message}"
        return f"the first case that fails is {case.about}: {found}"

    def data(self) -> dict[str, Any]:
        return {
            **super().data(),
            "expected": None,
            "signature": self.signature,
            "solution_code": self.solution_code,
            "cases": list(dict.fromkeys(case.about for case in self.cases())),
        }
