"""Absurd sizes are refused at once, naming the argument: no hang, no gigabyte allocation.

Each call below used to hang, run for minutes or try to allocate gigabytes or
more (``pool_repeatedly(times=10**9)`` never returned; ``coverage(10**9, ...)``
asked for 3.7 GB). Each must now raise a clear error within a second.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
from scipy.signal import correlate2d

from companion import (
    circular,
    colour,
    convolution,
    figures,
    invariance,
    kernels,
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


# -- bad values, empty inputs and user functions: refused at once, naming the argument ------------
RNG = np.random.default_rng(0)
SCANS, LABELS = RNG.random((4, 6, 6)) + 0.1, np.array([0, 0, 1, 1])
ONES32 = np.float32(1)

REFUSALS = {
    "table cells": (
        lambda: invariance.pooling_equivariance_table(X, strides=[1] * 64, shifts=range(64)),
        ValueError,
        "`strides`",
    ),
    "conv2d output channels": (
        lambda: ops.conv2d(
            np.broadcast_to(ONES32, (1, 128, 128, 1024)),
            np.broadcast_to(ONES32, (3, 3, 1024, 1024)),
            1,
            "SAME",
        ),
        ValueError,
        "`filters`",
    ),
    "pool1d window x length": (
        lambda: invariance.pool1d(np.arange(10.0**6), "max", size=10**6, stride=1),
        ValueError,
        "`size`",
    ),
    "global avg of nothing": (
        lambda: ops.global_avg_pool2d(np.ones((1, 0, 3, 1))),
        ValueError,
        "`input`",
    ),
    "global max of nothing": (
        lambda: ops.global_max_pool2d(np.ones((1, 0, 3, 1))),
        ValueError,
        "`input`",
    ),
    "max pool empty batch": (
        lambda: ops.max_pool2d(np.ones((0, 4, 4, 1)), 2, 2, "VALID"),
        ValueError,
        "`input`",
    ),
    "avg pool empty batch": (
        lambda: ops.avg_pool2d(np.ones((0, 4, 4, 1)), 2, 2, "VALID"),
        ValueError,
        "`input`",
    ),
    "pool_repeatedly empty": (
        lambda: pooling.pool_repeatedly(np.ones((0, 4, 4, 1)), ops.max_pool2d),
        ValueError,
        "`input`",
    ),
    "by_hand kernel too large": (
        lambda: convolution.by_hand(RNG.random((4, 4)), np.ones((5, 5)), padding="VALID"),
        ValueError,
        "`kernel`",
    ),
    "by_hand empty kernel": (
        lambda: convolution.by_hand(RNG.random((4, 4)), np.ones((0, 0))),
        ValueError,
        "`kernel`",
    ),
    "get_filter empty": (lambda: kernels.get_filter(np.ones((0, 3))), ValueError, "`kernel_2d`"),
    "feature_stack names": (
        lambda: pooling.feature_stack(np.zeros((1024, 1024)), ["left sobel"] * 300),
        ValueError,
        "`names`",
    ),
    "class_comparison names": (
        lambda: shifts.class_comparison(SCANS, LABELS, 0, 1, names=["left sobel"] * 200),
        ValueError,
        "`names`",
    ),
    "feature_maps names": (
        lambda: shifts.feature_maps(np.zeros((8, 8)), ["left sobel"] * 33),
        ValueError,
        "`names`",
    ),
    "atol nan": (
        lambda: pooling.shift_changes(np.eye(8), [(0, 1)], atol=np.nan),
        ValueError,
        "`atol`",
    ),
    "atol negative": (
        lambda: pooling.shift_changes(np.eye(8), [(0, 1)], atol=-1),
        ValueError,
        "`atol`",
    ),
    "atol string": (
        lambda: pooling.shift_changes(np.eye(8), [(0, 1)], atol="1"),
        TypeError,
        "`atol`",
    ),
    "atol None": (
        lambda: pooling.shift_changes(np.eye(8), [(0, 1)], atol=None),
        TypeError,
        "`atol`",
    ),
    "tolerance nan": (
        lambda: invariance.farthest_from_border(X, tolerance=np.nan),
        ValueError,
        "`tolerance`",
    ),
    "tolerance bool": (
        lambda: invariance.farthest_from_border(X, tolerance=True),
        TypeError,
        "`tolerance`",
    ),
    "shift_mismatch nan output": (
        lambda: invariance.shift_mismatch(lambda x: x * np.nan, X, 1, 1),
        ValueError,
        "`f(input)`",
    ),
    "equivariance_map inf output": (
        lambda: invariance.equivariance_map(lambda x: x * np.inf, X, 1, 1),
        ValueError,
        "`f(",
    ),
    "pool_repeatedly text output": (
        lambda: pooling.pool_repeatedly(X, lambda x, **kwargs: "abc"),
        TypeError,
        "`pool(input)`",
    ),
    "format_comparison empty": (lambda: shifts.format_comparison({}), ValueError, "`table`"),
    "format_comparison None": (lambda: shifts.format_comparison(None), TypeError, "`table`"),
    "format_comparison values": (
        lambda: shifts.format_comparison({"pixels": 1}),
        TypeError,
        "`table`",
    ),
    "shifted_pipeline no reference": (
        lambda: pooling.shifted_pipeline(np.eye(8), "left sobel", [(0, 1)]),
        ValueError,
        "`shifts`",
    ),
    "shifted_pipeline copies": (
        lambda: pooling.shifted_pipeline(np.zeros((1024, 1024)), "left sobel", [(0, 0)] * 17),
        ValueError,
        "`shifts`",
    ),
    "shifted_pipeline pairs": (
        lambda: pooling.shifted_pipeline(np.eye(8), "left sobel", [0, 0]),
        TypeError,
        "`shifts`",
    ),
    "named_kernels string": (lambda: kernels.named_kernels("outline"), ValueError, "`names`"),
}


@pytest.mark.parametrize(("call", "error", "fragment"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_bad_value_is_refused_at_once_naming_the_argument(call, error, fragment):
    start = time.perf_counter()
    with pytest.raises(error, match=f"^[a-z_0-9]+: .*{re.escape(fragment)}"):
        call()
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("kind", invariance.POOL1D_KINDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pool1d_keeps_the_float_type_of_its_signal(kind, dtype):
    signal = invariance.aliasing_signal()
    pooled = invariance.pool1d(signal.astype(dtype), kind, 2, 2)
    assert pooled.dtype == dtype
    # float32 rounds the float64 result, nothing more
    np.testing.assert_allclose(pooled, invariance.pool1d(signal, kind, 2, 2), rtol=1e-6)


def test_the_pools_keep_float32():
    x = np.ones((1, 4, 4, 1), dtype=np.float32)
    for pool in (ops.max_pool2d, ops.avg_pool2d):
        assert pool(x, 2, 2, "SAME").dtype == np.float32
    assert ops.global_avg_pool2d(x).dtype == np.float32
    assert ops.conv2d(x, np.ones((2, 2, 1, 1), dtype=np.float32)).dtype == np.float32
    assert all(m.dtype == np.float32 for m in pooling.pool_repeatedly(x, ops.max_pool2d, 2))


@pytest.mark.parametrize("scale", [1e-200, 1e-20, 1.0, 1e20, 1e200, 1e300])
def test_cosine_similarity_does_not_depend_on_the_scale(scale):
    a, b = RNG.random(16), RNG.random(16) + 1
    expected = np.dot(a, b) / np.sqrt(np.dot(a, a) * np.dot(b, b))
    assert shifts.cosine_similarity(a * scale, b) == pytest.approx(expected, rel=1e-12)
    assert shifts.cosine_similarity(a * scale, b * scale) == pytest.approx(expected, rel=1e-12)
    assert shifts.cosine_similarity(np.full(4, scale), np.full(4, scale)) == pytest.approx(1.0)


def test_best_translation_match_survives_huge_and_tiny_values():
    image = RNG.random((8, 8))
    target = np.roll(image, (1, -2), axis=(0, 1))
    for scale in (1e-200, 1e200):
        similarity, shift = shifts.best_translation_match(image * scale, target * scale)
        assert similarity == pytest.approx(1.0) and shift == (1, -2)


def test_shift_curves_are_typed_fields():
    curves = shifts.shift_curves(np.eye(8), [0, 1, 2])
    assert curves.shift.tolist() == [0, 1, 2]
    assert curves.pixels[0] == pytest.approx(1.0) and curves.pixels[1] == 0.0
    assert curves.pooled.shape == curves.error.shape == (3,)


def test_shifted_pipeline_equals_a_computation_by_hand():
    """Zero-filled shift, scipy correlation, ReLU, 2x2 max by reshaping, mean over the first."""
    image = RNG.random((6, 6))
    grid = [(0, 0), (1, 0), (0, -1), (2, 3)]
    kernel = kernels.kernel("left sobel").astype(np.float64)
    pooled_means = []
    for dy, dx in grid:
        moved = np.zeros_like(image)
        moved[max(dy, 0) : 6 + min(dy, 0), max(dx, 0) : 6 + min(dx, 0)] = image[
            max(-dy, 0) : 6 + min(-dy, 0), max(-dx, 0) : 6 + min(-dx, 0)
        ]
        relu = np.maximum(correlate2d(moved, kernel, mode="same"), 0)
        pooled_means.append(relu.reshape(3, 2, 3, 2).max(axis=(1, 3)).mean())
    result = pooling.shifted_pipeline(image, "left sobel", grid)
    np.testing.assert_allclose(result.mean_ratios(), np.array(pooled_means) / pooled_means[0])
    assert result.shifted.shape == result.relu.shape == (4, 6, 6, 1)
    assert result.pooled.shape == (4, 3, 3, 1)
    np.testing.assert_allclose(result.mean_ratios(result.relu)[0], 1.0)


def test_the_new_bounds_leave_room_for_the_chapters():
    table = invariance.pooling_equivariance_table(
        np.zeros((1, 4, 4, 1)), strides=[2] * 4, shifts=range(invariance.MAX_CELLS // 4)
    )
    assert table.shape == (4, 64) and table.all()
    assert len(kernels.named_kernels(["outline"] * kernels.MAX_NAMES)) == kernels.MAX_NAMES
    # eye(8) pooled 2x2/2 is the 4x4 diagonal; one pixel right, blocks (k, k + 1) light up
    assert pooling.shift_changes(np.eye(8), [(0, 1)], times=1, atol=0) == [3]
