"""Figures of the stored experiment results: every number with its spread over seeds.

- :func:`accuracy_grids`: the mean accuracy at every (dy, dx) shift, one heat
  map per model;
- :func:`shift_curves`: accuracy against a horizontal and a vertical shift,
  mean and standard deviation over seeds as error bars;
- :func:`contrast_dots`: each one-factor contrast as per-seed differences
  (dots) with their mean;
- :func:`kernel_tiles`: a trained model's first-layer kernels.

All take the results dict of :func:`companion.experiments.load_results` and
return a :class:`~companion.figures.Picture` with alt text. Chapter "Invariance".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from companion import style
from companion._validate import as_float_array, check_int, check_shape
from companion.experiments.results import CONTRASTS, difference, metric_values
from companion.figures import Picture, new_figure
from companion.style import OKABE_ITO

__all__ = [
    "MAX_KERNELS",
    "MAX_KERNEL_SIDE",
    "MAX_MODELS",
    "OKABE_ITO",
    "accuracy_grids",
    "contrast_dots",
    "kernel_tiles",
    "shift_curves",
]

#: The most models one figure shows (heat maps, or curves told apart by colour and marker),
#: and the most first-layer kernels one figure tiles.
MAX_MODELS = 32
MAX_KERNELS = 64
#: The largest side of one kernel tile, in weights (first layers use 3 x 3).
MAX_KERNEL_SIDE = 32

_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def _label(results: dict[str, Any], name: str) -> str:
    return results["models"][name].get("label", name)


def _names(results: dict[str, Any], names: Sequence[str], func: str) -> list[str]:
    """``names`` as a list, each a model of ``results`` (else an error listing the known ones)."""
    if not isinstance(results, dict) or not isinstance(results.get("models"), dict):
        raise TypeError(f"{func}: `results` must be the dict of load_results, with 'models'.")
    if isinstance(names, (str, bytes)) or not isinstance(names, Sequence):
        raise TypeError(f"{func}: `names` must be a list of model names, got {names!r:.80}.")
    if not 0 < len(names) <= MAX_MODELS:
        raise ValueError(f"{func}: `names` must hold 1 to {MAX_MODELS} models, got {len(names)}.")
    unknown = [name for name in names if name not in results["models"]]
    if unknown:
        known = ", ".join(sorted(map(str, results["models"])))
        raise ValueError(f"{func}: `names` holds unknown models {unknown!r:.200}; known: {known}.")
    return list(names)


def _grids(results: dict[str, Any], name: str) -> np.ndarray:
    grids = np.asarray(results["models"][name]["metrics"]["grid"], dtype=float)
    check_shape(grids, "(seeds, n, n)", f"models[{name!r}].metrics.grid", "results")
    if grids.shape[1] != grids.shape[2]:
        raise ValueError(f"results: model {name!r}'s 'grid' is not square: {grids.shape}.")
    return grids


@style.styled
def accuracy_grids(
    results: dict[str, Any], names: Sequence[str], alt: str, *, columns: int = 4
) -> Picture:
    """One heat map per model: accuracy (mean over seeds) for every shift (dy, dx)."""
    func = "accuracy_grids"
    names = _names(results, names, func)
    columns = check_int(columns, "columns", func, 1, 8)
    rows = -(-len(names) // columns)
    if rows > 15:
        raise ValueError(
            f"{func}: {len(names)} `names` in {columns} `columns` need {rows} rows;"
            " at most 15 fit a figure."
        )
    figure = new_figure(2.5 * columns + 0.8, 2.55 * rows)
    axes = np.atleast_1d(figure.subplots(rows, columns, squeeze=False)).ravel()
    image = None
    for ax, name in zip(axes, names, strict=False):
        grid = _grids(results, name).mean(axis=0)
        m = grid.shape[0] // 2
        image = ax.imshow(
            grid, cmap=style.ACCURACY, vmin=0, vmax=1, extent=(-m - 0.5, m + 0.5, m + 0.5, -m - 0.5)
        )
        ax.set_title(f"{_label(results, name)}\nmean {grid.mean():.2f}")
        ticks = [-m, -m // 2, 0, m // 2, m]
        ax.set_xticks(ticks)
        ax.set_yticks(ticks)
        ax.tick_params(labelsize=style.SMALLER)
        ax.set_xlabel("dx (px, right)", fontsize=style.SMALL)
        ax.set_ylabel("dy (px, down)", fontsize=style.SMALL)
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    bar = figure.colorbar(image, ax=list(axes[: len(names)]), shrink=0.8)
    bar.set_label(f"test accuracy (mean of {len(results['seeds'])} seeds)", fontsize=style.SMALL)
    return Picture(figure, alt)


@style.styled
def shift_curves(results: dict[str, Any], names: Sequence[str], alt: str) -> Picture:
    """Accuracy against horizontal (left) and vertical (right) shift: mean +- sd over seeds."""
    names = _names(results, names, "shift_curves")
    figure = new_figure(9.6, 3.9)
    axes = figure.subplots(1, 2, sharey=True)
    for index, name in enumerate(names):
        grids = _grids(results, name)
        m = grids.shape[1] // 2
        shifts = np.arange(-m, m + 1)
        for ax, curves in ((axes[0], grids[:, m, :]), (axes[1], grids[:, :, m])):
            ax.errorbar(
                shifts + (index - len(names) / 2) * 0.06,
                curves.mean(axis=0),
                yerr=curves.std(axis=0, ddof=1) if curves.shape[0] > 1 else None,
                color=OKABE_ITO[index % len(OKABE_ITO)],
                marker=_MARKERS[index % len(_MARKERS)],
                markersize=4,
                capsize=2,
                lw=1.3,
                label=_label(results, name),
            )
    for ax, axis in zip(axes, ("horizontal shift dx (px)", "vertical shift dy (px)"), strict=True):
        ax.set_xlabel(axis)
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("test accuracy")
    axes[0].set_title("digits moved left/right")
    axes[1].set_title("digits moved up/down")
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside right center", frameon=False)
    return Picture(figure, alt)


@style.styled
def contrast_dots(results: dict[str, Any], metric: str, title: str, alt: str) -> Picture:
    """Each contrast of :data:`CONTRASTS`: per-seed differences (dots) and their mean (bar)."""
    metric_values(results, CONTRASTS[0][1], metric)  # a clear error for an unknown metric
    figure = new_figure(8.0, 0.45 * len(CONTRASTS) + 1.2)
    ax = figure.subplots()
    for row, (_text, model, baseline) in enumerate(CONTRASTS):
        d = difference(results, metric, model, baseline)
        y = len(CONTRASTS) - 1 - row
        ax.plot(d, np.full(d.shape, y), "o", color=OKABE_ITO[3], alpha=0.75, markersize=5)
        ax.plot([d.mean()] * 2, [y - 0.3, y + 0.3], color=OKABE_ITO[4], lw=2.5)
    ax.axvline(0, color=style.GUIDE, lw=1)
    ax.set_yticks(range(len(CONTRASTS)))
    ax.set_yticklabels([label for label, _, _ in reversed(CONTRASTS)], fontsize=style.SMALL)
    ax.set_xlabel(f"difference in {metric} (dots: one per seed; bar: mean)")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return Picture(figure, alt)


@style.styled
def kernel_tiles(kernel: np.ndarray, title: str, alt: str) -> Picture:
    """The (3, 3, 1, C) kernels of a first layer as C small tiles, one shared signed scale."""
    k = as_float_array(kernel, "kernel", "kernel_tiles")
    check_shape(
        k, "(h, w, 1, C)", "kernel", "kernel_tiles", what="first-layer kernels", nonempty=True
    )
    count = k.shape[3]
    if max(k.shape[:2]) > MAX_KERNEL_SIDE:
        raise ValueError(
            f"kernel_tiles: `kernel` may be at most {MAX_KERNEL_SIDE} weights a side, got"
            f" {k.shape[:2]}."
        )
    if count > MAX_KERNELS:
        raise ValueError(
            f"kernel_tiles: `kernel` may hold at most {MAX_KERNELS} kernels (its last axis),"
            f" got {count}."
        )
    columns = min(count, 8)
    rows = -(-count // columns)
    figure = new_figure(1.0 * columns + 1.0, 1.05 * rows + 0.6)
    axes = np.atleast_1d(figure.subplots(rows, columns, squeeze=False)).ravel()
    top = float(np.abs(k).max()) or 1.0
    image = None
    for index, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if index < count:
            image = ax.imshow(k[:, :, 0, index], cmap=style.DIVERGING, vmin=-top, vmax=top)
            ax.set_title(f"{index}", fontsize=style.SMALLER)
        else:
            ax.set_visible(False)
    figure.colorbar(image, ax=list(axes), shrink=0.8).set_label("weight", fontsize=style.SMALL)
    figure.suptitle(title, fontsize=style.MEDIUM)
    return Picture(figure, alt)
