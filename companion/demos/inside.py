"""Slider demo of the chapter "Invariance": a trained network's first layer, digit shifted.

The stored first-layer kernels of a trained model (see
:mod:`companion.experiments.first_layer`) are applied to a test digit moved
by 0, 1 or 2 pixels: the feature maps move with it (equivariance), the 2x2/2
max-pooled maps follow only even shifts (aliasing).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from companion import digits, style
from companion._validate import check_int
from companion.demo import Control, Demo
from companion.experiments.first_layer import FirstLayerMaps, first_layer_maps, first_layer_weights
from companion.experiments.results import load_results
from companion.figures import freeze_layout, new_figure
from companion.layouts import WIDE, Layout
from companion.plots import SEQUENTIAL

__all__ = ["SHOWN_MAPS", "first_layer_demo"]

#: How many of the layer's feature maps the demo shows (the most active ones).
SHOWN_MAPS = 4
SHIFTS = (0, 1, 2)


def first_layer_demo(results: dict[str, Any] | None = None, digit_index: int = 0) -> Demo:
    """Shift a test digit by 0-2 px down and right; watch a trained first layer's maps.

    ``results``: the stored experiment results (default: :func:`load_results`).
    """
    if results is None:
        results = load_results()
    test_digits = digits.train_test().x_test
    digit_index = check_int(digit_index, "digit_index", "first_layer_demo", 0, len(test_digits) - 1)
    kernel, bias = first_layer_weights(results)
    digit = test_digits[digit_index, :, :, 0]
    still = first_layer_maps(kernel, bias, digit, 0, 0)
    channels = np.argsort(still.maps.mean(axis=(0, 1)))[::-1][:SHOWN_MAPS]
    layer = results["first_layer"]
    top = float(still.maps[:, :, channels].max()) or 1.0

    def compute(dy: int, dx: int) -> FirstLayerMaps:
        return first_layer_maps(kernel, bias, digit, dy, dx)

    def describe(params: dict[str, Any], result: FirstLayerMaps) -> str:
        if result.dy == result.dx == 0:
            return (
                "Digit not moved: these are the reference maps that every other shift is"
                " compared with. Move a slider to shift the digit."
            )
        maps = (
            "the feature maps moved with the digit, unchanged"
            if result.map_error < 1e-5
            else f"the feature maps changed by up to {result.map_error:.2f} of their maximum"
        )
        if result.pooled_error < 1e-5:
            pooled = "the pooled maps moved by whole cells and are otherwise unchanged"
        else:
            pooled = (
                "no shift of the unshifted pooled maps matches the new ones (largest mismatch "
                f"{result.pooled_error:.2f} of the maximum): aliasing"
            )
        return (
            f"Digit moved {result.dy} px down and {result.dx} px right. Away from the border, "
            f"{maps}; after 2x2/2 max pooling, {pooled}."
        )

    return Demo(
        title=(
            f"Demo: inside a trained network ({layer['model']}, seed {layer['seed']}):"
            " its first layer follows the shift, its pooling only sometimes"
        ),
        controls=[
            Control("dy", SHIFTS, "shift down (px)", format=lambda v: f"{v} px"),
            Control("dx", SHIFTS, "shift right (px)", format=lambda v: f"{v} px"),
        ],
        compute=compute,
        make_view=lambda layout=WIDE: _InsideView(still, channels, top, layout),
        describe=describe,
    )


class _InsideView:
    """Wide: the digit, then each map above its pooled map. Narrow: the digit and the note
    above, then two maps a row, each beside its pooled map."""

    def __init__(
        self, still: FirstLayerMaps, channels: np.ndarray, top: float, layout: Layout = WIDE
    ) -> None:
        self.channels = channels
        if layout.narrow:
            rows = 1 + -(-len(channels) // 2)
            self.figure = figure = new_figure(layout.width, 1.3 + 1.15 * (rows - 1), dpi=layout.dpi)
            grid = figure.add_gridspec(rows, 4, height_ratios=[1.15, *[1] * (rows - 1)])
            ax_digit, ax_note = figure.add_subplot(grid[0, :2]), figure.add_subplot(grid[0, 2:])
            places = [(1 + i // 2, 2 * (i % 2)) for i in range(len(channels))]
            cells = [(grid[r, c], grid[r, c + 1]) for r, c in places]
            names = [(f"map {c}", "pooled") for c in channels]
            note = "left: ReLU map\nright: after 2x2/2\nmax pooling\n(same colour scale)"
        else:
            self.figure = figure = new_figure(9.6, 4.6, dpi=layout.dpi)
            grid = figure.add_gridspec(2, SHOWN_MAPS + 1)
            ax_digit, ax_note = figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[1, 0])
            cells = [(grid[0, i], grid[1, i]) for i in range(1, len(channels) + 1)]
            names = [(f"map {c} (24x24)", f"map {c}, max-pooled") for c in channels]
            note = "top: ReLU maps\nbottom: 2x2/2\nmax pooling\n(same colour\nscale)"
        self.digit = ax_digit.imshow(still.shifted, cmap=style.GREYS, vmin=0, vmax=1)
        ax_digit.set_title("input digit")
        self.maps, self.pooled = [], []
        for channel, (map_cell, pool_cell), (map_name, pool_name) in zip(
            channels, cells, names, strict=True
        ):
            ax_map, ax_pool = figure.add_subplot(map_cell), figure.add_subplot(pool_cell)
            self.maps.append(
                ax_map.imshow(still.maps[:, :, channel], cmap=SEQUENTIAL, vmin=0, vmax=top)
            )
            self.pooled.append(
                ax_pool.imshow(still.pooled[:, :, channel], cmap=SEQUENTIAL, vmin=0, vmax=top)
            )
            ax_map.set_title(map_name)
            ax_pool.set_title(pool_name)
        ax_note.axis("off")
        ax_note.text(0.0, 0.5, note, fontsize=style.SMALL, va="center")
        for ax in figure.axes:
            ax.set_xticks([])
            ax.set_yticks([])
        self.changing = [self.digit, *self.maps, *self.pooled]
        freeze_layout(figure, layout.min_font)

    def update(self, result: FirstLayerMaps) -> None:
        self.digit.set_data(result.shifted)
        for image, pooled, channel in zip(self.maps, self.pooled, self.channels, strict=True):
            image.set_data(result.maps[:, :, channel])
            pooled.set_data(result.pooled[:, :, channel])
