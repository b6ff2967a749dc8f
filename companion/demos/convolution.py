"""Slider demos of the chapter "Convolution math"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.patches import Rectangle

from companion import convolution, images, kernels, ops, style
from companion._validate import check_int
from companion.demo import Control, Demo
from companion.figures import freeze_layout, new_figure
from companion.layouts import WIDE, Layout
from companion.plots import (
    DIVERGING,
    SEQUENTIAL,
    draw_matrix,
    fixed_colorbar,
    relative,
    signed_limits,
)

__all__ = ["FeatureMap", "KernelStop", "feature_map_demo", "kernel_walk_demo", "padding_note"]


# -- demo 1: the kernel walks over the line image --------------------------------
@dataclass(frozen=True)
class KernelStop:
    """One frame of the walk: the kernel's stop, and the output computed so far (NaN: not yet)."""

    step: convolution.Step
    partial: np.ndarray


def kernel_walk_demo() -> Demo:
    """Step the vertical kernel across the article's line image (SAME, stride 1)."""
    image, kernel = images.line_image(), kernels.kernel("vertical")
    padded, _ = convolution.pad_like_tf(image, kernel.shape)
    full = ops.conv2d(images.to_nhwc(image), kernels.get_filter(kernel, is_color=False), 1, "SAME")[
        0, :, :, 0
    ]

    def compute(row: int, col: int) -> KernelStop:
        stop = convolution.step(image, kernel, row, col)
        done = np.full(full.shape, np.nan, dtype=np.float32)
        order = np.arange(full.size).reshape(full.shape)
        mask = order <= row * full.shape[1] + col
        done[mask] = full[mask]
        return KernelStop(stop, done)

    def make_view(layout: Layout = WIDE):
        return _KernelWalkView(padded, kernel, full.shape, layout)

    def describe(params: dict[str, Any], result: KernelStop) -> str:
        stop = result.step
        terms = " + ".join(
            f"{w:g}×{k:g}" for w, k in zip(stop.window.ravel(), kernel.ravel(), strict=True)
        )
        return (
            f"Kernel at output row {stop.row}, column {stop.col}: window rows {stop.top}-"
            f"{stop.top + 1}, columns {stop.left}-{stop.left + 1} of the padded image; "
            f"{terms} = {stop.total:g}."
        )

    return Demo(
        title="Demo: the kernel slides over the line image (SAME padding, stride 1)",
        controls=[
            Control("row", range(full.shape[0]), "output row"),
            Control("col", range(full.shape[1]), "output column", default=2),
        ],
        compute=compute,
        make_view=make_view,
        describe=describe,
    )


class _KernelWalkView:
    """Wide: input, products and output side by side; narrow: the input above the two."""

    def __init__(
        self,
        padded: np.ndarray,
        kernel: np.ndarray,
        out_shape: tuple[int, int],
        layout: Layout = WIDE,
    ) -> None:
        if layout.narrow:
            self.figure = figure = new_figure(layout.width, 5.6, dpi=layout.dpi)
            grid = figure.add_gridspec(
                2, 2, height_ratios=[1.2, 1], width_ratios=[3.2, out_shape[1]]
            )
            ax_in = figure.add_subplot(grid[0, :])
            ax_prod, ax_out = figure.add_subplot(grid[1, 0]), figure.add_subplot(grid[1, 1])
        else:
            self.figure = figure = new_figure(9.6, 3.3, dpi=layout.dpi)
            ax_in, ax_prod, ax_out = figure.subplots(
                1, 3, gridspec_kw={"width_ratios": [padded.shape[1], 3.2, out_shape[1]]}
            )
        draw_matrix(ax_in, padded, title="input + zero padding (grey)", fmt="g", signed=False)
        height, width = padded.shape
        for corner, size in (
            ((-0.5, height - 1.5), (width, 1)),
            ((width - 1.5, -0.5), (1, height)),
        ):
            ax_in.add_patch(Rectangle(corner, *size, color=style.PADDING, zorder=2, alpha=0.6))
        kh, kw = kernel.shape
        self.window = Rectangle((-0.5, -0.5), kw, kh, fill=False, lw=3, ec=style.ORANGE, zorder=3)
        ax_in.add_patch(self.window)
        self.products = draw_matrix(
            ax_prod, np.zeros(kernel.shape), title="window × kernel", signed=True
        )
        self.products.image.set_clim(-1, 1)
        ax_prod.set_xlabel("kernel column")
        ax_prod.set_ylabel("kernel row")
        self.output = draw_matrix(
            ax_out, np.full(out_shape, np.nan), title="", fmt="g", signed=True
        )
        self.output.image.set_cmap(DIVERGING)
        self.output.image.set_clim(-2, 2)
        self.cursor = Rectangle((-0.5, -0.5), 1, 1, fill=False, lw=3, ec=style.ORANGE, zorder=3)
        ax_out.add_patch(self.cursor)
        self.ax_out = ax_out
        self.changing = [
            self.window,
            *self.products.artists,
            *self.output.artists,
            self.cursor,
            ax_out.title,
        ]
        freeze_layout(figure, layout.min_font)

    def update(self, result: KernelStop) -> None:
        stop = result.step
        self.window.set_xy((stop.left - 0.5, stop.top - 0.5))
        self.products.update(stop.products, (-1, 1))
        self.output.update(result.partial, (-2, 2))
        self.cursor.set_xy((stop.col - 0.5, stop.row - 0.5))
        self.ax_out.set_title(f"output: sum = {stop.total:g}")


