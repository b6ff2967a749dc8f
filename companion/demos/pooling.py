"""Slider demos of the chapter "Pooling types"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from companion import images, ops, pooling, style
from companion._validate import check_int
from companion.demo import Control, Demo
from companion.figures import freeze_layout, new_figure
from companion.layouts import WIDE, Layout, two_over_one
from companion.plots import DIVERGING, SEQUENTIAL, draw_matrix, fixed_colorbar, relative
from companion.pooling import CIRCLE_CENTRES, explorer_map

__all__ = [
    "ExplorerFrame",
    "PipelineFrame",
    "ShiftPreview",
    "pipeline_demo",
    "pooling_explorer_demo",
    "shift_preview_demo",
]


def _figure(width: float, height: float, layout: Layout = WIDE) -> Figure:
    """A course figure with extra room above the panels: square panels fill the height."""
    figure = new_figure(width, height, dpi=layout.dpi)
    figure.get_layout_engine().set(h_pad=0.1)
    return figure


# -- demo 1: the pooling explorer ----------------------------------------------------------
@dataclass(frozen=True)
class ExplorerFrame:
    """One frame of the explorer: the pooled map, how often each pixel is read, what survives.

    ``window`` and ``stride`` are the frame's settings, ``before`` the SAME padding
    above and left of the map (0 with VALID): where the first window starts.
    """

    pooled: np.ndarray
    coverage: np.ndarray
    count: pooling.PoolCount
    window: int
    stride: int
    before: int


def pooling_explorer_demo() -> Demo:
    """Pick the pooling type, window, stride and padding; see the output grid and its shape."""
    feature = explorer_map()
    size = feature.shape[0]

    def compute(kind: str, window: int, stride: int, padding: str) -> ExplorerFrame:
        pooled = pooling.POOLS[kind](images.to_nhwc(feature), window, stride, padding)[0, :, :, 0]
        before = ops.same_padding(size, window, stride)[0] if padding == "SAME" else 0
        return ExplorerFrame(
            pooled=pooled,
            coverage=pooling.coverage(size, size, window, stride, padding),
            count=pooling.survival(size, size, window, stride, padding),
            window=window,
            stride=stride,
            before=before,
        )

    def describe(params: dict[str, Any], result: ExplorerFrame) -> str:
        count, pooled = result.count, result.pooled
        unread = int(np.sum(result.coverage == 0))
        overlap = int(np.sum(result.coverage > 1))
        window, stride = params["window"], params["stride"]
        text = (
            f"{params['kind']} pooling, {window}x{window} window, stride"
            f" {stride}, {params['padding']} padding on the {size}x{size} map: output"
            f" {pooled.shape[0]}x{pooled.shape[1]}, {count.outputs} of {count.inputs} values"
            f" ({count.kept:.0%}) kept; {overlap} pixels read by several windows, {unread}"
            " never read."
        )
        if not any(ops.same_padding(size, window, stride)):
            text += (
                f" SAME adds no padding here: at stride {stride} the last {window}x{window}"
                f" window already ends inside the {size}x{size} map, so SAME and VALID give"
                " the same output."
            )
        return text

    return Demo(
        title="Demo: the pooling explorer (type, window, stride, padding)",
        controls=[
            Control("kind", ("max", "average"), "pooling"),
            Control("window", (2, 3), "window (px)"),
            Control("stride", (1, 2, 3), "stride (px)", default=2),
            Control("padding", ("SAME", "VALID")),
        ],
        compute=compute,
        make_view=lambda layout=WIDE: _ExplorerView(feature, layout),
        describe=describe,
    )


class _ExplorerView:
    """Wide: map, output and coverage side by side. Narrow: the map and the coverage (one
    digit a cell) above, the output (up to four characters a cell) below at full width."""

    def __init__(self, feature: np.ndarray, layout: Layout = WIDE) -> None:
        size = feature.shape[0]
        self.size = size
        self.narrow = layout.narrow
        if layout.narrow:
            self.figure = figure = _figure(layout.width, 5.4, layout)
            ax_in, ax_cov, ax_out = two_over_one(figure, height_ratios=(1, 1.75))
        else:
            self.figure = figure = _figure(9.6, 3.3, layout)
            ax_in, ax_out, ax_cov = figure.subplots(1, 3)
        draw_matrix(ax_in, feature, title="", fmt="g", signed=False, fontsize=style.TINY)
        ax_in.set_facecolor(style.NO_DATA)
        ax_in.set_xlim(-1.5, size + 0.5)
        ax_in.set_ylim(size + 0.5, -1.5)
        narrow_title = "feature map,\nfirst, last window" if layout.narrow else None
        ax_in.set_title(narrow_title or "feature map, first and last window")
        self.windows = [
            Rectangle((0, 0), 1, 1, fill=False, lw=2.5, ec=colour, ls=line, zorder=3)
            for colour, line in ((style.ORANGE, "-"), (style.SKY, "--"))
        ]
        for patch in self.windows:
            ax_in.add_patch(patch)
        self.output = draw_matrix(
            ax_out, np.full((size, size), np.nan), fmt=".2g", signed=False, fontsize=style.TINY
        )
        self.output.image.set_clim(0, float(feature.max()))
        ax_out.set_facecolor(style.NO_DATA)
        self.ax_out = ax_out
        for ax in (ax_out, ax_cov):
            ax.set_title("placeholder:\nreserves room" if layout.narrow else "placeholder")
        self.coverage = draw_matrix(
            ax_cov, np.zeros((size, size)), fmt="g", signed=False, fontsize=style.TINY
        )
        self.ax_cov = ax_cov
        if layout.narrow:  # the small matrices give their tick labels' room to their cells
            for ax in (ax_in, ax_cov):
                ax.set_xticks([])
                ax.set_yticks([])
                ax.set_xlabel("")
                ax.set_ylabel("")
        self.changing = [
            *self.windows,
            *self.output.artists,
            *self.coverage.artists,
            ax_out.title,
            ax_cov.title,
        ]
        freeze_layout(figure, layout.min_font)

    def update(self, result: ExplorerFrame) -> None:
        window, stride, before = result.window, result.stride, result.before
        pooled = result.pooled
        rows, cols = pooled.shape
        # The first window (orange) and the last one (dashed): SAME's extra padding is there.
        for patch, (row, col) in zip(self.windows, ((0, 0), (rows - 1, cols - 1)), strict=True):
            patch.set_bounds(
                col * stride - before - 0.5, row * stride - before - 0.5, window, window
            )
        shown = np.full((self.size, self.size), np.nan)
        shown[:rows, :cols] = pooled
        self.output.update(shown)
        self.ax_out.set_title(f"output: {rows}x{cols} (grey: none)")
        self.coverage.update(result.coverage, (0, 9))
        kept = f"{result.count.kept:.0%} kept"
        self.ax_cov.set_title(
            f"windows per pixel\n({kept})"
            if self.narrow
            else f"windows reading each pixel ({kept})"
        )


# -- demo 2: the article's pipeline on a photo -------------------------------------------
PIPELINE_KERNELS = ("bottom sobel", "top sobel", "left sobel", "right sobel", "outline")


@dataclass(frozen=True)
class PipelineFrame:
    """One frame of the pipeline: the three stages' maps and the pooling that made the last."""

    conv: np.ndarray
    relu: np.ndarray
    pooled: np.ndarray
    kind: str


