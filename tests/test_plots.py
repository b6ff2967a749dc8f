"""companion.plots: annotated matrices, rows of maps, the pooling pyramid; bounded input."""

from __future__ import annotations

import numpy as np
import pytest

from companion import plots

# The article's pyramid worked by hand: a 4x4 map with one 1, max pooled twice (2x2/2).
PEAK = np.zeros((1, 4, 4, 1))
PEAK[0, 1, 2, 0] = 1.0
PYRAMID = [PEAK, np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[1.0]])]


def test_pyramid_figure_has_one_titled_panel_per_map_and_row():
    picture = plots.pyramid_figure([("max", PYRAMID), ("average", PYRAMID[:2])], alt="pyramid")
    titled = [ax for ax in picture.figure.axes if ax.images]
    assert [ax.get_title() for ax in titled] == [
        "input\n4x4",
        "max pool x1\n2x2",
        "max pool x2\n1x1",
        "input\n4x4",
        "average pool x1\n2x2",
    ]


def test_pyramid_figure_gives_each_panel_its_own_scale_from_zero():
    picture = plots.pyramid_figure([("average", [PEAK, np.full((2, 2), 0.25)])], alt="faded")
    limits = [ax.images[0].get_clim() for ax in picture.figure.axes if ax.images]
    assert limits == [(0.0, 1.0), (0.0, 0.25)]


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ([], ValueError),
        ("max", ValueError),
        ([("max",)], TypeError),
        ([("max", PYRAMID)] * (plots.MAX_ROWS + 1), ValueError),
        ([("max", [PEAK] * (plots.MAX_PANELS + 1))], ValueError),
    ],
    ids=["no rows", "a string", "not pairs", "too many rows", "too many maps"],
)
def test_pyramid_figure_refuses_bad_rows_naming_them(rows, error):
    with pytest.raises(error, match="`rows`"):
        plots.pyramid_figure(rows, alt="nothing")


def test_matrix_writes_each_value_in_its_cell():
    picture = plots.matrix([[1, -2.5], [0, 40]], "values", alt="a 2x2 matrix")
    numbers = next(a for a in picture.figure.axes[0].artists if hasattr(a, "strings"))
    assert numbers.strings.tolist() == [["1", "-2.5"], ["0", "40"]]


def test_matrix_writes_light_numbers_on_dark_cells():
    picture = plots.matrix([[0.0, 1.0]], "values", alt="a 1x2 matrix")
    numbers = next(a for a in picture.figure.axes[0].artists if hasattr(a, "strings"))
    # viridis: 0 is dark purple (light text), the top is bright yellow (dark text).
    assert numbers.dark.tolist() == [[True, False]]


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: plots.matrix(np.ones((2, 2, 2)), "t", alt="a"), "array"),
        (lambda: plots.matrix(np.ones((plots.MAX_CELLS + 1, 2)), "t", alt="a"), "array"),
        (lambda: plots.maps([], alt="a"), "panels"),
        (lambda: plots.maps([(np.eye(2), "t")] * (plots.MAX_PANELS + 1), alt="a"), "panels"),
        (lambda: plots.kernel_gallery(np.ones((4, 4, 3)), ["outline"], alt="a"), "image"),
        (lambda: plots.kernel_gallery(np.ones((4, 4)), "outline", alt="a"), "names"),
        (lambda: plots.kernel_gallery(np.ones((4, 4)), ["outline"] * 12, alt="a"), "names"),
    ],
)
def test_bad_or_oversized_input_is_refused_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=f"`{name}`"):
        call()


def test_relative_scales_by_the_largest_magnitude():
    scaled, limits = plots.relative(np.array([-4.0, 2.0, 1.0]), signed=True)
    np.testing.assert_array_equal(scaled, [-1.0, 0.5, 0.25])
    assert limits == (-1.0, 1.0)


def test_signed_limits_centre_zero_and_survive_an_all_zero_map():
    assert plots.signed_limits(np.array([-3.0, 1.0])) == (-3.0, 3.0)
    assert plots.signed_limits(np.zeros(3)) == (-1.0, 1.0)


def test_matrix_wraps_a_title_wider_than_its_figure():
    picture = plots.matrix(np.eye(3), "share of positions unchanged (2x2/2 max pool)", alt="a")
    title = picture.figure.axes[0].title.get_text()
    assert "\n" in title and title.replace("\n", " ").startswith("share of positions")


def test_shift_grid_labels_rows_and_columns_by_shift_from_minus_k_to_k():
    picture = plots.shift_grid(np.zeros((7, 7)), "unchanged?", alt="a 7x7 grid of shifts")
    ax = picture.figure.axes[0]
    picture.png()
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(k) for k in range(-3, 4)]
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(k) for k in range(-3, 4)]
    assert "dx" in ax.get_xlabel() and "dy" in ax.get_ylabel()


@pytest.mark.parametrize("shape", [(2, 2), (3, 5)])
def test_shift_grid_needs_a_square_with_an_odd_side(shape):
    with pytest.raises(ValueError, match="`array`"):
        plots.shift_grid(np.zeros(shape), "t", alt="a")


def test_matrix_refuses_names_that_do_not_match_its_rows():
    with pytest.raises(ValueError, match="`rows`"):
        plots.matrix(np.eye(2), "t", alt="a", rows=[1, 2, 3])
