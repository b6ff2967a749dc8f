"""The chapter's claims about trained models, as data that any set of seeds can re-check.

A :class:`Claim` compares per-seed values: ``greater`` (``left - right >
value`` for every seed), ``at_least`` / ``at_most`` (``left >= value`` /
``left <= value`` for every seed). A claim holds for a set of seeds only if
it holds for each of them; the chapter asserts only claims that hold for
every stored seed, and ``python -m companion.experiments verify --seeds 7,8``
retrains with other seeds and checks them again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from companion.experiments.results import metric_values, spread

__all__ = ["CLAIMS", "Claim", "ClaimCheck", "check_claims"]

KINDS = ("greater", "at_least", "at_most")


@dataclass(frozen=True)
class Claim:
    """One ordering or threshold the chapter asserts, in machine-readable form."""

    id: str
    text: str
    kind: str
    metric: str
    left: str
    right: str | None = None
    value: float = 0.0
    right_metric: str | None = None  # compare with another metric (default: the same one)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Claim {self.id}: `kind` must be one of {KINDS}; got {self.kind!r}.")
        if (self.kind == "greater") != (self.right is not None):
            raise ValueError(f"Claim {self.id}: `right` is needed by 'greater' and only by it.")

    def per_seed(self, results: dict[str, Any]) -> np.ndarray:
        """The quantity compared, one value per seed (a difference for 'greater')."""
        left = metric_values(results, self.left, self.metric)
        if self.right is None:
            return left
        return left - metric_values(results, self.right, self.right_metric or self.metric)

    def holds_per_seed(self, results: dict[str, Any]) -> np.ndarray:
        values = self.per_seed(results)
        if self.kind == "at_most":
            return values <= self.value
        if self.kind == "at_least":
            return values >= self.value
        return values > self.value

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ClaimCheck:
    """A claim checked on some seeds: whether it held for each, and the line that says so."""

    claim: Claim
    holds: bool
    seeds_holding: int
    seeds: int
    line: str


def _describe(claim: Claim, results: dict[str, Any]) -> str:
    s = spread(claim.per_seed(results))
    what = "difference" if claim.kind == "greater" else claim.metric
    sign = {"greater": ">", "at_least": ">=", "at_most": "<="}[claim.kind]
    return (
        f"{what} {s['mean']:.3f} +- {s['sd']:.3f} (min {s['min']:.3f}, max {s['max']:.3f})"
        f" {sign} {claim.value:g}"
    )


def check_claims(
    results: dict[str, Any], claims: tuple[Claim, ...] | None = None
) -> list[ClaimCheck]:
    """Check every claim on the seeds of ``results``; one :class:`ClaimCheck` per claim."""
    checks = []
    for claim in CLAIMS if claims is None else claims:
        per_seed = claim.holds_per_seed(results)
        holds = bool(per_seed.all())
        verdict = "holds" if holds else "FAILS"
        line = (
            f"{verdict:5s} {claim.id}: {claim.text} [{_describe(claim, results)};"
            f" {int(per_seed.sum())}/{per_seed.size} seeds]"
        )
        checks.append(ClaimCheck(claim, holds, int(per_seed.sum()), int(per_seed.size), line))
    return checks


#: Written after the stored seeds were run, from what held for every one of them; see the
#: chapter "Invariance". Anything that did not hold for every seed is stated with its spread.
CLAIMS: tuple[Claim, ...] = ()
