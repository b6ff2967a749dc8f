"""Drawing helpers shared by the chapters: matrices with their numbers, rows of maps.

Colour maps are colour-blind safe: ``viridis`` for non-negative maps and a
diverging ``RdBu_r`` centred on zero for signed ones (negative blue,
positive red, zero white). Every function returns a :class:`Picture` with
alt text, or (the ``draw_*`` helpers) the artists a demo view updates in place.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.image import AxesImage

from companion import style
from companion._validate import as_float_array, check_real, check_shape
from companion.figures import MAX_INCHES, Picture, new_figure
from companion.glyphs import NumberGrid
from companion.layouts import MAX_FONT
from companion.style import DIVERGING, SEQUENTIAL  # the demos take them from here too

__all__ = [
    "MatrixArtists",
    "draw_matrix",
    "kernel_gallery",
    "maps",
    "matrix",
    "pyramid_figure",
    "shift_grid",
    "signed_limits",
    "wrap_title",
]

#: Bounds that keep a figure on a page (and its drawing in milliseconds): panels in a
#: row, rows of a pyramid, and cells per side of a matrix drawn with its numbers.
MAX_PANELS = 12
MAX_ROWS = 6
MAX_CELLS = 32
#: The longest side of one panel's image, in pixels (the course's photos are 128 x 192):
#: a larger one would be shrunk on the page anyway, after seconds and hundreds of MB.
MAX_SIDE = 1024


def _text(value: object, name: str, func: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{func}: `{name}` must be a str, got {type(value).__name__}.")
    return value


def _panel(value: object, name: str, func: str) -> np.ndarray:
    """``value`` as a finite float array with no side over :data:`MAX_SIDE` (an array is
    measured before it is read, so an oversized one is refused at no cost)."""
    shape, array = getattr(value, "shape", None), None
    if shape is None:  # a nested list: read it to measure it
        array = as_float_array(value, name, func)
        shape = array.shape
    if any(side is not None and int(side) > MAX_SIDE for side in shape):
        raise ValueError(
            f"{func}: `{name}` holds an image of shape {tuple(shape)}; each side may be"
            f" at most {MAX_SIDE} pixels (downsample it first)."
        )
    return as_float_array(value, name, func) if array is None else array


def signed_limits(array: np.ndarray) -> tuple[float, float]:
    """Symmetric colour limits (-m, m) so zero sits at the diverging map's centre."""
    array = as_float_array(array, "array", "signed_limits")
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
    """An annotated matrix drawn on an axes: the image and its cells' numbers, updatable."""

    def __init__(self, ax: Axes, image: AxesImage, numbers: NumberGrid, fmt: str) -> None:
        self.ax, self.image, self.numbers, self.fmt = ax, image, numbers, fmt

    @property
    def artists(self) -> list[Artist]:
        """The image and the numbers: what a frame renderer must redraw."""
        return [self.image, self.numbers]

    def update(self, array: np.ndarray, limits: tuple[float, float] | None = None) -> None:
        """Show new values (same shape) in place: colours and numbers."""
        array = np.asarray(array, dtype=float)
        self.image.set_data(array)
        low, high = limits if limits is not None else self.image.get_clim()
        self.image.set_clim(low, high)
        finite = np.isfinite(array)
        strings = np.full(array.shape, "", dtype=object)
        # + 0.0 turns -0.0 into 0.0
        strings[finite] = [format(value + 0.0, self.fmt) for value in array[finite]]
        rgba = self.image.cmap(self.image.norm(np.where(finite, array, low)))
        luminance = rgba[..., :3] @ np.array([0.299, 0.587, 0.114])
        self.numbers.set_cells(strings, luminance <= 0.5)


def draw_matrix(
    ax: Axes,
    array: np.ndarray,
    *,
    title: str = "",
    fmt: str = "g",
    signed: bool | None = None,
    fontsize: float = style.SMALL,
) -> MatrixArtists:
    """Draw a small matrix as coloured cells with its numbers written in (NaN: a blank cell)."""
    if not isinstance(ax, Axes):
        raise TypeError(f"draw_matrix: `ax` must be a matplotlib Axes, got {type(ax).__name__}.")
    fontsize = check_real(fontsize, "fontsize", "draw_matrix", 0, MAX_FONT)
    try:
        array = np.asarray(array, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"draw_matrix: `array` must be a numeric array ({exc}).") from exc
    check_shape(array, "(H, W)", "array", "draw_matrix", what="a 2-D array", nonempty=True)
    finite = array[np.isfinite(array)]
    cmap, low, high = _style(finite if finite.size else np.zeros(1), signed)
    image = ax.imshow(array, cmap=cmap, vmin=low, vmax=high)
    numbers = NumberGrid(ax, array.shape, fontsize)
    ax.add_artist(numbers)
    artists = MatrixArtists(ax, image, numbers, fmt)
    artists.update(array, (low, high))
    ax.set_xticks(range(array.shape[1]))
    ax.set_yticks(range(array.shape[0]))
    ax.tick_params(labelsize=style.TINY, length=0)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    if title:
        ax.set_title(title)
    return artists


