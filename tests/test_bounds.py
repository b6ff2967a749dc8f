"""Absurd sizes are refused at once, naming the argument: no hang, no gigabyte allocation.

Each call below used to hang, run for minutes or try to allocate gigabytes or
more (``pool_repeatedly(times=10**9)`` never returned; ``coverage(10**9, ...)``
asked for 3.7 GB). Each must now raise a clear error within a second.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from companion import (
    circular,
    colour,
    convolution,
    figures,
    invariance,
    ops,
    pixel_plots,
    plots,
    pooling,
    result_figures,
    shifts,
)
from companion.demo import Control, Demo

X = np.ones((1, 8, 8, 1))
PHOTO = np.zeros((8, 8, 3), dtype=np.uint8)
HUGE = 10**9

CASES = {
    "levels": (lambda: colour.levels(HUGE), "bits"),
    "colour_count": (lambda: colour.colour_count(channels=HUGE), "channels"),
    "to_bits": (lambda: colour.to_bits(1, HUGE), "bits"),
    "bits_per_pixel": (lambda: colour.bits_per_pixel(3, HUGE), "bits"),
    "window": (lambda: colour.window(PHOTO, 0, 0, HUGE), "size"),
    "step_image": (lambda: shifts.step_image(HUGE, HUGE), "height"),
    "shift_report": (lambda: shifts.shift_report(np.eye(8), HUGE), "dx"),
    "shift_curves": (lambda: shifts.shift_curves(np.eye(8), range(HUGE)), "shifts"),
    "pool_repeatedly": (lambda: pooling.pool_repeatedly(X, ops.max_pool2d, times=HUGE), "times"),
    "pooled_after_shift": (
        lambda: pooling.pooled_after_shift(np.eye(8), 0, 0, times=HUGE),
        "times",
    ),
    "shift_changes": (lambda: pooling.shift_changes(np.eye(8), [(0, 0)] * 10**5), "shifts"),
    "coverage": (lambda: pooling.coverage(HUGE, HUGE, 2, 2, "SAME"), "height"),
    "constant_filter": (lambda: pooling.constant_filter(64, channels=10**4), "channels"),
    "table layers": (lambda: invariance.pooling_equivariance_table(X, layers=HUGE), "layers"),
    "table shifts": (
        lambda: invariance.pooling_equivariance_table(X, shifts=range(HUGE)),
        "shifts",
    ),
    "isolated_peak": (lambda: invariance.isolated_peak_unchanged(10**5), "size"),
    "circle size": (lambda: invariance.circle_shift_unchanged(size=10**5), "size"),
    "circle radius": (lambda: invariance.circle_shift_unchanged(radius=HUGE), "radius"),
    "circle shift": (lambda: invariance.circle_shift_unchanged(max_shift=10**5), "max_shift"),
    "circle pools": (lambda: invariance.circle_shift_unchanged(pools=HUGE), "pools"),
    "pool1d": (lambda: invariance.pool1d(np.ones(8), "max", HUGE, 2), "size"),
    "shift_mismatch": (
        lambda: invariance.shift_mismatch(ops.relu, np.ones((1, 256, 256, 1)), 1, 1),
        "input",
    ),
    "circular_pad": (lambda: circular.circular_pad(X, 10**6), "window"),
    "pad_like_tf": (
        lambda: convolution.pad_like_tf(np.ones((4, 4)), (10**6, 10**6)),
        "kernel_shape",
    ),
    "new_figure": (lambda: figures.new_figure(10**5, 3), "width"),
    "maps width": (lambda: plots.maps([(np.eye(2), "t")], alt="a", width=10**5), "width"),
    "matrix cell": (lambda: plots.matrix(np.eye(2), "t", alt="a", cell=10**5), "cell"),
    "kernel_tiles": (
        lambda: result_figures.kernel_tiles(np.ones((3, 3, 1, 10**4)), "t", "a"),
        "kernel",
    ),
    "zoom_in": (lambda: pixel_plots.zoom_in(PHOTO, 0, 0, HUGE), "size"),
    "wrap_pitfall": (lambda: pixel_plots.wrap_pitfall(PHOTO, HUGE), "amount"),
    "control": (lambda: Control("stride", range(10**12)), "values"),
    "demo frames": (
        lambda: Demo("t", [Control(n, range(64)) for n in "abc"], dict, object, str),
        "controls",
    ),
}


@pytest.mark.parametrize(("call", "name"), CASES.values(), ids=CASES.keys())
def test_an_absurd_size_is_refused_at_once_naming_the_argument(call, name):
    start = time.perf_counter()
    with pytest.raises(ValueError, match=f"`{name}`"):
        call()
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: figures.new_figure(float("nan"), 3), "width"),
        (lambda: figures.new_figure(3, 0), "height"),
        (lambda: plots.matrix(np.eye(2), "t", alt="a", cell=-1), "cell"),
    ],
)
def test_a_size_that_is_not_positive_and_finite_is_refused(call, name):
    with pytest.raises(ValueError, match=f"`{name}`"):
        call()


def test_a_figure_size_must_be_a_number():
    with pytest.raises(TypeError, match="`width`"):
        figures.new_figure("9.6", 3)
    with pytest.raises(TypeError, match="`height`"):
        figures.new_figure(9.6, True)


def test_the_bounds_leave_room_for_every_size_the_course_uses():
    assert len(pooling.pool_repeatedly(X, ops.max_pool2d, times=pooling.MAX_TIMES)) == 33
    assert colour.colour_count(4, 16) == 2**64
    assert figures.new_figure(figures.MAX_INCHES, 1).get_size_inches()[0] == figures.MAX_INCHES
    assert invariance.circle_shift_unchanged(max_shift=invariance.MAX_SHIFT).shape == (17, 17)
    assert pooling.coverage(pooling.MAX_SIDE, 2, 2, 2, "VALID").shape == (pooling.MAX_SIDE, 2)
