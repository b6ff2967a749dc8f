"""What a trained classifier does when its digits move: every metric from one grid of shifts.

Each test digit is moved by every ``(dy, dx)`` in ``[-m, m]^2`` (zero-filled;
``m = GRID_SHIFT``) and classified once (:func:`grid_classes`). All metrics
then come from that ``(2m+1, 2m+1, N)`` array of predicted classes
(:func:`grid_metrics`), so they are consistent with each other and cost one
pass through the model:

- ``accuracy``: on the centred digits; ``grid``: accuracy at every shift (a
  ``(2m+1) x (2m+1)`` list, row = dy, column = dx); ``grid_accuracy``: its mean;
- ``accuracy_1px``, ``accuracy_2px``, ``accuracy_4px``: mean accuracy over the
  four axis-aligned shifts of that size (up, down, left, right);
  ``accuracy_x4`` / ``accuracy_y4``: over the two horizontal / vertical ones;
- ``consistency`` (Zhang 2019): the probability that two independent random
  shifts, uniform on the grid, give a digit the same class. Computed exactly
  (the expectation over all pairs of grid shifts), not by sampling;
- ``top1_change_x``, ``top1_change_y``, ``top1_change_diag`` (Azulay & Weiss
  2019): how often the predicted class changes between neighbouring shifts
  one pixel apart along rows, along columns and along the diagonal, over the
  whole grid; ``top1_change``: their mean.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from companion import images
from companion._validate import check_int, check_shape

__all__ = ["GRID_SHIFT", "MAX_CLASSES", "grid_classes", "grid_metrics"]

#: Largest shift (pixels, each axis) of the evaluation grid: the digits' free margin.
GRID_SHIFT = 4
#: Class numbers run from 0 to below this (the digits have 10): counting a class is one pass.
MAX_CLASSES = 1000


def grid_classes(
    predict: Callable[[np.ndarray], np.ndarray], batch: np.ndarray, max_shift: int = GRID_SHIFT
) -> np.ndarray:
    """Predicted class of every digit at every shift: int array ``(2m+1, 2m+1, N)``.

    ``predict`` maps an NHWC batch to ``(N, classes)`` scores.
    """
    func = "grid_classes"
    if not callable(predict):
        raise TypeError(f"{func}: `predict` must be a function, got {type(predict).__name__}.")
    max_shift = check_int(max_shift, "max_shift", func, 0)
    x = np.asarray(batch, dtype=np.float32)
    check_shape(x, "(N, H, W, C)", "batch", func, nonempty=True)
    if max_shift >= min(x.shape[1:3]):
        raise ValueError(
            f"{func}: `max_shift` ({max_shift}) must be smaller than the image ({x.shape[1:3]})."
        )
    side = 2 * max_shift + 1
    out = np.empty((side, side, x.shape[0]), dtype=np.int64)
    for row, dy in enumerate(range(-max_shift, max_shift + 1)):
        moved = np.concatenate([images.shift(x, dy, dx) for dx in range(-max_shift, max_shift + 1)])
        scores = np.asarray(predict(moved))
        if scores.shape[:1] != (moved.shape[0],) or scores.ndim != 2:
            raise ValueError(
                f"{func}: `predict` must return (N, classes) scores, got shape {scores.shape}."
            )
        if not np.isfinite(scores).all():
            raise ValueError(
                f"{func}: `predict` returned NaN or infinite scores: no class to read."
            )
        out[row] = np.argmax(scores, axis=1).reshape(side, x.shape[0])
    return out


def grid_metrics(classes: np.ndarray, labels: np.ndarray) -> dict[str, object]:
    """Every shift metric (see the module docstring) from :func:`grid_classes`' output.

    >>> classes = np.zeros((3, 3, 2), dtype=int)
    >>> classes[:, 2, 1] = 1          # digit 1 changes class when moved right
    >>> m = grid_metrics(classes, np.array([0, 0]))
    >>> m["accuracy"], round(m["grid_accuracy"], 3), round(m["consistency"], 3)
    (1.0, 0.833, 0.778)
    """
    func = "grid_metrics"
    c = np.asarray(classes)
    y = np.asarray(labels)
    if c.ndim != 3 or c.shape[0] != c.shape[1] or c.shape[0] % 2 == 0 or c.dtype.kind not in "iu":
        raise ValueError(
            f"{func}: `classes` must be integer classes of shape (2m+1, 2m+1, N), got"
            f" {c.dtype} {c.shape}."
        )
    if c.shape[2] == 0:
        raise ValueError(f"{func}: `classes` must hold at least one digit, got shape {c.shape}.")
    if y.shape != (c.shape[2],) or y.dtype.kind not in "iu":
        raise ValueError(f"{func}: `labels` must be {c.shape[2]} integer labels, got {y.shape}.")
    for name, values in (("classes", c), ("labels", y)):
        if values.min() < 0 or values.max() >= MAX_CLASSES:
            raise ValueError(
                f"{func}: `{name}` must be class numbers from 0 to {MAX_CLASSES - 1}, got"
                f" {values.min()} to {values.max()}."
            )
    m = c.shape[0] // 2
    hits = c == y
    grid = hits.mean(axis=2)
    per_digit = c.reshape(-1, c.shape[2])
    classes_seen = int(max(per_digit.max(), y.max())) + 1
    counts = np.stack([(per_digit == k).sum(axis=0) for k in range(classes_seen)])
    consistency = float(np.mean(np.sum((counts / per_digit.shape[0]) ** 2, axis=0)))

    def axial(k: int, axes: str = "xy") -> float:
        cells = []
        if "x" in axes:
            cells += [grid[m, m - k], grid[m, m + k]]
        if "y" in axes:
            cells += [grid[m - k, m], grid[m + k, m]]
        return float(np.mean(cells))

    change_x = float(np.mean(c[:, 1:] != c[:, :-1])) if m else 0.0
    change_y = float(np.mean(c[1:] != c[:-1])) if m else 0.0
    change_diag = float(np.mean(c[1:, 1:] != c[:-1, :-1])) if m else 0.0
    metrics: dict[str, object] = {
        "accuracy": float(grid[m, m]),
        "grid": grid.tolist(),
        "grid_accuracy": float(grid.mean()),
        "consistency": consistency,
        "top1_change": (change_x + change_y + change_diag) / 3,
        "top1_change_x": change_x,
        "top1_change_y": change_y,
        "top1_change_diag": change_diag,
    }
    for k in (1, 2, 4):
        if k <= m:
            metrics[f"accuracy_{k}px"] = axial(k)
    if m >= 4:
        metrics["accuracy_x4"] = axial(4, "x")
        metrics["accuracy_y4"] = axial(4, "y")
    return metrics