def wrap_title(title: str, width: float, fontsize: float = style.MEDIUM) -> str:
    """``title`` broken into lines that fit ``width`` inches at ``fontsize`` points.

    An estimate (an average character is about 0.55 em wide), so that a title
    is never clipped by its figure's edge.

    >>> wrap_title("share of positions unchanged (2x2/2 max pool)", 2.5)
    'share of positions unchanged\\n(2x2/2 max pool)'
    """
    title = _text(title, "title", "wrap_title")
    width = check_real(width, "width", "wrap_title", 0, MAX_INCHES)
    fontsize = check_real(fontsize, "fontsize", "wrap_title", 0, MAX_FONT)
    characters = max(8, int(width * 72 / (0.55 * fontsize)))
    return "\n".join(textwrap.wrap(title, characters)) or title


@style.styled
def matrix(
    array: object,
    title: str,
    alt: str,
    *,
    fmt: str = "g",
    cell: float = 0.45,
    rows: Sequence[object] | None = None,
    columns: Sequence[object] | None = None,
    xlabel: str = "column",
    ylabel: str = "row",
) -> Picture:
    """A matrix drawn with its numbers (small images, kernels, feature maps).

    ``rows`` and ``columns`` name the rows and columns (default 0, 1, ...) under
    the axis labels ``ylabel`` and ``xlabel``. A long title is wrapped to fit.
    """
    title = _text(title, "title", "matrix")
    values = as_float_array(array, "array", "matrix")
    check_shape(values, "(H, W)", "array", "matrix", what="a 2-D array")
    if max(values.shape) > MAX_CELLS:
        raise ValueError(
            f"matrix: `array` may have at most {MAX_CELLS} rows and columns (one number is"
            f" written per cell), got shape {values.shape}."
        )
    cell = check_real(cell, "cell", "matrix", 0, 1)
    height, width = values.shape
    for names, count, name in ((rows, height, "rows"), (columns, width, "columns")):
        if names is not None and len(names) != count:
            raise ValueError(f"matrix: `{name}` must name all {count} {name}, got {len(names)}.")
    figure_width = max(2.2, cell * width + 1.2)
    title = wrap_title(title, figure_width - 0.2)
    lines = title.count("\n")
    figure = new_figure(figure_width, max(1.8, cell * height + 1.0) + 0.2 * lines)
    ax = figure.add_subplot()
    draw_matrix(ax, values, title=title, fmt=fmt)
    if rows is not None:
        ax.set_yticks(range(height), [str(name) for name in rows])
    if columns is not None:
        ax.set_xticks(range(width), [str(name) for name in columns])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return Picture(figure, alt)


