"""Exercises answered with a list of names (the colours of three RGB mixes).

Names are compared as whole names, never as substrings: "yellowish brown" is
not "yellow", and "dark grey" is not the light grey asked for. Each item
lists its right names (``accept``, compared whole, after case, hyphens and a
leading article are ignored) and its typical wrong ones (``mistakes``, found
as whole words anywhere in the answer, each with its message). An answer
that hedges ("yellow or brown") or says what a colour is not ("not yellow,
brown") is refused with a request for one plain name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from companion.checks import Exercise, Incorrect, Invalid

__all__ = ["NameItem", "NameMistake", "NamesExercise", "normalise"]

_NEGATION = re.compile(r"\b(not|no|never|neither|nor|isn't|isnt|except)\b|n't\b")
_SEVERAL = re.compile(r"\bor\b|\band\b|[,/;&+]|\bmaybe\b|\bperhaps\b")


def normalise(name: str) -> str:
    """``name`` in lower case, hyphens and runs of spaces as one space, no leading article."""
    text = re.sub(r"[\s_-]+", " ", name.strip().lower()).strip(" .!")
    return re.sub(r"^(a|an|the) ", "", text)


@dataclass(frozen=True)
class NameMistake:
    """Typical wrong names (whole words or phrases) and why they are wrong."""

    names: tuple[str, ...]
    message: str

    def found_in(self, said: str) -> bool:
        return any(re.search(rf"\b{re.escape(name)}\b", said) for name in self.names)


@dataclass(frozen=True)
class NameItem:
    """One item to name: its label, its usual name, other right names, typical mistakes."""

    label: str
    expected: str
    accept: tuple[str, ...] = ()
    mistakes: tuple[NameMistake, ...] = ()

    def right(self, said: str) -> bool:
        return said in {normalise(name) for name in (self.expected, *self.accept)}


@dataclass
class NamesExercise(Exercise):
    """A list of names, one per item, each judged as a whole name."""

    kind: ClassVar[str] = "names"

    items: Sequence[NameItem] = ()
    correct_message: str = "well done."
    retry: str = "look again."

    def __post_init__(self) -> None:
        super().__post_init__()
        self.items = tuple(self.items)
        if not self.items:
            raise ValueError(f"Exercise {self.name}: `items` must list at least one item.")

    def reference(self) -> list[str]:
        return [item.expected for item in self.items]

    def judge(self, answer: Any) -> tuple[str, str]:
        count = len(self.items)
        example = ", ".join('"..."' for _ in range(count))
        if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
            raise Invalid(
                f"`{self.variable}` must be a list of {count} names in quotes, like"
                f" `{self.variable} = [{example}]`; you gave a value of type"
                f" {type(answer).__name__}."
            )
        if len(answer) != count:
            raise Invalid(
                f"`{self.variable}` needs {count} names, one per item; you gave {len(answer)}."
            )
        for item, name in zip(self.items, answer, strict=True):
            if not isinstance(name, str) or not name.strip():
                raise Invalid(
                    f"write each name as text in quotes; for {item.label} you gave {name!r}."
                )
            said = normalise(name)
            if _NEGATION.search(said):
                raise Invalid(
                    f"for {item.label} you wrote {name!r}: say which colour it is, in one plain"
                    " name, not which it is not."
                )
            if _SEVERAL.search(said):
                raise Invalid(f"for {item.label} you wrote {name!r}: choose one name, not several.")
        for item, name in zip(self.items, answer, strict=True):
            said = normalise(name)
            if item.right(said):
                continue
            for mistake in item.mistakes:
                if mistake.found_in(said):
                    raise Incorrect(f"{item.label} is not {name!r}: {mistake.message}")
            raise Incorrect(f"for {item.label} you said {name!r}: {self.retry}")
        return "correct", self.correct_message

    def data(self) -> dict[str, Any]:
        return {
            **super().data(),
            "expected": self.reference(),
            "items": [
                {
                    "label": item.label,
                    "expected": item.expected,
                    "accept": list(item.accept),
                    "mistakes": [
                        {"names": list(m.names), "message": m.message} for m in item.mistakes
                    ],
                }
                for item in self.items
            ],
            "message": self.correct_message,
        }
