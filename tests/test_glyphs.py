"""The one adapter over matplotlib's font internals: what it draws, its cache, its input.

The reference is matplotlib's public path: a ``Text`` on a figure rendered by
Agg. Black text on white gives ``255 - red = coverage``, which must equal the
adapter's alpha channel once both are cropped to their ink. If a matplotlib
release changes how ``RendererAgg.draw_text`` lays out or rasterises text, this fails.
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from companion import glyphs
from companion.glyphs import text_image


def _ink(coverage: np.ndarray) -> np.ndarray:
    """``coverage`` cropped to the rows and columns that hold any ink."""
    rows = np.flatnonzero(coverage.any(axis=1))
    cols = np.flatnonzero(coverage.any(axis=0))
    return coverage[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _drawn_by_text(text: str, fontsize: float, dpi: float) -> np.ndarray:
    figure = Figure(figsize=(2, 1), dpi=dpi, facecolor="white")
    figure.text(0.1, 0.3, text, fontsize=fontsize, color="black")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    red = np.asarray(canvas.buffer_rgba())[..., 0].astype(int)
    return _ink(255 - red)


@pytest.mark.parametrize(("text", "fontsize", "dpi"), [("-3.5", 9, 100), ("128", 7, 160)])
def test_text_image_matches_what_a_matplotlib_text_draws(text, fontsize, dpi):
    ours = _ink(text_image(text, fontsize, dpi)[..., 3].astype(int))
    reference = _drawn_by_text(text, fontsize, dpi)
    assert ours.shape == reference.shape
    assert np.abs(ours - reference).max() <= 2  # Agg blends in 8 bits


def test_text_image_is_coloured_and_oriented_as_asked():
    upper = text_image("7", 12, 100, (255, 255, 255))
    lower = text_image("7", 12, 100, (255, 255, 255), origin="lower")
    assert upper.dtype == np.uint8 and upper.shape[2] == 4
    assert (upper[..., :3] == 255).all()
    np.testing.assert_array_equal(lower, upper[::-1])
    # A "7" has its bar at the top: the top rows hold more ink than the bottom ones.
    ink = upper[..., 3].astype(int)
    assert ink[: ink.shape[0] // 3].sum() > ink[-(ink.shape[0] // 3) :].sum()


def test_cached_images_are_read_only():
    image = text_image("0.25", 9, 100)
    with pytest.raises(ValueError, match="read-only"):
        image[0, 0, 0] = 1


def test_the_cache_is_bounded():
    glyphs.cache_clear()
    for value in range(glyphs.CACHE_SIZE + 50):
        text_image(str(value), 6, 50)
    assert glyphs.cache_size() == glyphs.CACHE_SIZE
    glyphs.cache_clear()


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"text": 3}, TypeError, "text"),
        ({"text": "9" * 65}, ValueError, "text"),
        ({"fontsize": 0}, ValueError, "fontsize"),
        ({"fontsize": float("nan")}, ValueError, "fontsize"),
        ({"fontsize": "9"}, TypeError, "fontsize"),
        ({"dpi": 10_000}, ValueError, "dpi"),
        ({"colour": (0, 0)}, ValueError, "colour"),
        ({"colour": (0, 0, 256)}, ValueError, "colour"),
        ({"origin": "left"}, ValueError, "origin"),
    ],
)
def test_bad_input_is_refused_naming_the_argument(kwargs, error, name):
    arguments = {"text": "1", "fontsize": 9, "dpi": 100, **kwargs}
    with pytest.raises(error, match=f"`{name}`"):
        text_image(**arguments)
