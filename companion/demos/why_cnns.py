"""Slider demo of the chapter "Why CNNs": shift a digit, compare pixels and pooled features."""

from __future__ import annotations

from typing import Any

import numpy as np

from companion import shifts, style
from companion.demo import Control, Demo
from companion.figures import freeze_layout, new_figure
from companion.layouts import WIDE, Layout, two_over_one
from companion.plots import SEQUENTIAL

__all__ = ["shift_similarity_demo"]

#: Shifts the slider offers, in pixels to the right. The digit fills columns
#: 9-23 of the 32-pixel canvas, so from about 9 px on its edges reach the border.
SHIFTS = tuple(range(15))


def shift_similarity_demo(index: int = 7, shifts_px: tuple[int, ...] = SHIFTS) -> Demo:
    """Slide a handwritten digit to the right; watch pixel and pooled-feature similarity."""
    digit = shifts.digit_on_canvas(index)
    curves = shifts.shift_curves(digit, list(shifts_px))

    def compute(dx: int) -> shifts.ShiftReport:
        return shifts.shift_report(digit, dx)

    def describe(params: dict[str, Any], result: shifts.ShiftReport) -> str:
        if result.equivariance_error == 0:
            moved = "the feature map moved with the digit, unchanged"
        else:
            moved = (
                "the digit is leaving the canvas, so its feature map is cut (largest mismatch "
                f"{result.equivariance_error:.2f})"
            )
        return (
            f"Digit shifted {result.shift} px to the right. Pixel-by-pixel similarity with the "
            f"original: {result.pixel_similarity:.2f}; similarity of the max-pooled edge "
            f"features: {result.pooled_similarity:.3f}; {moved}."
        )

    return Demo(
        title="Demo: shift a digit; pixels disagree, pooled features do not",
        controls=[
            Control("dx", shifts_px, "shift right (px)", format=lambda v: f"{v} px"),
        ],
        compute=compute,
        make_view=lambda layout=WIDE: _ShiftView(digit, curves, layout),
        describe=describe,
    )


class _ShiftView:
    """Wide: digit, features and curves side by side; narrow: the curves under the two maps."""

    def __init__(
        self, digit: np.ndarray, curves: shifts.ShiftCurves, layout: Layout = WIDE
    ) -> None:
        if layout.narrow:
            self.figure = figure = new_figure(layout.width, 4.4, dpi=layout.dpi)
            ax_img, ax_feat, ax_curve = two_over_one(figure, height_ratios=(1, 1.1))
        else:
            self.figure = figure = new_figure(9.6, 3.0, dpi=layout.dpi)
            ax_img, ax_feat, ax_curve = figure.subplots(
                1, 3, gridspec_kw={"width_ratios": [1, 1, 1.5]}
            )
        wrap = "\n" if layout.narrow else " "
        self.image = ax_img.imshow(digit, cmap=style.GREYS, vmin=0, vmax=1)
        outline = ax_img.contour(digit, levels=[0.5], colors=style.ORANGE, linewidths=1)
        ax_img.set_title(f"shifted digit{wrap}(orange: original)", fontsize=style.SMALL)
        top = float(shifts.feature_maps(digit).max())
        self.features = ax_feat.imshow(np.zeros_like(digit), cmap=SEQUENTIAL, vmin=0, vmax=top)
        sobels = "(max of 4 Sobels)" if layout.narrow else "(max of 4 Sobel maps)"
        ax_feat.set_title(f"edge features{wrap}{sobels}", fontsize=style.SMALL)
        figure.colorbar(self.features, ax=ax_feat, shrink=0.8)
        for ax in (ax_img, ax_feat):
            ax.set_xlabel("column (px)")
            ax.set_ylabel("row (px)")
            ax.tick_params(labelsize=style.TINY)
        ax_curve.plot(curves.shift, curves.pixels, "o-", color=style.ORANGE, label="pixels")
        ax_curve.plot(
            curves.shift, curves.pooled, "s--", color=style.PURPLE, label="pooled features"
        )
        self.marker = ax_curve.axvline(0, color=style.GUIDE, lw=1)
        ax_curve.set_ylim(-0.05, 1.05)
        most = 8  # the tick labels the axis has room for, on a phone and at 10 px on a laptop
        ax_curve.set_xticks(curves.shift[:: max(1, -(-len(curves.shift) // most))])
        ax_curve.set_xlabel("shift to the right (px)")
        ax_curve.set_ylabel("cosine similarity")
        ax_curve.set_title("similarity with the unshifted digit", fontsize=style.SMALL)
        legend = ax_curve.legend(loc="lower left")
        ax_curve.grid(alpha=0.3)
        # The outline and the legend sit on top of what moves, so they are redrawn with it.
        self.changing = [self.image, outline, self.features, self.marker, legend]
        freeze_layout(figure, layout.min_font)

    def update(self, result: shifts.ShiftReport) -> None:
        self.image.set_data(result.shifted)
        self.features.set_data(result.features.max(axis=2))
        self.marker.set_xdata([result.shift, result.shift])
