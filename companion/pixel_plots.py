"""Figures of the chapter "Pixels and RGB": a photo zoomed to its pixels, its channels, its greys.

Each function takes a uint8 RGB photo (H, W, 3), as image files store it,
and returns a :class:`companion.figures.Picture` with alt text. Channels and
greys are drawn with the ``gray`` map (0 black, 255 white): each is one
intensity per pixel; signed differences use ``RdBu_r`` centred on zero.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from companion import colour, style
from companion._validate import check_int, check_shape
from companion.figures import Picture, new_figure
from companion.plots import DIVERGING, MAX_SIDE, signed_limits

__all__ = ["channel_split", "grey_versions", "wrap_pitfall", "zoom_in"]


def _photo(image: object, func: str) -> np.ndarray:
    array = np.asarray(image)
    if array.dtype != np.uint8:
        raise ValueError(
            f"{func}: `photo` must be a uint8 array (0-255, as image files store it), got"
            f" dtype {array.dtype}; companion.colour.to_uint8 converts floats in [0, 1]."
        )
    check_shape(array, "(H, W, 3)", "photo", func, what="an RGB photo", nonempty=True)
    if max(array.shape[:2]) > MAX_SIDE:
        raise ValueError(
            f"{func}: `photo` may be at most {MAX_SIDE} pixels a side, got {array.shape[:2]};"
            " shrink it first."
        )
    return array


def _label(ax, title: str) -> None:
    ax.set_title(title)
    ax.set_xlabel("column (px)")
    ax.set_ylabel("row (px)")
    ax.tick_params(labelsize=style.TINY)


@style.styled
def zoom_in(photo: object, row: int, col: int, size: int = 12) -> Picture:
    """The photo with a box, and the boxed ``size`` x ``size`` pixels enlarged until each shows."""
    image = _photo(photo, "zoom_in")
    size = check_int(size, "size", "zoom_in", 1, min(image.shape[:2]))
    crop = colour.window(image, row, col, size)
    figure = new_figure(7.2, 3.2)
    ax_photo, ax_crop = figure.subplots(1, 2)
    ax_photo.imshow(image)
    ax_photo.add_patch(
        Rectangle((col - 0.5, row - 0.5), size, size, fill=False, lw=2, ec=style.ORANGE)
    )
    _label(ax_photo, f"photo, {image.shape[0]}x{image.shape[1]} pixels")
    ax_crop.imshow(crop, extent=(col - 0.5, col + size - 0.5, row + size - 0.5, row - 0.5))
    _label(ax_crop, f"the box: {size}x{size} pixels")
    return Picture(
        figure,
        f"The photo ({image.shape[0]} by {image.shape[1]} pixels) with an orange box at row "
        f"{row}, column {col}; beside it the boxed {size} by {size} pixels enlarged: each pixel "
        "is a flat square of one colour.",
    )


@style.styled
def channel_split(photo: object) -> Picture:
    """The photo and its red, green and blue channels, each an intensity map 0-255."""
    image = _photo(photo, "channel_split")
    figure = new_figure(9.6, 2.6)
    axes = figure.subplots(1, 4)
    axes[0].imshow(image)
    _label(axes[0], "photo (RGB)")
    for ax, (name, values) in zip(axes[1:], colour.split_channels(image).items(), strict=True):
        shown = ax.imshow(values, cmap=style.GREYS, vmin=0, vmax=255)
        _label(ax, f"{name} channel")
    figure.colorbar(shown, ax=axes[1:], shrink=0.8, label="value")
    return Picture(
        figure,
        "The photo and its three channels as grey images (0 black, 255 white): red, green and "
        "blue amounts per pixel. Bright in a channel means much of that colour.",
    )


@style.styled
def grey_versions(photo: object) -> Picture:
    """Grey by plain mean, grey by Rec. 601 luminance weights, and their difference."""
    image = _photo(photo, "grey_versions")
    mean, luma = colour.to_grey(image, "mean"), colour.to_grey(image, "rec601")
    difference = luma - mean
    figure = new_figure(9.6, 2.6)
    axes = figure.subplots(1, 3)
    for ax, values, title in (
        (axes[0], mean, "grey: mean of R, G, B"),
        (axes[1], luma, "grey: 0.299R + 0.587G + 0.114B"),
    ):
        shown = ax.imshow(values, cmap=style.GREYS, vmin=0, vmax=255)
        _label(ax, title)
    figure.colorbar(shown, ax=axes[:2], shrink=0.8, label="intensity")
    low, high = signed_limits(difference)
    diff = axes[2].imshow(difference, cmap=DIVERGING, vmin=low, vmax=high)
    _label(axes[2], "luminance - mean")
    figure.colorbar(diff, ax=axes[2], shrink=0.8, label="difference")
    return Picture(
        figure,
        "Two greyscale versions of the photo, by the plain mean and by luminance weights, look "
        f"alike; their difference (from {difference.min():.0f} to {difference.max():.0f}) is red "
        "where green dominates and blue where blue or red dominate.",
    )


@style.styled
def wrap_pitfall(photo: object, amount: int = 100) -> Picture:
    """The photo brightened by ``amount`` in uint8 (wraps) and with a wider type and clipping."""
    image = _photo(photo, "wrap_pitfall")
    amount = check_int(amount, "amount", "wrap_pitfall", -255, 255)
    figure = new_figure(9.6, 2.6)
    axes = figure.subplots(1, 3)
    panels = (
        (image, "original"),
        (colour.brighten(image, amount, safe=False), f"uint8 + {amount}: wraps"),
        (colour.brighten(image, amount, safe=True), f"+ {amount}, then clip to 255"),
    )
    for ax, (values, title) in zip(axes, panels, strict=True):
        ax.imshow(values)
        _label(ax, title)
    return Picture(
        figure,
        f"The photo, then brightened by {amount} two ways: in uint8 the brightest parts wrap "
        "past 255 to dark values, giving a garish, broken picture; computed wider and clipped, "
        "it is simply brighter.",
    )