# -- demo 2: kernel, stride and padding on a photo ------------------------------------
PHOTO_KERNELS = ("bottom sobel", "left sobel", "vertical", "outline", "sharpen", "emboss")


@dataclass(frozen=True)
class FeatureMap:
    """One frame: the kernel, its feature map on the photo, and the map after ReLU."""

    kernel: np.ndarray
    conv: np.ndarray
    relu: np.ndarray


def feature_map_demo(size: int = 96) -> Demo:
    """Pick a kernel, stride and padding; see the photo's feature map before and after ReLU.

    ``size``: the photo's height in pixels (16-256).
    """
    size = check_int(size, "size", "feature_map_demo", 16, 256)
    photo = images.to_nhwc(images.photo(size=size))

    def compute(kernel: str, stride: int, padding: str) -> FeatureMap:
        weights = kernels.kernel(kernel)
        conv = ops.conv2d(photo, kernels.get_filter(weights, is_color=True), stride, padding)[
            0, :, :, 0
        ]
        return FeatureMap(weights, conv, ops.relu(conv))

    def describe(params: dict[str, Any], result: FeatureMap) -> str:
        conv = result.conv
        share = float(np.mean(result.relu > 0))
        rows, cols = conv.shape
        text = (
            f"{params['kernel']} kernel, stride {params['stride']}, {params['padding']} padding"
            f" on a {photo.shape[1]}x{photo.shape[2]} photo: feature map {rows}x{cols},"
            f" values from {conv.min():.2f} to {conv.max():.2f}; after ReLU {share:.0%} of"
            " pixels stay positive."
        )
        return text + padding_note(photo.shape[1:3], result.kernel.shape, params["stride"])

    return Demo(
        title="Demo: a kernel, a stride and a padding on a photo",
        controls=[
            Control("kernel", PHOTO_KERNELS),
            Control("stride", (1, 2, 3)),
            Control("padding", ("SAME", "VALID")),
        ],
        compute=compute,
        make_view=lambda layout=WIDE: _FeatureMapView(photo.shape[1:3], layout),
        describe=describe,
    )


def padding_note(shape: tuple[int, int], window: tuple[int, int], stride: int) -> str:
    """Why SAME and VALID give the same map, when they do (SAME adds nothing); else ""."""
    height, width = shape
    pads = ops.same_padding(height, window[0], stride) + ops.same_padding(width, window[1], stride)
    if any(pads):
        return ""
    return (
        f" SAME adds no padding here: at stride {stride} the last {window[0]}x{window[1]} window"
        f" already ends inside the {height}x{width} photo, so SAME and VALID give the same"
        " feature map."
    )


class _FeatureMapView:
    """Kernel, feature map and ReLU map. The maps are drawn at their true size in
    axes that keep the input's extent, so a stride or VALID padding visibly shrinks them."""

    def __init__(self, shape: tuple[int, int], layout: Layout = WIDE) -> None:
        if layout.narrow:  # the kernel above the two maps
            self.figure = figure = new_figure(layout.width, 5.8, dpi=layout.dpi)
            ax_k, ax_conv, ax_relu = figure.subplots(
                3, 1, gridspec_kw={"height_ratios": [0.75, 1, 1]}
            )
        else:
            self.figure = figure = new_figure(9.6, 3.1, dpi=layout.dpi)
            ax_k, ax_conv, ax_relu = figure.subplots(1, 3, gridspec_kw={"width_ratios": [1, 2, 2]})
        self.kernel = draw_matrix(
            ax_k, np.zeros((3, 3)), title="kernel", signed=True, fontsize=style.SMALLER
        )
        blank = np.zeros(shape)
        self.conv = ax_conv.imshow(blank, cmap=DIVERGING)
        self.relu = ax_relu.imshow(blank, cmap=SEQUENTIAL)
        fixed_colorbar(figure, self.conv, ax_conv, signed=True)
        fixed_colorbar(figure, self.relu, ax_relu, signed=False)
        height, width = shape
        for ax in (ax_conv, ax_relu):
            ax.set_xlim(-0.5, width - 0.5)
            ax.set_ylim(height - 0.5, -0.5)
            if not layout.narrow or ax is ax_relu:  # narrow: one column label, under both
                ax.set_xlabel("column (px)")
            ax.set_ylabel("row (px)")
            ax.set_title("placeholder: reserves room")
            ax.tick_params(labelsize=style.TINY)
            ax.set_facecolor(style.NO_DATA)
        self.ax_conv, self.ax_relu = ax_conv, ax_relu
        self.changing = [
            *self.kernel.artists,
            self.conv,
            self.relu,
            ax_conv.title,
            ax_relu.title,
        ]
        freeze_layout(figure, layout.min_font)

    def update(self, result: FeatureMap) -> None:
        weights = result.kernel
        shown = np.full((3, 3), np.nan)
        shown[: weights.shape[0], : weights.shape[1]] = weights
        self.kernel.update(shown, signed_limits(weights))
        conv, relu = result.conv, result.relu
        height, width = conv.shape
        extent = (-0.5, width - 0.5, height - 0.5, -0.5)
        for image, values, signed, ax, name in (
            (self.conv, conv, True, self.ax_conv, "convolution"),
            (self.relu, relu, False, self.ax_relu, "after ReLU"),
        ):
            image.set_data(relative(values, signed)[0])
            image.set_extent(extent)
            top = float(np.max(np.abs(values)))
            ax.set_title(f"{name}: {height}x{width}, max |value| {top:.2g}")
