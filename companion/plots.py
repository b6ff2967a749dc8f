"""Drawing helpers shared by the chapters: matrices with their numbers, rows of maps.

Colour maps are colour-blind safe: ``viridis`` for non-negative maps and a
diverging ``RdBu_r`` centred on zero for signed ones (negative blue,
positive red, zero white). Every function returns a :class:`Picture` with
alt text, or (the ``draw_*`` helpers) the artists a demo view updates in place.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.image import AxesImage
from matplotlib.text import Text

from companion._validate import as_float_array
from companion.figures import Picture, new_figure

__all__ = ["MatrixArtists", "draw_matrix", "kernel_gallery", "maps", "matrix", "signed_limits"]

SEQUENTIAL = "viridis"
DIVERGING = "RdBu_r"


def signed_limits(array: np.ndarray) -> tuple[float, float]:
    """Symmetric colour limits (-m, m) so zero sits at the diverging map's centre."""
    largest = float(np.max(np.abs(array))) if array.size else 0.0
    largest = largest or 1.0
    return -largest, largest


def _style(array: np.ndarray, signed: bool | None) -> tuple[str, float, float]:
    signed = bool(np.min(array) < 0) if signed is None else signed
    if signed:
        return (DIVERGING, *signed_limits(array))
    top = float(np.max(array)) if array.size else 1.0
    return SEQUENTIAL, 0.0, top or 1.0


class MatrixArtists:
    """An annotated matrix drawn on an axes: the image and one text per cell, updatable."""

    def __init__(self, ax: Axes, image: AxesImage, texts: list[list[Text]], fmt: str) -> None:
        self.ax, self.image, self.texts, self.fmt = ax, image, texts, fmt

    @property
    def artists(self) -> list:
        """The image and every cell's text: what a frame renderer must redraw."""
        return [self.image, *(text for row in self.texts for text in row)]

    def update(self, array: np.ndarray, limits: tuple[float, float] | None = None) -> None:
        """Show new values (same shape) in place: colours and numbers."""
        self.image.set_data(array)
        low, high = limits if limits is not None else self.image.get_clim()
        self.image.set_clim(low, high)
        middle = (low + high) / 2
        for (r, c), value in np.ndenumerate(array):
            text = self.texts[r][c]
            if np.isnan(value):
                text.set_text("")
                continue
            text.set_text(format(value + 0.0, self.fmt))  # + 0.0 turns -0.0 into 0.0
            text.set_color(_text_colour(self.image, value, middle))


def _text_colour(image: AxesImage, value: float, middle: float) -> str:
    """Black or white, whichever reads better on the cell's colour."""
    red, green, blue, _ = image.cmap(image.norm(value))
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.5 else "white"


def draw_matrix(
    ax: Axes,
    array: np.ndarray,
    *,
    title: str = "",
    fmt: str = "g",
    signed: bool | None = None,
    fontsize: float = 9,
) -> MatrixArtists:
    """Draw a small matrix as coloured cells with its numbers written in."""
    array = np.asarray(array, dtype=float)
    finite = array[np.isfinite(array)]
    cmap, low, high = _style(finite if finite.size else np.zeros(1), signed)
    image = ax.imshow(array, cmap=cmap, vmin=low, vmax=high)
    texts = [
        [
            ax.text(c, r, "", ha="center", va="center", fontsize=fontsize)
            for c in range(array.shape[1])
        ]
        for r in range(array.shape[0])
    ]
    artists = MatrixArtists(ax, image, texts, fmt)
    artists.update(array, (low, high))
    ax.set_xticks(range(array.shape[1]))
    ax.set_yticks(range(array.shape[0]))
    ax.tick_params(labelsize=7, length=0)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    if title:
        ax.set_title(title, fontsize=10)
    return artists


def matrix(array: object, title: str, alt: str, *, fmt: str = "g", cell: float = 0.45) -> Picture:
    """A matrix drawn with its numbers (small images, kernels, feature maps)."""
    values = as_float_array(array, "array", "matrix")
    if values.ndim != 2:
        raise ValueError(f"matrix: `array` must be 2-D, got shape {values.shape}.")
    height, width = values.shape
    figure = new_figure(max(2.2, cell * width + 1.2), max(1.8, cell * height + 1.0))
    draw_matrix(figure.add_subplot(), values, title=title, fmt=fmt)
    return Picture(figure, alt)


def maps(
    panels: Sequence[tuple[object, str]],
    alt: str,
    *,
    suptitle: str = "",
    signed: Sequence[bool | None] | None = None,
    width: float = 3.2,
    height: float = 3.0,
    colorbar: bool = True,
) -> Picture:
    """A row of images or feature maps, each with its title and colour bar.

    ``panels`` is a list of ``(array, title)``; 3-D arrays (H, W, 3) show as
    colour, 2-D ones with ``viridis`` (non-negative) or ``RdBu_r`` (signed).
    """
    if not panels:
        raise ValueError("maps: `panels` must hold at least one (array, title) pair.")
    figure = new_figure(width * len(panels), height)
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    signs = list(signed) if signed is not None else [None] * len(panels)
    for ax, (array, title), sign in zip(axes, panels, signs, strict=True):
        values = np.squeeze(as_float_array(array, "panels", "maps"))
        if values.ndim == 3:
            ax.imshow(np.clip(values, 0, 1))
        else:
            cmap, low, high = _style(values, sign)
            image = ax.imshow(values, cmap=cmap, vmin=low, vmax=high)
            if colorbar:
                figure.colorbar(image, ax=ax, shrink=0.8)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("column (px)")
        ax.set_ylabel("row (px)")
        ax.tick_params(labelsize=7)
    if suptitle:
        figure.suptitle(suptitle, fontsize=11)
    return Picture(figure, alt)


def kernel_gallery(image: object, names: Sequence[str], alt: str) -> Picture:
    """A greyscale image filtered by each named kernel, side by side (SAME padding)."""
    from companion import kernels, ops
    from companion.images import to_nhwc

    grey = as_float_array(image, "image", "kernel_gallery")
    if grey.ndim != 2:
        raise ValueError(
            f"kernel_gallery: `image` must be a 2-D greyscale image, got {grey.shape}."
        )
    panels = [(grey, "input")]
    for name in names:
        weights = kernels.get_filter(kernels.kernel(name), is_color=False)
        panels.append((ops.conv2d(to_nhwc(grey), weights, 1, "SAME")[0, :, :, 0], name))
    figure = new_figure(2.4 * len(panels), 2.6)
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, (values, title) in zip(axes, panels, strict=True):
        ax.imshow(
            values, cmap="gray", vmin=np.percentile(values, 1), vmax=np.percentile(values, 99)
        )
        ax.set_title(title, fontsize=10)
        ax.set_axis_off()
    return Picture(figure, alt)