def pipeline_demo(size: int = 96) -> Demo:
    """Convolution -> ReLU -> 2x2 pooling (stride 2) on a photo; pick the kernel and pooling.

    ``size``: the photo's height in pixels (16-256).
    """
    size = check_int(size, "size", "pipeline_demo", 16, 256)
    photo = images.photo(size=size)

    def compute(kernel: str, kind: str) -> PipelineFrame:
        stages = pooling.pipeline(photo, kernel, kind)
        return PipelineFrame(stages.conv, stages.relu, stages.pooled, kind)

    def describe(params: dict[str, Any], result: PipelineFrame) -> str:
        conv, relu, pooled = result.conv, result.relu, result.pooled
        return (
            f"{params['kernel']} kernel then ReLU then {params['kind']} pooling (2x2, stride 2):"
            f" {conv.shape[0]}x{conv.shape[1]} -> {pooled.shape[0]}x{pooled.shape[1]};"
            f" non-zero after ReLU {np.mean(relu > 0):.0%}, after pooling"
            f" {np.mean(pooled > 0):.0%}; mean activation {relu.mean():.2f} -> {pooled.mean():.2f}."
        )

    return Demo(
        title="Demo: extract, isolate, condense (convolution, ReLU, pooling on a photo)",
        controls=[Control("kernel", PIPELINE_KERNELS), Control("kind", ("max", "average"))],
        compute=compute,
        make_view=lambda layout=WIDE: _PipelineView(photo.shape[:2], layout),
        describe=describe,
    )


