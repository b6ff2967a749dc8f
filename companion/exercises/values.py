"""Declarative exercises whose answer is a value: a number, an array, or a choice.

Each states its expected answer, its tolerance, other right answers
(``accept``, each with a note) and typical wrong answers (``mistakes``, each
with the message that diagnoses it) as data. One rule judges them all, in
this order, here and in the site's script:

1. read the answer (refused as "invalid" when it is not numbers, NaN, ...);
   a value outside ``range`` is refused too;
2. equal to ``expected`` within ``atol + rtol * |expected|``: "correct";
3. equal to an ``accept`` answer: "correct", with its note;
4. equal to a ``mistakes`` answer (or, for a mistake given by ``shape``, of
   that shape): "incorrect", with its message;
5. of the wrong shape: "invalid"; otherwise "incorrect", saying where.

For ``ordered=False`` the answer is a set: order and repeats do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from companion.checks import (
    Exercise,
    Incorrect,
    Invalid,
    Message,
    format_number,
    is_close,
    message,
    read_array,
)

__all__ = ["Answer", "ArrayExercise", "ChoiceExercise", "NumberExercise", "Option"]


def _jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: nested lists of ints and floats."""
    if isinstance(value, (str, type(None))):
        return value
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        number = float(array)
        return int(number) if number.is_integer() else number
    return [_jsonable(item) for item in array]


@dataclass(frozen=True)
class Answer:
    """An answer with its message: another right one (``accept``) or a typical mistake.

    A mistake may give a ``shape`` instead of an ``answer``: any array of that
    shape is that mistake (a VALID-sized map where SAME was asked, say).
    """

    message: str
    answer: Any = None
    shape: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if (self.answer is None) == (self.shape is None):
            raise ValueError("Answer: give exactly one of `answer` and `shape`.")
        if not isinstance(self.message, str) or not self.message.strip():
            raise ValueError("Answer: `message` must be a non-empty string.")

    def data(self) -> dict[str, Any]:
        if self.shape is not None:
            return {"shape": list(self.shape), "message": self.message}
        return {"answer": _jsonable(self.answer), "message": self.message}


@dataclass
class _ValueExercise(Exercise):
    """The shared rule of number and array exercises (see the module's docstring)."""

    expected: Any = None
    atol: float = 0.0
    rtol: float = 0.0
    accept: Sequence[Answer] = ()
    mistakes: Sequence[Answer] = ()
    correct_message: str = "well done."
    value_range: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.expected is None:
            raise ValueError(f"Exercise {self.name}: `expected` is required.")
        for name in ("atol", "rtol"):
            tolerance = getattr(self, name)
            if not isinstance(tolerance, (int, float)) or not tolerance >= 0:
                raise ValueError(f"Exercise {self.name}: `{name}` must be a number >= 0.")
        self.accept, self.mistakes = tuple(self.accept), tuple(self.mistakes)

    def reference(self) -> Any:
        return self.expected

    def _read(self, answer: Any) -> np.ndarray:
        raise NotImplementedError

    def _matches(self, given: np.ndarray, reference: Any) -> bool:
        return is_close(given, reference, self.atol, self.rtol)

    def judge(self, answer: Any) -> tuple[str, str]:
        given = self._read(answer)
        if self.value_range is not None:
            low, high = self.value_range
            if given.size and (given.min() < low or given.max() > high):
                outside = given[(given < low) | (given > high)].ravel()[0]
                raise Invalid(
                    message(
                        "range",
                        variable=self.variable,
                        low=format_number(low),
                        high=format_number(high),
                        given=format_number(outside),
                    )
                )
        for mistake in self.mistakes:
            if mistake.shape is not None and tuple(given.shape) == tuple(mistake.shape):
                raise Incorrect(mistake.message)
        given = self._standardise(given)
        if self._matches(given, self.expected):
            return "correct", self.correct_message
        for other in self.accept:
            if self._matches(given, other.answer):
                return "correct", other.message
        for mistake in self.mistakes:
            if mistake.shape is None and self._matches(given, mistake.answer):
                raise Incorrect(mistake.message)
        raise Incorrect(self._wrong(given))

    def _standardise(self, given: np.ndarray) -> np.ndarray:
        """``given`` in the form it is compared in (one number for a number exercise)."""
        return given

    def _wrong(self, given: np.ndarray) -> str:
        raise NotImplementedError

    def data(self) -> dict[str, Any]:
        return {
            **super().data(),
            "expected": _jsonable(self.expected),
            "shape": None,
            "rtol": float(self.rtol),
            "atol": float(self.atol),
            "ordered": True,
            "range": None if self.value_range is None else [float(v) for v in self.value_range],
            "accept": [other.data() for other in self.accept],
            "mistakes": [mistake.data() for mistake in self.mistakes],
            "message": self.correct_message,
        }


@dataclass
class NumberExercise(_ValueExercise):
    """One number: a grey value, a similarity, a wrapped-around sum."""

    kind: ClassVar[str] = "number"

    def _read(self, answer: Any) -> np.ndarray:
        return read_array(answer, self.variable)

    def _standardise(self, given: np.ndarray) -> np.ndarray:
        if given.size != 1:
            raise Invalid(
                message("one_number", variable=self.variable, count=given.size, shape=given.shape)
            )
        return given.reshape(())

    def _wrong(self, given: np.ndarray) -> str:
        value = float(given)
        key = "too_high" if value > float(self.expected) else "too_low"
        return message(key, given=format_number(value), variable=self.variable)


