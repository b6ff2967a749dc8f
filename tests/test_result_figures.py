"""companion.result_figures: stored results drawn with their spread (a results dict by hand)."""

from __future__ import annotations

import numpy as np
import pytest

from companion import result_figures

# Two seeds, shifts -1..1: model "a" is right everywhere on seed 0 and only unshifted on seed 1.
GRID_A = [np.ones((3, 3)), np.pad([[1.0]], 1)]
RESULTS = {
    "seeds": [0, 1],
    "models": {
        "a": {"label": "model A", "metrics": {"grid": [g.tolist() for g in GRID_A]}},
        "b": {"metrics": {"grid": [np.full((3, 3), 0.5).tolist()] * 2}},
    },
}


def test_accuracy_grids_title_each_model_with_its_mean_over_seeds_and_shifts():
    picture = result_figures.accuracy_grids(RESULTS, ["a", "b"], alt="grids", columns=2)
    titles = [ax.get_title() for ax in picture.figure.axes if ax.images]
    # Model A: (9 + 1) right of 18 cells = 0.56; the label falls back to the name.
    assert titles == ["model A\nmean 0.56", "b\nmean 0.50"]


def test_shift_curves_show_the_mean_and_spread_over_seeds():
    picture = result_figures.shift_curves(RESULTS, ["a"], alt="curves")
    horizontal = picture.figure.axes[0]
    np.testing.assert_allclose(horizontal.lines[0].get_ydata(), [0.5, 1.0, 0.5])
    bars = horizontal.collections[0].get_segments()  # the error bars: mean +- sd (ddof 1)
    np.testing.assert_allclose(
        [s[:, 1] for s in bars],
        [[0.5 - 0.7071, 0.5 + 0.7071], [1, 1], [0.5 - 0.7071, 0.5 + 0.7071]],
        atol=1e-4,
    )


def test_kernel_tiles_draw_one_tile_per_kernel_on_one_signed_scale():
    kernel = np.zeros((3, 3, 1, 5))
    kernel[1, 1, 0, 2] = -4.0
    picture = result_figures.kernel_tiles(kernel, "first layer", alt="kernels")
    tiles = [ax for ax in picture.figure.axes if ax.images]
    assert [ax.get_title() for ax in tiles] == ["0", "1", "2", "3", "4"]
    assert {ax.images[0].get_clim() for ax in tiles} == {(-4.0, 4.0)}


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: result_figures.accuracy_grids(RESULTS, [], alt="a"), ValueError, "names"),
        (lambda: result_figures.accuracy_grids(RESULTS, "a", alt="a"), TypeError, "names"),
        (
            lambda: result_figures.accuracy_grids(RESULTS, ["a"], alt="a", columns=0),
            ValueError,
            "columns",
        ),
        (
            lambda: result_figures.accuracy_grids(RESULTS, ["a"] * 16, alt="a", columns=1),
            ValueError,
            "names",
        ),
        (lambda: result_figures.shift_curves(RESULTS, ["a"] * 33, alt="a"), ValueError, "names"),
        (
            lambda: result_figures.kernel_tiles(np.ones((3, 3, 2, 4)), "t", "a"),
            ValueError,
            "kernel",
        ),
    ],
)
def test_bad_or_oversized_input_is_refused_naming_the_argument(call, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        call()
