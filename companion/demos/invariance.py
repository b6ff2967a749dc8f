"""Slider demos of the chapter "Invariance".

- :func:`shift_pooling_demo`: move a digit by (dy, dx) and follow it through a
  fixed edge filter, ReLU, max pooling and blur pooling; bars show what a
  global average of each pooled map does, and (given the chapter's trained
  models) how sure each model is of the digit.
- :func:`aliasing_demo`: a 1-D signal pooled with a chosen stride and
  shifted: max pooling's output is a shifted copy only when the shift is a
  multiple of the stride; blur pooling changes less.

No demo trains anything: the first uses a fixed kernel and, optionally,
models the chapter has already trained (their outputs for every frame are
computed once, in one batch, when the demo is made).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from companion import blurpool, digits, pooling, style
from companion.demo import Control, Demo
from companion.figures import freeze_layout, new_figure
from companion.invariance import aliasing_signal, pool1d, shift_mismatch
from companion.layouts import WIDE, Layout
from companion.plots import SEQUENTIAL

__all__ = ["AliasingFrame", "PooledSignal", "ShiftedDigit", "aliasing_demo", "shift_pooling_demo"]

SHIFTS = (-2, -1, 0, 1, 2)
EDGE_KERNEL = "left sobel"


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# -- demo 1: a digit through filter, ReLU, max pool and blur pool ---------------------------
@dataclass(frozen=True)
class ShiftedDigit:
    """One frame: the shifted digit, its edge map, the map max- and blur-pooled, and summaries.

    ``max_changed`` and ``blur_changed``: the pooled map's sum of absolute differences
    from the unshifted digit's. ``gap_max`` and ``gap_blur``: the global average of each
    pooled map relative to the unshifted digit's (1 = unchanged). ``confidence``: the
    probability each given model puts on the right class, in the models' order.
    """

    image: np.ndarray
    feature: np.ndarray
    max_pooled: np.ndarray
    blur_pooled: np.ndarray
    max_changed: float
    blur_changed: float
    gap_max: float
    gap_blur: float
    confidence: tuple[float, ...] = ()

    @property
    def bars(self) -> np.ndarray:
        """The bar chart's values: ``gap_max``, ``gap_blur``, then each model's confidence."""
        return np.array([self.gap_max, self.gap_blur, *self.confidence], dtype=float)


def shift_pooling_demo(models: Mapping[str, Any] | None = None, index: int = 0) -> Demo:
    """Shift a test digit; see its feature map, max-pooled and blur-pooled maps, and the models.

    ``models`` maps a short name to a trained model (a
    :class:`companion.experiments.training.Trained` or anything with
    ``predict(batch) -> logits``); ``None`` shows the fixed filter's maps only.
    ``index`` picks the test digit.
    """
    split = digits.train_test()
    count = len(split.y_test)
    if not isinstance(index, int) or not 0 <= index < count:
        raise ValueError(
            f"shift_pooling_demo: `index` must be an int in [0, {count}), got {index!r}."
        )
    models = dict(models or {})
    for name, model in models.items():
        if not hasattr(model, "predict"):
            raise TypeError(f"shift_pooling_demo: `models[{name!r}]` has no predict method.")
    digit, label = split.x_test[index : index + 1], int(split.y_test[index])
    pairs = [(dy, dx) for dy in SHIFTS for dx in SHIFTS]
    shifted = pooling.shifted_pipeline(digit[0], EDGE_KERNEL, pairs)
    batch, feature, maxed = shifted.shifted, shifted.relu, shifted.pooled
    blurred = blurpool.blur_pool2d(feature)
    centre = pairs.index((0, 0))
    gap_max, gap_blur = shifted.mean_ratios(), shifted.mean_ratios(blurred)
    confidence = {
        name: _softmax(np.asarray(model.predict(batch), dtype=np.float64))[:, label]
        for name, model in models.items()
    }
    bar_labels = ["GAP of max-pooled map", "GAP of blur-pooled map"] + [
        f"P({label}) {name}" for name in confidence
    ]
    limits = _Limits(
        feature=float(feature.max()) or 1.0,
        pooled=float(max(maxed.max(), blurred.max())) or 1.0,
    )

    def compute(dy: int, dx: int) -> ShiftedDigit:
        i = pairs.index((dy, dx))
        return ShiftedDigit(
            image=batch[i, :, :, 0],
            feature=feature[i, :, :, 0],
            max_pooled=maxed[i, :, :, 0],
            blur_pooled=blurred[i, :, :, 0],
            max_changed=float(np.abs(maxed[i] - maxed[centre]).sum()),
            blur_changed=float(np.abs(blurred[i] - blurred[centre]).sum()),
            gap_max=float(gap_max[i]),
            gap_blur=float(gap_blur[i]),
            confidence=tuple(float(values[i]) for values in confidence.values()),
        )

    def describe(params: dict[str, Any], result: ShiftedDigit) -> str:
        text = (
            f"Test digit {label} shifted by dy={params['dy']}, dx={params['dx']} px. Max-pooled"
            f" map changed by {result.max_changed:.2f} (sum of absolute differences), blur-"
            f"pooled map by {result.blur_changed:.2f}. Global average relative to the"
            f" unshifted digit: after max pooling {result.gap_max:.3f}, after blur pooling"
            f" {result.gap_blur:.3f}."
        )
        if confidence:
            sure = ", ".join(
                f"{name} {value:.2f}"
                for name, value in zip(confidence, result.confidence, strict=True)
            )
            text += f" Probability given to the right class: {sure}."
        return text

    return Demo(
        title=f"Demo: shift a digit through a {EDGE_KERNEL} filter, max and blur pooling",
        controls=[
            Control("dy", SHIFTS, "shift down (px)", default=0),
            Control("dx", SHIFTS, "shift right (px)", default=0),
        ],
        compute=compute,
        make_view=lambda layout=WIDE: _ShiftPoolingView(
            digit.shape[1:3], bar_labels, limits, layout
        ),
        describe=describe,
    )


@dataclass(frozen=True)
class _Limits:
    """The tops of the colour scales: the edge maps', and the pooled maps' (one for both)."""

    feature: float
    pooled: float


class _ShiftPoolingView:
    """Four maps and the summaries' bars: in one row (wide), or the maps two a row above the
    bars (narrow, without pixel coordinates, which the wide layout keeps)."""

    #: A bar's value is written inside it (white) when the bar is at least this long,
    #: beyond its end (in the text colour) otherwise.
    INSIDE = 0.4

    def __init__(
        self,
        shape: tuple[int, int],
        bar_labels: list[str],
        limits: _Limits,
        layout: Layout = WIDE,
    ) -> None:
        if layout.narrow:
            bars = 0.3 * len(bar_labels) + 0.7
            self.figure = figure = new_figure(layout.width, 3.4 + bars, dpi=layout.dpi)
            grid = figure.add_gridspec(3, 2, height_ratios=[1.7, 1.7, bars])
            axes = [figure.add_subplot(grid[i // 2, i % 2]) for i in range(4)]
            axes.append(figure.add_subplot(grid[2, :]))
            titles = ("shifted digit", "edge map (ReLU)", "max pool 2/2", "blur pool 2/2")
        else:
            self.figure = figure = new_figure(9.6, 3.2, dpi=layout.dpi)
            grid = figure.add_gridspec(1, 5, width_ratios=[1, 1, 1, 1, 1.5])
            axes = [figure.add_subplot(grid[0, i]) for i in range(5)]
            titles = ("shifted digit", "edge map (ReLU)", "max pool 2/2", "blur pool 2/2")
        height, width = shape
        blank, small = np.zeros(shape), np.zeros((-(-height // 2), -(-width // 2)))
        self.image = axes[0].imshow(blank, cmap=style.GREYS, vmin=0, vmax=1)
        self.feature = axes[1].imshow(blank, cmap=SEQUENTIAL, vmin=0, vmax=limits.feature)
        self.maxed = axes[2].imshow(small, cmap=SEQUENTIAL, vmin=0, vmax=limits.pooled)
        self.blurred = axes[3].imshow(small, cmap=SEQUENTIAL, vmin=0, vmax=limits.pooled)
        for ax, title in zip(axes[:4], titles, strict=True):
            ax.set_title(title, fontsize=style.SMALL)
            if layout.narrow:
                ax.set_xticks([])
                ax.set_yticks([])
            else:
                ax.set_xlabel("column", fontsize=style.SMALLER)
                ax.tick_params(labelsize=style.TINIEST)
        if not layout.narrow:
            axes[0].set_ylabel("row", fontsize=style.SMALLER)
        ax_bar = axes[4]
        positions = np.arange(len(bar_labels))
        colours = [style.PURPLE, style.ORANGE] + [style.GREEN] * (len(bar_labels) - 2)
        self.bars = ax_bar.barh(positions, np.zeros(len(bar_labels)), color=colours)
        if layout.narrow:  # "GAP of max-pooled map" -> "GAP, max pool"
            bar_labels = [
                label.replace("GAP of ", "GAP, ").replace("-pooled map", " pool")
                for label in bar_labels
            ]
        ax_bar.set_yticks(positions, bar_labels, fontsize=style.TINY)
        ax_bar.invert_yaxis()
        ax_bar.set_xlim(0, 1.3)
        ax_bar.axvline(1.0, color=style.GUIDE, lw=0.8, ls="--")
        ax_bar.set_xlabel("value (1 = unshifted / certain)", fontsize=style.SMALLER)
        ax_bar.tick_params(axis="x", labelsize=style.TINY)
        ax_bar.set_title("summaries", fontsize=style.SMALL)
        # "0.000" until the first update: freeze_layout raises only texts that show something.
        self.values = [
            ax_bar.text(0.02, p, "0.000", va="center", fontsize=style.TINY, color=style.LIGHT)
            for p in positions
        ]
        self.changing = [
            self.image,
            self.feature,
            self.maxed,
            self.blurred,
            *self.bars,
            *self.values,
        ]
        freeze_layout(figure, layout.min_font)

    def update(self, result: ShiftedDigit) -> None:
        self.image.set_data(result.image)
        self.feature.set_data(result.feature)
        self.maxed.set_data(result.max_pooled)
        self.blurred.set_data(result.blur_pooled)
        for bar, text, value in zip(self.bars, self.values, result.bars, strict=True):
            length = min(value, 1.3)
            bar.set_width(length)
            text.set_text(f"{value:.3f}")
            inside = length >= self.INSIDE
            text.set_x(0.02 if inside else length + 0.02)
            text.set_color(style.LIGHT if inside else style.DARK)


# -- demo 2: aliasing in 1-D -------------------------------------------------------------------
@dataclass(frozen=True)
class PooledSignal:
    """A 1-D signal pooled before and after the shift, and how far apart they are.

    ``mismatch``: the smallest largest-difference between ``now`` and any circular
    shift of ``base`` (0: pooling's output is a shifted copy).
    """

    now: np.ndarray
    base: np.ndarray
    mismatch: float


@dataclass(frozen=True)
class AliasingFrame:
    """One frame: the shifted signal, the stride, and the signal max- and blur-pooled."""

    signal: np.ndarray
    stride: int
    maxed: PooledSignal
    blurred: PooledSignal


def _pooled_row(kind: str, stride: int) -> Callable[[np.ndarray], np.ndarray]:
    """:func:`pool1d` as a function of an NHWC batch holding one signal as a row."""
    return lambda batch: pool1d(batch[0, 0, :, 0], kind, stride, stride)[None, None, :, None]


def aliasing_demo() -> Demo:
    """Pick a pooling stride and a shift; see when pooling's output is a shifted copy."""
    signal = aliasing_signal()

    def compute(stride: int, shift: int) -> AliasingFrame:
        moved = np.roll(signal, shift)

        def pooled(kind: str) -> PooledSignal:
            base = pool1d(signal, kind, stride, stride)
            now = pool1d(moved, kind, stride, stride)
            row = signal[None, None, :, None]
            mismatch, _ = shift_mismatch(_pooled_row(kind, stride), row, 0, shift)
            return PooledSignal(now, base, mismatch)

        return AliasingFrame(moved, stride, pooled("max"), pooled("blur"))

    strides, shifts = (1, 2, 3, 4), (0, 1, 2, 3)
    frames = {(s, d): compute(s, d) for s in strides for d in shifts}
    # Each pooling's mean mismatch over the shifts, per stride: what a caption compares with.
    means = {
        s: tuple(
            np.mean([getattr(frames[s, d], k).mismatch for d in shifts])
            for k in ("maxed", "blurred")
        )
        for s in strides
    }

    def describe(params: dict[str, Any], result: AliasingFrame) -> str:
        s, d = params["stride"], params["shift"]
        maxed, blurred = result.maxed.mismatch, result.blurred.mismatch
        follows = "is" if maxed < 1e-9 else "is not"
        text = (
            f"Stride {s}, signal shifted by {d} sample(s): the max-pooled output {follows} a"
            f" shifted copy of the unshifted one (mismatch {maxed:.2f});"
            f" blur pooling's mismatch is {blurred:.2f}."
        )
        if d == 0:
            text += " Unshifted: both outputs are their own reference."
        elif s == 1:
            text += " With stride 1 nothing is dropped: both outputs move with the signal."
        elif d % s == 0:
            text += (
                f" The shift is a multiple of the stride: each window now reads what the window"
                f" {d // s} output step(s) before it read, so both outputs are shifted copies."
            )
        elif blurred > maxed + 1e-9:
            mean_max, mean_blur = means[s]
            text += (
                f" Here blur pooling does no better: its {s + 1}-tap blur is too short to smooth"
                f" away detail finer than a stride-{s} grid. Averaged over the shifts 0-3 it"
                f" still changes less: {mean_blur:.2f} against max pooling's {mean_max:.2f}."
            )
        return text

    return Demo(
        title="Demo: pooling stride and shift, aliasing in 1-D",
        controls=[Control("stride", strides, "stride"), Control("shift", shifts)],
        compute=compute,
        make_view=lambda layout=WIDE: _AliasingView(signal.size, layout),
        describe=describe,
    )


class _AliasingView:
    """The shifted input and both pooled outputs: side by side (wide) or stacked on one
    sample axis (narrow); one legend, under the plots, covers no data."""

    def __init__(self, length: int, layout: Layout = WIDE) -> None:
        if layout.narrow:
            self.figure = figure = new_figure(layout.width, 5.0, dpi=layout.dpi)
            ax_in, ax_max, ax_blur = figure.subplots(3, 1, sharex=True)
        else:
            self.figure = figure = new_figure(9.6, 3.2, dpi=layout.dpi)
            ax_in, ax_max, ax_blur = figure.subplots(1, 3)
        xs = np.arange(length)
        (self.signal,) = ax_in.step(xs, np.zeros(length), where="mid", color=style.PURPLE)
        ax_in.set_title("input signal (shifted)", fontsize=style.SMALL)
        if not layout.narrow:
            ax_in.set_xlabel("sample")
        ax_in.set_ylabel("value")
        ax_in.set_ylim(-0.1, 1.15)
        self.lines = []
        for ax, title in ((ax_max, "max pool"), (ax_blur, "blur pool")):
            (base,) = ax.plot(xs, np.zeros(length), "s--", color=style.GUIDE, ms=5)
            (now,) = ax.plot(xs, np.zeros(length), "o-", color=style.ORANGE, ms=4)
            ax.set_ylim(-0.1, 1.15)
            ax.set_xlim(-0.5, length - 0.5)
            if not layout.narrow or ax is ax_blur:
                ax.set_xlabel("position (input sample)")
            ax.set_title(f"{title}: placeholder", fontsize=style.SMALL)
            self.lines.append((ax, base, now, title))
        figure.legend(
            [base, now],
            ["unshifted signal, pooled", "shifted signal, pooled"],
            loc="outside lower center",
            ncol=1 if layout.narrow else 2,
            fontsize=style.SMALLER,
        )
        for ax in (ax_in, ax_max, ax_blur):
            ax.tick_params(labelsize=style.TINY)
        # Axis limits stay fixed (a stride only shortens the curves), so the axes need no
        # redraw; the legend sits outside them.
        self.changing = [self.signal]
        for ax, base, now, _ in self.lines:
            self.changing += [base, now, ax.title]
        freeze_layout(figure, layout.min_font)

    def update(self, result: AliasingFrame) -> None:
        self.signal.set_ydata(result.signal)
        for (ax, base, now, title), pooled in zip(
            self.lines, (result.maxed, result.blurred), strict=True
        ):
            # Each output sample sits at the input position its window starts at.
            xs = np.arange(pooled.now.size) * result.stride
            base.set_data(xs, pooled.base)
            now.set_data(xs, pooled.now)
            ax.set_title(f"{title}: mismatch {pooled.mismatch:.2f}", fontsize=style.SMALL)
