"""Figure layouts for wide screens and phones, and frames drawn at twice the resolution."""

from __future__ import annotations

import numpy as np
import pytest

from companion import style
from companion.figures import FrameRenderer, freeze_layout, new_figure
from companion.layouts import NARROW, WIDE, raise_small_text, smallest_text, two_over_one
from companion.plots import draw_matrix


def test_layouts_give_their_width_in_css_pixels():
    assert (WIDE.css_width, NARROW.css_width) == (768, 340)
    assert not WIDE.narrow and NARROW.narrow
    assert NARROW.pixels(NARROW.min_font) > 9  # 7 pt at 100 dpi
    assert WIDE.pixels(WIDE.min_font) == 10  # 9 pt at 80 dpi


def _figure_with_small_text():
    figure = new_figure(3, 2)
    ax = figure.add_subplot()
    numbers = draw_matrix(ax, np.arange(4.0).reshape(2, 2), fontsize=style.TINIEST)
    ax.set_title("a title", fontsize=style.TINIEST)
    ax.tick_params(labelsize=style.TINIEST)
    return figure, ax, numbers


def test_raise_small_text_lifts_titles_ticks_and_cell_numbers():
    figure, ax, numbers = _figure_with_small_text()
    figure.canvas.draw()
    assert smallest_text(figure) == style.TINIEST
    raise_small_text(figure, 7)
    figure.canvas.draw()
    assert smallest_text(figure) == 7
    assert ax.title.get_fontsize() == 7
    assert numbers.numbers.fontsize == 7
    assert all(t.get_fontsize() == 7 for t in ax.xaxis.get_ticklabels() if t.get_text())


def test_raise_small_text_keeps_larger_text():
    figure, ax, _ = _figure_with_small_text()
    ax.set_xlabel("column", fontsize=style.MEDIUM)
    figure.canvas.draw()
    raise_small_text(figure, 7)
    assert ax.xaxis.label.get_fontsize() == style.MEDIUM


def test_freeze_layout_makes_room_for_the_raised_text():
    figure, _, _ = _figure_with_small_text()
    freeze_layout(figure, 9)
    assert smallest_text(figure) == 9


def test_frames_at_twice_the_resolution_and_back():
    """Two renderers of one figure take turns: each frame keeps its own resolution."""
    figure = new_figure(2, 1)
    ax = figure.add_subplot()
    image = ax.imshow(np.zeros((4, 4)), vmin=0, vmax=1)
    freeze_layout(figure)
    single, double = FrameRenderer(figure, [image]), FrameRenderer(figure, [image], dpi=160)
    first = single.rgb()
    sharp = double.rgb()
    assert first.shape == (80, 160, 3) and sharp.shape == (160, 320, 3)
    image.set_data(np.ones((4, 4)))
    again = single.rgb()
    assert again.shape == first.shape and not np.array_equal(again, first)
    image.set_data(np.zeros((4, 4)))
    np.testing.assert_array_equal(single.rgb(), first)


def test_frame_renderer_refuses_a_resolution_off_the_scale():
    figure = new_figure(2, 1)
    with pytest.raises(ValueError, match="`dpi`"):
        FrameRenderer(figure, dpi=10**6)


def test_two_over_one_puts_the_third_panel_under_the_first_two_at_full_width():
    figure = new_figure(3.4, 4.0, dpi=100)
    figure.set_layout_engine(None)  # the grid's own positions, before any layout engine
    left, right, bottom = (ax.get_position() for ax in two_over_one(figure, height_ratios=(1, 3)))
    assert left.y0 == right.y0 and left.x1 < right.x0  # one row, side by side
    assert bottom.y1 < left.y0  # under them
    assert bottom.x0 == left.x0 and bottom.x1 == right.x1  # as wide as both
    assert bottom.height > 2.5 * left.height  # the ratios apply
