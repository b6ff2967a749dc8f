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


#: Written after seeds 0-4 were run, from what held for every one of them (chapter
#: "Invariance"); what did not hold for every seed is stated in the chapter with its spread.
#: Two more claims held for seeds 0-4 but failed on seed 7 or 8 (the results file keeps that
#: check): max pooling beating no pooling at 2 px with dense heads, and a GAP head costing
#: centred accuracy. They are stated with their spread instead; the rest were re-checked on
#: seeds 9 and 10, which no claim was chosen with.
CLAIMS: tuple[Claim, ...] = (
    # Dense heads: the article's design, and an MLP, under a 4-pixel shift.
    Claim(
        "mlp_falls_at_4px",
        "the MLP keeps under 0.4 accuracy at 4 px",
        "at_most",
        "accuracy_4px",
        "mlp",
        value=0.4,
    ),
    Claim(
        "max_dense_falls_at_4px",
        "so does max pooling + dense head",
        "at_most",
        "accuracy_4px",
        "max_dense",
        value=0.4,
    ),
    Claim(
        "max_dense_not_more_consistent_than_mlp",
        "max pooling + dense head is no more consistent than the MLP (by 0.05 or more)",
        "greater",
        "consistency",
        "mlp",
        "max_dense",
        value=-0.05,
    ),
    # What pooling itself buys: small, local tolerance.
    Claim(
        "pooling_buys_grid",
        "max pooling beats no pooling over all 81 shifts (dense heads)",
        "greater",
        "grid_accuracy",
        "max_dense",
        "none_dense",
    ),
    Claim(
        "pooling_fewer_changes",
        "max pooling changes top-1 less often than no pooling (dense heads)",
        "greater",
        "top1_change",
        "none_dense",
        "max_dense",
    ),
    # What the head buys.
    Claim(
        "gap_head_max",
        "a GAP head raises consistency by over 0.1 (max pooling)",
        "greater",
        "consistency",
        "max_gap",
        "max_dense",
        value=0.1,
    ),
    Claim(
        "gap_head_none",
        "a GAP head raises consistency by over 0.2 (no pooling)",
        "greater",
        "consistency",
        "none_gap",
        "none_dense",
        value=0.2,
    ),
    # Strided downsampling aliases; anti-aliasing helps on some measures.
    Claim(
        "stride1_gap_more_consistent",
        "with a GAP head, no pooling is more consistent than max pooling",
        "greater",
        "consistency",
        "none_gap",
        "max_gap",
    ),
    Claim(
        "blur_fewer_changes",
        "blur pooling changes top-1 less often than max pooling (GAP heads)",
        "greater",
        "top1_change",
        "max_gap",
        "blur_gap",
    ),
    # What the data buys.
    Claim(
        "augmented_consistency",
        "the shift-augmented CNN reaches consistency 0.9",
        "at_least",
        "consistency",
        "max_dense_aug",
        value=0.9,
    ),
    Claim(
        "augmented_beats_blur",
        "augmentation beats blur pooling + GAP on consistency by over 0.1",
        "greater",
        "consistency",
        "max_dense_aug",
        "blur_gap",
        value=0.1,
    ),
    # Padding leaks position.
    Claim(
        "circular_exact",
        "no pooling + GAP + circular padding is invariant on the canvas",
        "at_least",
        "consistency",
        "none_gap_circular",
        value=0.999,
    ),
    Claim(
        "zero_padding_leaks",
        "zero padding makes that network less consistent",
        "greater",
        "consistency",
        "none_gap_circular",
        "none_gap",
    ),
    Claim(
        "vertical_harder",
        "max pooling + GAP: accuracy at 4 px higher left/right than up/down by over 0.1",
        "greater",
        "accuracy_x4",
        "max_gap",
        "max_gap",
        value=0.1,
        right_metric="accuracy_y4",
    ),
)
