"""Figure functions refuse absurd sizes and wrong types at once, with an error naming the argument.

Each call below would otherwise hang, take gigabytes, draw a (0, 0) frame or
fail deep inside matplotlib; refused, it costs well under a second. Oversized
images are zero-strided views (``np.broadcast_to``), so the tests allocate nothing.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from companion import figures, glyphs, layouts, pixel_plots, plots, result_figures
from companion.figures import FrameRenderer, new_figure

NAN, INF = float("nan"), float("inf")
HUGE = np.broadcast_to(np.zeros(1), (4000, 4000))
HUGE_PHOTO = np.broadcast_to(np.zeros(1, dtype=np.uint8), (2000, 2000, 3))
RESULTS = {"models": {"cnn": {"metrics": {"grid": np.ones((2, 3, 3))}}}, "seeds": [0, 1]}


def _axes():
    return new_figure(2, 2).add_subplot()


CASES = [
    # figures: a canvas bounded in pixels, a dpi that is really a dpi
    (lambda: new_figure(40, 40, dpi=400), ValueError, r"^new_figure: .*`dpi`"),
    (lambda: new_figure(1e-300, 3), ValueError, r"^new_figure: .*`width`"),
    (lambda: new_figure(3, 3, dpi=1e-300), ValueError, r"^new_figure: .*`dpi`"),
    (lambda: FrameRenderer(new_figure(40, 40), dpi=400), ValueError, r"^FrameRenderer: .*`dpi`"),
    (lambda: FrameRenderer(new_figure(2, 1), dpi=1e-300), ValueError, r"^FrameRenderer: .*`dpi`"),
    (lambda: FrameRenderer(new_figure(2, 1), dpi=0), ValueError, r"^FrameRenderer: `dpi`"),
    (lambda: FrameRenderer("figure"), TypeError, r"^FrameRenderer: `figure`"),
    (lambda: figures.figure_png(None), TypeError, r"^figure_png: `figure`"),
    (lambda: figures.freeze_layout(_axes()), TypeError, r"^freeze_layout: `figure`"),
    (
        lambda: figures.freeze_layout(new_figure(2, 1), INF),
        ValueError,
        r"^freeze_layout: `min_font`",
    ),
    (lambda: figures.png_data_uri("s"), TypeError, r"^png_data_uri: `png`"),
    (lambda: figures.img_tag(b"png", None), TypeError, r"^img_tag: `alt`"),
    (lambda: figures.img_tag(b"png", "alt", None), TypeError, r"^img_tag: `css_class`"),
    # glyphs: a bitmap bounded in pixels, measured before it is drawn
    (lambda: glyphs.text_image("W" * 64, 200, 1200), ValueError, r"^text_image: `text`"),
    (lambda: glyphs.text_image("x" * 64, 200, 1200), ValueError, r"^text_image: `text`"),
    # plots: panels bounded in pixels, finite data, real font sizes and widths
    (lambda: plots.maps([(HUGE, "a")] * 12, "alt"), ValueError, r"^maps: `panels`"),
    (
        lambda: plots.kernel_gallery(HUGE, ["blur"] * 11, "a"),
        ValueError,
        r"^kernel_gallery: `image`",
    ),
    (
        lambda: plots.pyramid_figure([("max", [HUGE] * 12)] * 6, "a"),
        ValueError,
        r"^pyramid_figure: `rows`",
    ),
    (lambda: plots.signed_limits(np.array([NAN, 1.0])), ValueError, r"^signed_limits: `array`"),
    (lambda: plots.relative(np.array([INF, 1.0]), True), ValueError, r"^relative: `values`"),
    (
        lambda: plots.draw_matrix(_axes(), np.eye(2), fontsize=-1),
        ValueError,
        r"^draw_matrix: `fontsize`",
    ),
    (
        lambda: plots.draw_matrix(_axes(), np.eye(2), fontsize=NAN),
        ValueError,
        r"^draw_matrix: `fontsize`",
    ),
    (
        lambda: plots.draw_matrix(_axes(), np.eye(2), fontsize=1e9),
        ValueError,
        r"^draw_matrix: `fontsize`",
    ),
    (
        lambda: plots.draw_matrix(_axes(), np.eye(2), fontsize="1"),
        TypeError,
        r"^draw_matrix: `fontsize`",
    ),
    (lambda: plots.draw_matrix("ax", np.eye(2)), TypeError, r"^draw_matrix: `ax`"),
    (lambda: plots.draw_matrix(_axes(), np.ones((2, 2, 2))), ValueError, r"^draw_matrix: `array`"),
    (lambda: plots.wrap_title("a title", INF), ValueError, r"^wrap_title: `width`"),
    (lambda: plots.wrap_title("a title", -1), ValueError, r"^wrap_title: `width`"),
    (lambda: plots.wrap_title("a title", NAN), ValueError, r"^wrap_title: `width`"),
    (lambda: plots.wrap_title("a title", 2, fontsize=0), ValueError, r"^wrap_title: `fontsize`"),
    (lambda: plots.wrap_title(None, 2), TypeError, r"^wrap_title: `title`"),
    (lambda: plots.matrix(np.eye(2), None, "alt"), TypeError, r"^matrix: `title`"),
    (lambda: plots.shift_grid(np.eye(3), None, "alt"), TypeError, r"^shift_grid: `title`"),
    (lambda: pixel_plots.zoom_in(HUGE_PHOTO, 0, 0), ValueError, r"^zoom_in: `photo`"),
    # layouts: font sizes and layouts within their range, figures that are figures
    (
        lambda: layouts.raise_small_text(new_figure(2, 1), INF),
        ValueError,
        r"^raise_small_text: `minimum`",
    ),
    (
        lambda: layouts.raise_small_text(new_figure(2, 1), 1e9),
        ValueError,
        r"^raise_small_text: `minimum`",
    ),
    (
        lambda: layouts.raise_small_text(new_figure(2, 1), NAN),
        ValueError,
        r"^raise_small_text: `minimum`",
    ),
    (
        lambda: layouts.raise_small_text(new_figure(2, 1), -1),
        ValueError,
        r"^raise_small_text: `minimum`",
    ),
    (lambda: layouts.raise_small_text("figure", 7), TypeError, r"^raise_small_text: `figure`"),
    (lambda: layouts.smallest_text(None), TypeError, r"^smallest_text: `figure`"),
    (lambda: layouts.two_over_one(_axes()), TypeError, r"^two_over_one: `figure`"),
    (
        lambda: layouts.two_over_one(new_figure(2, 2), height_ratios=(1, -1)),
        ValueError,
        r"^two_over_one: `height_ratios`",
    ),
    (lambda: layouts.Layout("x", width=-1, dpi=80, min_font=7), ValueError, r"^Layout: `width`"),
    (lambda: layouts.Layout("x", width=3, dpi=0, min_font=7), ValueError, r"^Layout: `dpi`"),
    (
        lambda: layouts.Layout("x", width=3, dpi=80, min_font=NAN),
        ValueError,
        r"^Layout: `min_font`",
    ),
    (lambda: layouts.Layout(None, width=3, dpi=80, min_font=7), TypeError, r"^Layout: `name`"),
    # result figures: unknown models named with the known ones; kernels of a first layer's size
    (
        lambda: result_figures.accuracy_grids(RESULTS, ["mlp"], "a"),
        ValueError,
        r"^accuracy_grids: `names`.*known: cnn",
    ),
    (
        lambda: result_figures.shift_curves(RESULTS, ["mlp"], "a"),
        ValueError,
        r"^shift_curves: `names`.*known: cnn",
    ),
    (
        lambda: result_figures.kernel_tiles(np.zeros((64, 64, 1, 2)), "t", "a"),
        ValueError,
        r"^kernel_tiles: `kernel`",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_bad_input_is_refused_at_once_naming_the_argument(call, error, message):
    start = time.perf_counter()
    with pytest.raises(error) as raised:
        call()
    assert re.search(message, str(raised.value)), str(raised.value)
    assert time.perf_counter() - start < 1.0


def test_img_tag_escapes_its_class_and_keeps_a_plain_one():
    hostile = figures.img_tag(b"png", "alt", css_class='"><script>alert(1)</script>')
    assert "<script>" not in hostile and 'class="&quot;&gt;&lt;script&gt;' in hostile
    assert figures.img_tag(b"png", "a <b>").startswith('<img class="cnn-figure" src="data:')


def test_the_glyph_cache_is_bounded_in_bytes(monkeypatch):
    glyphs.cache_clear()
    monkeypatch.setattr(glyphs, "CACHE_BYTES", 20_000)
    for value in range(60):
        glyphs.text_image(str(value), 20, 100)
    assert 0 < glyphs.cache_bytes() <= 20_000
    assert glyphs.cache_size() < 60
    glyphs.cache_clear()


def test_the_largest_figures_of_the_course_still_draw():
    twice_wide = new_figure(layouts.WIDE.width, 5.8, dpi=2 * layouts.WIDE.dpi)
    assert FrameRenderer(twice_wide).rgb().shape == (928, 1536, 3)
    assert FrameRenderer(new_figure(3.4, 6.0), dpi=2 * layouts.NARROW.dpi).rgb().shape[1] == 680
    photo = np.zeros((plots.MAX_SIDE, plots.MAX_SIDE))
    assert plots.maps([(photo, "largest panel")], "a blank map").png()