class _PipelineView:
    """Three maps with fixed shapes (SAME convolution, 2x2 pooling with stride 2).

    Wide: side by side; narrow: two a row. Titles take two lines, so that they
    stay over their map, clear of its colour bar.
    """

    def __init__(self, shape: tuple[int, int], layout: Layout = WIDE) -> None:
        if layout.narrow:
            self.figure = figure = _figure(layout.width, 5.2, layout)
            axes = list(figure.subplots(3, 1))
        else:
            self.figure = figure = _figure(9.6, 2.8, layout)
            axes = list(figure.subplots(1, 3))
        height, width = shape
        shapes = (shape, shape, (-(-height // 2), -(-width // 2)))
        self.images = [
            ax.imshow(np.zeros(size), cmap=cmap, interpolation="nearest")
            for ax, cmap, size in zip(
                axes, (DIVERGING, SEQUENTIAL, SEQUENTIAL), shapes, strict=True
            )
        ]
        labels = ("value / max |value|", "value / ReLU max", "value / ReLU max")
        for ax, image, signed, label in zip(
            axes, self.images, (True, False, False), labels, strict=True
        ):
            fixed_colorbar(figure, image, ax, signed=signed, shrink=0.9, label=label)
        # Wide: two-line titles stay over their map; narrow: a map a row, one line, and
        # the column label only under the last map.
        self.title_break = " " if layout.narrow else "\n"
        for ax in axes:
            if not layout.narrow or ax is axes[-1]:
                ax.set_xlabel("column (px)")
            ax.set_ylabel("row (px)")
            ax.set_title(f"placeholder:{self.title_break}reserves room")
            ax.tick_params(labelsize=style.TINY)
        self.axes = axes
        self.changing = [*self.images, *(ax.title for ax in axes)]
        freeze_layout(figure, layout.min_font)

    def update(self, result: PipelineFrame) -> None:
        # ReLU and pooled maps share one scale (the ReLU map's maximum), so that
        # "pooling condenses, it does not intensify" stays visible.
        top = float(result.relu.max()) or 1.0
        stages = (
            (relative(result.conv, True)[0], result.conv.shape, "1. extract: convolution"),
            (result.relu / top, result.relu.shape, "2. isolate: ReLU"),
            (result.pooled / top, result.pooled.shape, f"3. condense: {result.kind} pool"),
        )
        for ax, image, (values, shape, name) in zip(self.axes, self.images, stages, strict=True):
            image.set_data(values)
            ax.set_title(f"{name}{self.title_break}{shape[0]}x{shape[1]}")


# -- demo 3: preview of "Invariance" -------------------------------------------------------
@dataclass(frozen=True)
class ShiftPreview:
    """One frame: the shifted circle, its max- and average-pooled 4x4 summaries, and how many
    of their 16 cells differ from the unshifted circle's."""

    image: np.ndarray
    max_pooled: np.ndarray
    average_pooled: np.ndarray
    max_changed: int
    average_changed: int


def shift_preview_demo() -> Demo:
    """Shift the 64x64 circle by 0-3 px; compare its 4x4 max- and average-pooled summaries."""
    circles = {name: images.circle_image(center=centre) for name, centre in CIRCLE_CENTRES.items()}
    reference = {
        name: {kind: pooling.pooled_after_shift(circle, 0, 0, kind) for kind in pooling.POOLS}
        for name, circle in circles.items()
    }

    def compute(circle: str, dy: int, dx: int) -> ShiftPreview:
        pooled = {
            kind: pooling.pooled_after_shift(circles[circle], dy, dx, kind)
            for kind in pooling.POOLS
        }
        changed = {
            kind: int(np.sum(~np.isclose(pooled[kind], reference[circle][kind], rtol=0, atol=1e-6)))
            for kind in pooling.POOLS
        }
        return ShiftPreview(
            image=images.shift(circles[circle], dy, dx),
            max_pooled=pooled["max"],
            average_pooled=pooled["average"],
            max_changed=changed["max"],
            average_changed=changed["average"],
        )

    def describe(params: dict[str, Any], result: ShiftPreview) -> str:
        return (
            f"Circle centred at {CIRCLE_CENTRES[params['circle']]}, shifted {params['dy']} px"
            f" down and {params['dx']} px right, pooled four times (2x2, stride 2): the 4x4"
            f" max-pooled summary differs from the unshifted one in {result.max_changed} of"
            f" 16 cells, the average-pooled one in {result.average_changed}."
        )

    return Demo(
        title="Demo: shift the circle, watch the pooled 4x4 summary",
        controls=[
            Control("circle", tuple(CIRCLE_CENTRES), "circle"),
            Control("dy", range(4), "shift down (px)"),
            Control("dx", range(4), "shift right (px)"),
        ],
        compute=compute,
        make_view=_ShiftView,  # takes the layout
        describe=describe,
    )


class _ShiftView:
    """Wide: circle and both summaries side by side; narrow: the circle above the two."""

    def __init__(self, layout: Layout = WIDE) -> None:
        self.narrow = layout.narrow
        if layout.narrow:
            self.figure = figure = _figure(layout.width, 4.6, layout)
            grid = figure.add_gridspec(2, 2, height_ratios=[1.25, 1])
            ax_img = figure.add_subplot(grid[0, :])
            ax_max, ax_avg = figure.add_subplot(grid[1, 0]), figure.add_subplot(grid[1, 1])
        else:
            self.figure = figure = _figure(9.6, 3.3, layout)
            ax_img, ax_max, ax_avg = figure.subplots(1, 3)
        self.image = ax_img.imshow(
            np.zeros((64, 64)), cmap=SEQUENTIAL, vmin=0, vmax=1, interpolation="nearest"
        )
        grid = [
            draw(line, color=style.ORANGE, lw=1)
            for line in (15.5, 31.5, 47.5)
            for draw in (ax_img.axhline, ax_img.axvline)
        ]
        ax_img.set_title("shifted circle; pooling blocks")
        for ax in (ax_max, ax_avg):
            ax.set_title("placeholder:\nreserves room" if layout.narrow else "placeholder")
        ax_img.set_xlabel("column (px)")
        ax_img.set_ylabel("row (px)")
        ax_img.tick_params(labelsize=style.TINY)
        self.max = draw_matrix(ax_max, np.zeros((4, 4)), fmt="g", signed=False)
        self.max.image.set_clim(0, 1)
        self.avg = draw_matrix(
            ax_avg, np.zeros((4, 4)), fmt=".3f", signed=False, fontsize=style.SMALLER
        )
        self.avg.image.set_clim(0, 0.06)
        if layout.narrow:  # the summaries share their rows: the numbers take the room
            ax_avg.set_yticks([])
            ax_avg.set_ylabel("")
        self.ax_max, self.ax_avg = ax_max, ax_avg
        self.changing = [
            self.image,
            *grid,  # drawn over the image, so redrawn with it
            *self.max.artists,
            *self.avg.artists,
            ax_max.title,
            ax_avg.title,
        ]
        freeze_layout(figure, layout.min_font)

    def update(self, result: ShiftPreview) -> None:
        self.image.set_data(result.image)
        self.max.update(result.max_pooled, (0, 1))
        self.avg.update(result.average_pooled, (0, 0.06))
        for ax, kind, changed in (
            (self.ax_max, "max", result.max_changed),
            (self.ax_avg, "average", result.average_changed),
        ):
            verdict = "same as unshifted" if changed == 0 else f"{changed}/16 cells changed"
            if self.narrow:
                ax.set_title(f"{kind} pooled:\n{verdict}", fontsize=style.SMALL)
            else:
                ax.set_title(f"{kind} pooled 4x4: {verdict}")
