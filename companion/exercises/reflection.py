"""Written explanations: compared with a model answer and a rubric, never graded by keywords.

A program cannot tell a good explanation from the model answer's words
shuffled into nonsense, so a :class:`Reflection` never says "Correct". Its
verdict is "compare": the learner's answer beside the model answer and a
short rubric to tick. It says "Not yet" only when the answer contradicts the
rubric in a way a program can see: a :class:`Contradiction` is a claim (a
regular expression) that the right answer never makes ("convolution is
invariant", "GAP is not needed"). Only clauses that make the claim plainly
count: a clause that also holds a negation or a hedge ("not", "only",
"partly", ...) is left to the learner's own comparison, so that a careful
answer is never told it is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from companion.checks import Comparison, Exercise, Feedback, Incorrect, Invalid

__all__ = ["Contradiction", "Reflection", "clauses"]

#: Words that make a clause careful rather than a plain claim.
HEDGES = re.compile(
    r"\b(not|no|never|neither|nor|without|only|partly|partially|partial|locally|local|"
    r"some|approximately|roughly|almost|nearly|small|limited|multiples?|unless|except|"
    r"if|when|would|doesn't|isn't|aren't|don't|cannot|can't|won't|wouldn't)\b|n't\b",
    re.IGNORECASE,
)

#: Where one clause ends and the next begins.
_CLAUSE_BREAK = re.compile(
    r"[.;:!?,()]+|\s[-–—]\s|\b(?:but|while|whereas|although|though|however|yet|so|because)\b",
    re.IGNORECASE,
)


def clauses(text: str) -> list[str]:
    """``text`` cut into clauses at punctuation and at "but", "while", "so", ..."""
    return [part.strip() for part in _CLAUSE_BREAK.split(text) if part and part.strip()]


@dataclass(frozen=True)
class Contradiction:
    """A claim the right answer never makes, and what to say when an answer makes it.

    ``claim`` is a case-insensitive regular expression matched within one
    clause. With ``negated=False`` (a positive claim, such as "pooling makes
    the network invariant") a clause holding a negation or hedge anywhere does
    not count; with ``negated=True`` the claim is itself a negation ("GAP is
    not needed") and counts as it stands.
    """

    claim: str
    message: str
    negated: bool = False

    def __post_init__(self) -> None:
        re.compile(self.claim)

    def found_in(self, text: str) -> str | None:
        """The first clause of ``text`` that makes this claim plainly, or None."""
        for clause in clauses(text):
            match = re.search(self.claim, clause, flags=re.IGNORECASE)
            if match is None:
                continue
            if self.negated:
                outside = clause[: match.start()] + " " + clause[match.end() :]
                if HEDGES.search(outside):
                    continue
            elif HEDGES.search(clause):
                continue
            return clause
        return None


@dataclass
class Reflection(Exercise):
    """A written explanation, shown beside the model answer and a 3-4 point rubric."""

    kind: ClassVar[str] = "reflection"

    model_answer: str = ""
    rubric: Sequence[str] = ()
    contradictions: Sequence[Contradiction] = ()
    min_words: int = 8

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.model_answer.strip():
            raise ValueError(f"Exercise {self.name}: `model_answer` is required.")
        if not 3 <= len(self.rubric) <= 4:
            raise ValueError(f"Exercise {self.name}: `rubric` must list 3 or 4 points.")
        self.rubric, self.contradictions = tuple(self.rubric), tuple(self.contradictions)
        for contradiction in self.contradictions:
            if contradiction.found_in(self.model_answer):
                raise ValueError(
                    f"Exercise {self.name}: the model answer itself makes the claim"
                    f" {contradiction.claim!r}."
                )

    def reference(self) -> str:
        return self.model_answer

    def judge(self, answer: Any) -> tuple[str, str]:
        if not isinstance(answer, str):
            raise Invalid(
                f"`{self.variable}` must be your explanation as text in quotes, like"
                f' `{self.variable} = "..."`; you gave a value of type {type(answer).__name__}.'
            )
        words = re.findall(r"[\w'-]+", answer)
        if len(words) < self.min_words:
            raise Invalid(
                f"a sentence or two, please: {len(words)} word(s) are too few to explain it"
                " to a classmate."
            )
        for contradiction in self.contradictions:
            clause = contradiction.found_in(answer)
            if clause is not None:
                raise Incorrect(f'your answer says "{clause}": {contradiction.message}')
        return (
            "compare",
            "a program cannot grade an explanation: read yours beside the model answer and"
            " tick each point of the rubric that yours makes too.",
        )

    def feedback(self, status: str, text: str, answer: Any, more: str) -> Feedback:
        comparison = Comparison(str(answer), self.model_answer, tuple(self.rubric))
        return Feedback(self.name, status, text, "", comparison)

    def data(self) -> dict[str, Any]:
        return {
            **super().data(),
            "expected": None,
            "model_answer": self.model_answer,
            "rubric": list(self.rubric),
        }