@dataclass
class ArrayExercise(_ValueExercise):
    """An array of numbers of a fixed shape, or (``ordered=False``) a set of numbers.

    ``labels`` names the entries of a 1-D answer in messages ("the dense
    layer's count") instead of "position 0".
    """

    kind: ClassVar[str] = "array"

    ordered: bool = True
    labels: Sequence[str] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self.expected = np.asarray(self.expected, dtype=float)
        if not self.ordered:
            self.expected = self._as_set(self.expected)
        if self.labels is not None and (
            self.expected.ndim != 1 or len(self.labels) != self.expected.size
        ):
            raise ValueError(
                f"Exercise {self.name}: `labels` must name each entry of a 1-D `expected`."
            )

    @staticmethod
    def _as_set(values: Any) -> np.ndarray:
        return np.unique(np.asarray(values, dtype=float).ravel())

    def reference(self) -> Any:
        return self.expected.tolist()

    def _read(self, answer: Any) -> np.ndarray:
        if self.ordered and isinstance(answer, (set, frozenset)):
            raise Invalid(message("set_unordered", variable=self.variable))
        given = read_array(answer, self.variable)
        return self._as_set(given) if not self.ordered else given

    def _matches(self, given: np.ndarray, reference: Any) -> bool:
        if not self.ordered:
            reference = self._as_set(reference)
        return is_close(given, reference, self.atol, self.rtol)

    def _wrong(self, given: np.ndarray) -> str:
        if not self.ordered:
            shown = "[" + ", ".join(format_number(v) for v in given) + "]"
            return message("set", given=shown, variable=self.variable)
        if given.shape != self.expected.shape:
            text = message(
                "shape",
                variable=self.variable,
                expected=tuple(self.expected.shape),
                shape=tuple(given.shape),
            )
            if given.size == self.expected.size:
                text += message("shape_squeeze")
            raise Invalid(text)
        wrong = ~np.isclose(given, self.expected, rtol=self.rtol, atol=self.atol)
        first = tuple(int(i) for i in np.argwhere(wrong)[0])
        if self.labels is not None:
            where = self.labels[first[0]]
        elif len(first) == 2:
            where = f"at row {first[0]}, column {first[1]}"
        elif len(first) == 1:
            where = f"at position {first[0]}"
        else:
            where = f"at index {first}"
        return message(
            "values",
            wrong=int(wrong.sum()),
            count=wrong.size,
            variable=self.variable,
            where=where,
            given=format_number(given[first]),
        )

    def data(self) -> dict[str, Any]:
        return {
            **super().data(),
            "shape": list(self.expected.shape) if self.ordered else None,
            "ordered": self.ordered,
            "labels": None if self.labels is None else list(self.labels),
        }


# -- choices --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Option:
    """One choice: its key (a letter), its text, and the feedback for choosing it."""

    key: str
    text: str
    message: str

    def data(self) -> dict[str, str]:
        return {"key": self.key, "text": self.text, "message": self.message}


_KEY = re.compile(r"^[\s(\[\"']*([a-z])[\s)\]\"'.:]*$")


@dataclass
class ChoiceExercise(Exercise):
    """One choice among statements, most of them typical misconceptions.

    Give ``options`` and ``expected`` (the right key), or ``build``: a function
    returning both, called when they are first needed (for options made from
    a results file that may be re-made).
    """

    kind: ClassVar[str] = "choice"

    options: Sequence[Option] = ()
    expected: str = ""
    build: Callable[[], tuple[Sequence[Option], str]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        self._built = self.build is None
        if self._built:
            self._validate()

    def _validate(self) -> None:
        keys = [option.key for option in self.options]
        if len(keys) < 2 or len(set(keys)) != len(keys):
            raise ValueError(f"Exercise {self.name}: `options` needs two or more distinct keys.")
        if not all(re.fullmatch(r"[a-z]", key) for key in keys):
            raise ValueError(f"Exercise {self.name}: option keys must be single letters a-z.")
        if self.expected not in keys:
            raise ValueError(f"Exercise {self.name}: `expected` must be one of {keys}.")

    def _ensure_built(self) -> None:
        if not self._built:
            options, expected = self.build()
            self.options, self.expected = tuple(options), expected
            self._validate()
            self._built = True

    def rebuild(self) -> None:
        """Forget options made by ``build``, so the next use makes them again (new results)."""
        if self.build is not None:
            self._built = False

    def reference(self) -> str:
        self._ensure_built()
        return self.expected

    def question(self) -> Message:
        """The question and its options, to read before answering (Markdown in Jupyter)."""
        self._ensure_built()
        lines = "\n".join(f"- **{option.key}**: {option.text}" for option in self.options)
        return Message(f"Question ({self.name})", f"{self.prompt}\n\n{lines}")

    def judge(self, answer: Any) -> tuple[str, str]:
        self._ensure_built()
        keys = [option.key for option in self.options]
        match = _KEY.match(answer.lower()) if isinstance(answer, str) else None
        key = match.group(1) if match else None
        if key not in keys:
            raise Invalid(
                message(
                    "choice",
                    keys=", ".join(f'"{k}"' for k in keys),
                    variable=self.variable,
                    first=keys[0],
                    given=repr(answer) if isinstance(answer, str) else _type_name(answer),
                )
            )
        chosen = next(option for option in self.options if option.key == key)
        if key == self.expected:
            return "correct", chosen.message
        raise Incorrect(chosen.message)

    def data(self) -> dict[str, Any]:
        self._ensure_built()
        return {
            **super().data(),
            "expected": self.expected,
            "options": [option.data() for option in self.options],
        }


def _type_name(value: Any) -> str:
    return f"a value of type {type(value).__name__}"
