"""The stored results of the invariance experiments: where they live, what made them, spreads.

The file ships inside the package (``companion/experiments/stored/``), so a
``pip install`` of the companion, as on Colab, carries it; in the repository
``book/results/invariance.json`` links to it. It holds ``seeds``, ``provenance`` (versions,
settings, date, and :func:`code_hash`, a hash of the code and settings that
made the numbers), ``models`` -> name -> ``{"description", "label",
"metrics": {metric: [one value per seed]}}``, and ``claims`` (see
:mod:`companion.experiments.claims`). The results are stale when the hash of
the code now differs from the stored one: ``make experiments`` re-makes them.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "CONTRASTS",
    "HASHED_MODULES",
    "RESULTS_PATH",
    "code_hash",
    "compare_with_stored",
    "contrast_table",
    "difference",
    "load_results",
    "metric_values",
    "spread",
    "summary_table",
]

_PACKAGE = Path(__file__).resolve().parents[1]
#: The stored results, package data (``book/results/invariance.json`` in the repository links here).
RESULTS_PATH = Path(__file__).resolve().parent / "stored" / "invariance.json"

#: The modules whose code makes the numbers (data, models, training, evaluation).
HASHED_MODULES = (
    "digits.py",
    "images.py",
    "blurpool.py",
    "tf_support.py",
    "experiments/architectures.py",
    "experiments/training.py",
    "experiments/evaluation.py",
)


def _normalised_source(path: Path) -> str:
    """The module's code without docstrings, comments or layout: edits to prose keep the hash."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.unparse(tree)


def code_hash(settings: dict[str, Any]) -> str:
    """SHA-256 (first 16 hex digits) of the number-making code and the training settings."""
    digest = hashlib.sha256()
    for name in HASHED_MODULES:
        digest.update(name.encode())
        digest.update(_normalised_source(_PACKAGE / name).encode())
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def load_results(path: str | Path | None = None) -> dict[str, Any]:
    """The stored results as a dict (see the module docstring). Chapter "Invariance"."""
    target = Path(path) if path is not None else RESULTS_PATH
    if not target.is_file():
        raise FileNotFoundError(
            f"load_results: no results file at {target}. It ships with the companion package"
            " (companion/experiments/stored/invariance.json); `make experiments` re-makes it."
        )
    with target.open(encoding="utf-8") as handle:
        return json.load(handle)


def metric_values(results: dict[str, Any], model: str, metric: str) -> np.ndarray:
    """One value per seed of ``metric`` for ``model`` (a clear error if either is unknown)."""
    models = results["models"]
    if model not in models:
        raise ValueError(f"`model` must be one of {', '.join(models)}; got {model!r}.")
    metrics = models[model]["metrics"]
    if metric not in metrics:
        raise ValueError(f"`metric` must be one of {', '.join(metrics)}; got {metric!r}.")
    return np.asarray(metrics[metric], dtype=float)


def spread(values: object) -> dict[str, float]:
    """Mean, sample standard deviation, min and max of per-seed values.

    >>> spread([0.5, 0.7, 0.6])
    {'mean': 0.6, 'sd': 0.1, 'min': 0.5, 'max': 0.7, 'n': 3}
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or v.size == 0 or not np.all(np.isfinite(v)):
        raise ValueError(f"spread: `values` must be finite numbers, one per seed; got {v}.")
    sd = float(np.std(v, ddof=1)) if v.size > 1 else 0.0
    return {
        "mean": round(float(v.mean()), 10),
        "sd": round(sd, 10),
        "min": float(v.min()),
        "max": float(v.max()),
        "n": int(v.size),
    }


def difference(results: dict[str, Any], metric: str, model: str, baseline: str) -> np.ndarray:
    """Per-seed difference ``model - baseline`` of ``metric`` (paired: same seed, same test set)."""
    return metric_values(results, model, metric) - metric_values(results, baseline, metric)


#: The thesis, isolated: each row changes one thing and keeps the rest (label, model, baseline).
CONTRASTS = (
    ("max pooling vs none (dense head)", "max_dense", "none_dense"),
    ("max pooling vs none (GAP head)", "max_gap", "none_gap"),
    ("GAP head vs dense head (max pooling)", "max_gap", "max_dense"),
    ("GAP head vs dense head (no pooling)", "none_gap", "none_dense"),
    ("blur vs max pooling (GAP head)", "blur_gap", "max_gap"),
    ("blur vs max pooling (dense head)", "blur_dense", "max_dense"),
    ("augmentation (max pooling, dense head)", "max_dense_aug", "max_dense"),
    ("circular vs zero padding (no pooling, GAP)", "none_gap_circular", "none_gap"),
)


def _text_table(headings: list[str], rows: list[tuple[str, list[str]]], cell: int) -> str:
    """Rows of (label, cells) under right-aligned headings, every cell ``cell`` wide."""
    width = max(len(label) for label, _ in rows) + 2
    lines = ["".ljust(width) + "".join(h.rjust(cell) for h in headings)]
    lines += [label.ljust(width) + "".join(c.rjust(cell) for c in cells) for label, cells in rows]
    return "\n".join(lines)


def summary_table(
    results: dict[str, Any], names: list[str] | tuple[str, ...], metrics: dict[str, str]
) -> str:
    """A text table, one row per model: ``mean +- sd`` over seeds of each metric.

    ``metrics`` maps a metric to its column heading. Chapter "Invariance".
    """
    if not names or not metrics:
        raise ValueError("summary_table: `names` and `metrics` must not be empty.")
    rows = []
    for name in names:
        cells = []
        for metric in metrics:
            s = spread(metric_values(results, name, metric))
            cells.append(f"{s['mean']:.3f} ± {s['sd']:.3f}")
        rows.append((results["models"][name].get("label", name), cells))
    return _text_table(list(metrics.values()), rows, 15)


def contrast_table(results: dict[str, Any], metrics: dict[str, str]) -> str:
    """Each of :data:`CONTRASTS` as per-seed differences ``model - baseline``: mean +- sd.

    A difference whose sign is the same for every seed is marked ``*``.
    """
    rows = []
    for label, model, baseline in CONTRASTS:
        cells = []
        for metric in metrics:
            d = difference(results, metric, model, baseline)
            s = spread(d)
            same_sign = bool(np.all(d > 0) or np.all(d < 0))
            cells.append(f"{s['mean']:+.3f} ± {s['sd']:.3f}{'*' if same_sign else ' '}")
        rows.append((label, cells))
    return _text_table(list(metrics.values()), rows, 17)


def compare_with_stored(
    results: dict[str, Any], name: str, seed: int, metrics: dict[str, Any], keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    """A retrained model's metrics against the stored ones: same seed, and the spread of all seeds.

    One dict per metric: ``value``, ``stored`` (the stored value for ``seed``,
    or ``None`` if that seed was not stored), ``min``, ``max``, ``inside``
    (``min <= value <= max``) and ``reproduced`` (within 0.01 of ``stored``).
    """
    rows = []
    for key in keys:
        values = metric_values(results, name, key)
        value = float(metrics[key])
        stored = float(values[results["seeds"].index(seed)]) if seed in results["seeds"] else None
        rows.append(
            {
                "metric": key,
                "value": value,
                "stored": stored,
                "min": float(values.min()),
                "max": float(values.max()),
                "inside": bool(values.min() - 1e-9 <= value <= values.max() + 1e-9),
                "reproduced": stored is not None and abs(value - stored) <= 0.01,
            }
        )
    return rows
