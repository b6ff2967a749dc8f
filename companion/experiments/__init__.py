"""The invariance experiments: small CNNs trained with several seeds, one factor at a time.

A factorial of configurations (:mod:`.architectures`: downsampling x head,
plus a dense MLP, a shift-augmented CNN and a circularly padded one), each
trained to convergence with early stopping (:mod:`.training`) and measured on
a grid of shifted test digits (:mod:`.evaluation`), for several seeds
(:mod:`.runner`). The results are stored with their provenance
(:mod:`.results`) and the chapter's claims are data (:mod:`.claims`), so
anyone can re-check them with seeds the course was not made with::

    python -m companion.experiments verify --seeds 7,8

Importing this package does not import TensorFlow; training does.
"""

from companion.experiments.architectures import MODEL_NAMES, SPECS, ModelSpec
from companion.experiments.claims import CLAIMS, Claim, check_claims
from companion.experiments.first_layer import first_layer_weights
from companion.experiments.results import (
    CONTRASTS,
    RESULTS_PATH,
    compare_with_stored,
    contrast_table,
    difference,
    load_results,
    metric_values,
    spread,
    summary_table,
)

__all__ = [
    "CLAIMS",
    "CONTRASTS",
    "MODEL_NAMES",
    "RESULTS_PATH",
    "SPECS",
    "Claim",
    "ModelSpec",
    "check_claims",
    "compare_with_stored",
    "contrast_table",
    "difference",
    "first_layer_weights",
    "load_results",
    "metric_values",
    "spread",
    "summary_table",
]
