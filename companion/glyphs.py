"""Short texts rasterised once, as ``Text`` would draw them: the numbers in a matrix's cells.

A matrix demo writes dozens of numbers per frame. Drawing each as a
:class:`matplotlib.text.Text` lays it out and rasterises it again on every
frame; :class:`NumberGrid` instead stamps a bitmap made once per distinct
string, size and resolution, kept in a cache bounded in count and in bytes.

Each bitmap is drawn by matplotlib's Agg renderer through its public
backend interface (``RendererAgg.draw_text``, the call ``Text.draw`` makes),
so it follows matplotlib's text layout, hinting and font fallback from one
release to the next instead of calling FreeType objects (``get_font``,
``FT2Font.set_text``, ``get_hinting_flag``) that are not a stable API.
``tests/test_glyphs.py`` compares the result with a real ``Text``.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

from companion import style

__all__ = ["CACHE_BYTES", "CACHE_SIZE", "MAX_PIXELS", "NumberGrid", "text_image"]

CACHE_SIZE = 4096
"""At most this many bitmaps are kept (least recently used go first)."""

CACHE_BYTES = 32 * 2**20
"""And at most this many bytes of them (a cell's number takes about 1 kB)."""

MAX_PIXELS = 2**20
"""The largest bitmap made, in pixels (4 MB): a line of big type, far above a cell's number."""

_MAX_FONTSIZE = 200.0
_MAX_DPI = 1200.0
_MAX_CHARS = 64


class _BitmapCache:
    """Least-recently-used bitmaps, at most :data:`CACHE_SIZE` of them and :data:`CACHE_BYTES`."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # frames may be drawn from several threads

    def get(self, key: tuple) -> np.ndarray | None:
        with self._lock:
            image = self._items.get(key)
            if image is not None:
                self._items.move_to_end(key)
            return image

    def put(self, key: tuple, image: np.ndarray) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = image
            self._bytes += image.nbytes
            while len(self._items) > CACHE_SIZE or self._bytes > CACHE_BYTES:
                self._bytes -= self._items.popitem(last=False)[1].nbytes

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def nbytes(self) -> int:
        return self._bytes


_CACHE = _BitmapCache()


def text_image(
    text: str,
    fontsize: float,
    dpi: float,
    colour: tuple[int, int, int] = style.DARK_RGB,
    *,
    origin: str = "upper",
) -> np.ndarray:
    """``text`` in the default font as an RGBA ``uint8`` image.

    Every pixel has the colour ``colour`` (0-255 per channel); the alpha
    channel is FreeType's antialiased coverage, the same one
    ``matplotlib.text.Text`` gets at this font size (points) and ``dpi``.
    ``origin="upper"`` puts the top row first (as an image is shown),
    ``"lower"`` the bottom row (as a renderer's ``draw_image`` takes it).
    The result is cached and read-only; one over :data:`MAX_PIXELS` is refused.

    Examples
    --------
    >>> image = text_image("42", fontsize=9, dpi=100)
    >>> image.dtype, image.shape[2]
    (dtype('uint8'), 4)
    >>> bool(image[..., 3].max() > 0), bool((image[..., :3] == 0).all())
    (True, True)
    """
    if not isinstance(text, str):
        raise TypeError(f"text_image: `text` must be a str, got {type(text).__name__}.")
    if len(text) > _MAX_CHARS:
        raise ValueError(f"text_image: `text` must be at most {_MAX_CHARS} characters long.")
    for name, value, top in (("fontsize", fontsize, _MAX_FONTSIZE), ("dpi", dpi, _MAX_DPI)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            raise TypeError(f"text_image: `{name}` must be a number, got {value!r}.")
        if not (math.isfinite(value) and 0 < value <= top):
            raise ValueError(f"text_image: `{name}` must be in (0, {top:g}], got {value!r}.")
    rgb = tuple(colour) if isinstance(colour, (tuple, list)) else ()
    if len(rgb) != 3 or not all(
        isinstance(c, (int, np.integer)) and not isinstance(c, bool) and 0 <= c <= 255 for c in rgb
    ):
        raise ValueError(f"text_image: `colour` must be three integers 0-255, got {colour!r}.")
    if origin not in ("upper", "lower"):
        raise ValueError(f"text_image: `origin` must be 'upper' or 'lower', got {origin!r}.")
    key = (text, float(fontsize), float(dpi), tuple(int(c) for c in rgb), origin)
    image = _CACHE.get(key)
    if image is None:
        image = _render(*key)
        _CACHE.put(key, image)
    return image


def _render(
    text: str, fontsize: float, dpi: float, rgb: tuple[int, int, int], origin: str
) -> np.ndarray:
    prop = FontProperties(size=fontsize)
    width, height, descent = RendererAgg(1, 1, dpi).get_text_width_height_descent(
        text, prop, ismath=False
    )
    pad = 2  # antialiasing may reach a pixel past the layout box
    if (width + 2 * pad) * (height + 2 * pad) > MAX_PIXELS:  # measured, not yet drawn
        raise ValueError(
            f"text_image: `text` at `fontsize` {fontsize:g} and `dpi` {dpi:g} would be a"
            f" {width:.0f} x {height:.0f} pixel bitmap; at most {MAX_PIXELS:,} pixels."
        )
    canvas_height = math.ceil(height) + 2 * pad
    renderer = RendererAgg(math.ceil(width) + 2 * pad, canvas_height, dpi)
    gc = renderer.new_gc()
    gc.set_foreground((0.0, 0.0, 0.0))
    # draw_text takes the baseline's y downwards from the top, as Text.draw passes it.
    renderer.draw_text(gc, pad, canvas_height - pad - math.ceil(descent), text, prop, 0.0)
    gc.restore()
    alpha = _crop_to_ink(np.asarray(renderer.buffer_rgba())[..., 3])
    if origin == "lower":
        alpha = alpha[::-1]
    image = np.empty((*alpha.shape, 4), dtype=np.uint8)
    image[..., :3] = rgb
    image[..., 3] = alpha
    image.flags.writeable = False
    return image


def _crop_to_ink(coverage: np.ndarray) -> np.ndarray:
    """``coverage`` cut to the rows and columns with ink (one empty pixel if none)."""
    rows = np.flatnonzero(coverage.any(axis=1))
    cols = np.flatnonzero(coverage.any(axis=0))
    if rows.size == 0:
        return np.zeros((1, 1), dtype=np.uint8)
    return coverage[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def cache_clear() -> None:
    """Forget every cached bitmap (tests; a changed default font)."""
    _CACHE.clear()


def cache_size() -> int:
    """How many bitmaps the cache holds now."""
    return len(_CACHE)


def cache_bytes() -> int:
    """How many bytes the cached bitmaps take now (at most :data:`CACHE_BYTES`)."""
    return _CACHE.nbytes


class NumberGrid(Artist):
    """The numbers written in a matrix's cells, drawn as cached glyph bitmaps.

    One artist for the whole grid instead of one ``Text`` per cell: each
    distinct string is rasterised once (:func:`text_image`,
    FreeType as ``Text`` would, in a bounded cache) and then stamped into
    place, about a hundred times faster to redraw, which is what keeps
    annotated demo frames under the live-update budget.
    """

    zorder = 3

    def __init__(self, ax: Axes, shape: tuple[int, int], fontsize: float) -> None:
        super().__init__()
        self.set_figure(ax.figure)
        self.axes = ax
        self.fontsize = fontsize
        self.strings = np.full(shape, "", dtype=object)
        self.dark = np.zeros(shape, dtype=bool)

    def set_cells(self, strings: np.ndarray, dark: np.ndarray) -> None:
        """New text per cell (``""`` for none), and which cells need light text."""
        self.strings, self.dark = strings, dark
        self.stale = True

    def _bitmap(self, text: str, light: bool, dpi: float) -> np.ndarray:
        """The text's bitmap, bottom row first as the renderer wants it."""
        colour = style.LIGHT_RGB if light else style.DARK_RGB
        return text_image(text, self.fontsize, dpi, colour, origin="lower")

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        rows, cols = np.nonzero(self.strings != "")
        if rows.size == 0:
            return
        centres = self.axes.transData.transform(np.column_stack([cols, rows]))
        gc = renderer.new_gc()
        for (x, y), r, c in zip(centres, rows, cols, strict=True):
            bitmap = self._bitmap(self.strings[r, c], bool(self.dark[r, c]), renderer.dpi)
            height, width = bitmap.shape[:2]
            # A copy: the cached bitmap is read-only, and Agg wants a writeable buffer.
            x0, y0 = round(x - width / 2), round(y - height / 2)
            renderer.draw_image(gc, x0, y0, bitmap.copy())
        gc.restore()
        self.stale = False