def shift_grid(array: object, title: str, alt: str, *, fmt: str = "g") -> Picture:
    """A square table indexed by shifts: rows dy, columns dx, from -k to k (the centre is 0).

    For tables over every shift in ``[-k, k]^2`` (chapter "Invariance").
    """
    title = _text(title, "title", "shift_grid")
    values = as_float_array(array, "array", "shift_grid")
    check_shape(values, "(H, W)", "array", "shift_grid", what="a 2-D array")
    size = values.shape[0]
    if values.shape[1] != size or size % 2 == 0:
        raise ValueError(
            f"shift_grid: `array` must be square with an odd side (shifts -k..k),"
            f" got shape {values.shape}."
        )
    shifts = range(-(size // 2), size // 2 + 1)
    return matrix(
        values,
        title,
        alt,
        fmt=fmt,
        rows=shifts,
        columns=shifts,
        xlabel="dx: shift right (px)",
        ylabel="dy: shift down (px)",
    )


@style.styled
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
    if len(panels) > MAX_PANELS:
        raise ValueError(f"maps: `panels` may hold at most {MAX_PANELS} pairs, got {len(panels)}.")
    width = check_real(width, "width", "maps", 0, MAX_INCHES / len(panels))
    height = check_real(height, "height", "maps", 0, MAX_INCHES)
    arrays = [np.squeeze(_panel(array, "panels", "maps")) for array, _ in panels]
    figure = new_figure(width * len(panels), height)
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    signs = list(signed) if signed is not None else [None] * len(panels)
    for ax, values, (_, title), sign in zip(axes, arrays, panels, signs, strict=True):
        if values.ndim == 3:
            ax.imshow(np.clip(values, 0, 1))
        else:
            cmap, low, high = _style(values, sign)
            image = ax.imshow(values, cmap=cmap, vmin=low, vmax=high)
            if colorbar:
                figure.colorbar(image, ax=ax, shrink=0.8)
        ax.set_title(title)
        ax.set_xlabel("column (px)")
        ax.set_ylabel("row (px)")
        ax.tick_params(labelsize=style.TINY)
    if suptitle:
        figure.suptitle(suptitle)
    return Picture(figure, alt)


@style.styled
def kernel_gallery(image: object, names: Sequence[str], alt: str) -> Picture:
    """A greyscale image filtered by each named kernel, side by side (SAME padding)."""
    from companion import kernels, ops
    from companion.images import to_nhwc

    grey = _panel(image, "image", "kernel_gallery")
    check_shape(grey, "(H, W)", "image", "kernel_gallery", what="a greyscale image")
    if isinstance(names, str) or len(names) >= MAX_PANELS:
        raise ValueError(
            f"kernel_gallery: `names` must be a list of at most {MAX_PANELS - 1} kernel names,"
            f" got {names!r:.80}."
        )
    panels = [(grey, "input")]
    for name in names:
        weights = kernels.get_filter(kernels.kernel(name), is_color=False)
        panels.append((ops.conv2d(to_nhwc(grey), weights, 1, "SAME")[0, :, :, 0], name))
    figure = new_figure(2.4 * len(panels), 2.6)
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, (values, title) in zip(axes, panels, strict=True):
        ax.imshow(
            values, cmap=style.GREYS, vmin=np.percentile(values, 1), vmax=np.percentile(values, 99)
        )
        ax.set_title(title)
        ax.set_axis_off()
    return Picture(figure, alt)


def _pyramid_map(value: object, func: str) -> np.ndarray:
    """One map of a pyramid's row as a 2-D array, checked before anything is drawn."""
    values = _panel(value, "rows", func)
    check_shape(values, "(H, W) or (1, H, W, 1)", "rows", func, what="maps", nonempty=True)
    return values.reshape(values.shape[-3:-1] if values.ndim == 4 else values.shape)


@style.styled
def pyramid_figure(rows: Sequence[tuple[str, Sequence[object]]], alt: str) -> Picture:
    """One row per pooling type: the input then each pooled map, titled with its shape.

    ``rows`` is a list of ``(name, maps)`` with ``maps`` as returned by
    :func:`companion.pooling.pool_repeatedly`. Every panel has its own
    ``viridis`` scale (the average-pooled maps fade towards 0; their colour
    bars say by how much). Chapter "Pooling types".
    """
    func = "pyramid_figure"
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence) or not rows:
        raise ValueError(f"{func}: `rows` must hold at least one (name, maps) pair.")
    if not all(isinstance(row, (tuple, list)) and len(row) == 2 for row in rows):
        raise TypeError(f"{func}: `rows` must be a list of (name, maps) pairs, got {rows!r:.80}.")
    columns = max(len(maps) for _, maps in rows)
    if columns > MAX_PANELS or len(rows) > MAX_ROWS:
        raise ValueError(
            f"{func}: `rows` may hold at most {MAX_ROWS} rows of {MAX_PANELS} maps, got"
            f" {len(rows)} rows of up to {columns}."
        )
    checked = [[_pyramid_map(values, func) for values in maps] for _, maps in rows]
    figure = new_figure(1.95 * columns, 1.95 * len(rows) + 0.2)
    axes = figure.subplots(len(rows), columns, squeeze=False)
    for ax_row, (name, _), maps in zip(axes, rows, checked, strict=True):
        for index, ax in enumerate(ax_row):
            if index >= len(maps):
                ax.set_axis_off()
                continue
            values = maps[index]
            image = ax.imshow(values, cmap=SEQUENTIAL, vmin=0, vmax=float(values.max()) or 1.0)
            figure.colorbar(image, ax=ax, shrink=0.75).ax.tick_params(labelsize=style.TINIEST)
            label = "input" if index == 0 else f"{name} pool x{index}"
            ax.set_title(f"{label}\n{values.shape[0]}x{values.shape[1]}", fontsize=style.SMALL)
            ax.set_xticks([])
            ax.set_yticks([])
    return Picture(figure, alt)


def relative(values: np.ndarray, signed: bool) -> tuple[np.ndarray, tuple[float, float]]:
    """``values`` divided by their largest magnitude, and the fixed colour limits to show them.

    Demos whose maps change range from frame to frame show them relative to
    their own maximum, so one colour bar, drawn once, serves every frame (the
    absolute range goes in the title or caption). Signed maps -> [-1, 1],
    non-negative maps -> [0, 1].
    """
    as_float_array(values, "values", "relative")  # refuses NaN and infinity
    values = np.asarray(values)
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    scaled = values / largest if largest else np.zeros_like(values)
    return scaled, ((-1.0, 1.0) if signed else (0.0, 1.0))


def fixed_colorbar(
    figure,
    image: AxesImage,
    ax: Axes,
    *,
    signed: bool,
    shrink: float = 0.8,
    label: str = "value / max |value|",
):
    """A colour bar for :func:`relative` maps: fixed limits, labelled as relative."""
    image.set_clim(*((-1.0, 1.0) if signed else (0.0, 1.0)))
    bar = figure.colorbar(image, ax=ax, shrink=shrink)
    bar.set_label(label, fontsize=style.SMALLER)
    bar.ax.tick_params(labelsize=style.TINY)
    return bar
