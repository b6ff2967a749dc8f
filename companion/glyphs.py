"""Short texts rasterised once, as ``Text`` would draw them: the numbers in a matrix's cells.

A matrix demo writes dozens of numbers per frame. Drawing each as a
:class:`matplotlib.text.Text` lays it out and rasterises it again on every
frame; :class:`companion.plots.NumberGrid` instead stamps a bitmap made once
per distinct string, size and resolution, kept in a bounded cache.

Each bitmap is drawn by matplotlib's Agg renderer through its public
backend interface (``RendererAgg.draw_text``, the call ``Text.draw`` makes),
so it follows matplotlib's text layout, hinting and font fallback from one
release to the next instead of calling FreeType objects (``get_font``,
``FT2Font.set_text``, ``get_hinting_flag``) that are not a stable API.
``tests/test_glyphs.py`` compares the result with a real ``Text``.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

__all__ = ["CACHE_SIZE", "text_image"]

CACHE_SIZE = 4096
"""At most this many bitmaps are kept (least recently used go first): a few MB."""

_MAX_FONTSIZE = 200.0
_MAX_DPI = 1200.0
_MAX_CHARS = 64


def text_image(
    text: str,
    fontsize: float,
    dpi: float,
    colour: tuple[int, int, int] = (0, 0, 0),
    *,
    origin: str = "upper",
) -> np.ndarray:
    """``text`` in the default font as an RGBA ``uint8`` image.

    Every pixel has the colour ``colour`` (0-255 per channel); the alpha
    channel is FreeType's antialiased coverage, the same one
    ``matplotlib.text.Text`` gets at this font size (points) and ``dpi``.
    ``origin="upper"`` puts the top row first (as an image is shown),
    ``"lower"`` the bottom row (as a renderer's ``draw_image`` takes it).
    The result is cached and read-only.

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
    return _render(text, float(fontsize), float(dpi), tuple(int(c) for c in rgb), origin)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _render(
    text: str, fontsize: float, dpi: float, rgb: tuple[int, int, int], origin: str
) -> np.ndarray:
    prop = FontProperties(size=fontsize)
    width, height, descent = RendererAgg(1, 1, dpi).get_text_width_height_descent(
        text, prop, ismath=False
    )
    pad = 2  # antialiasing may reach a pixel past the layout box
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
    _render.cache_clear()


def cache_size() -> int:
    """How many bitmaps the cache holds now."""
    return _render.cache_info().currsize
