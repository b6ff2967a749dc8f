"""Tests of companion.blurpool: the binomial filters and anti-aliased max pooling."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.special import comb

from companion import blurpool, images, ops


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 64])
def test_binomial_kernel_is_pascals_row_over_its_sum(size):
    row = blurpool.binomial_kernel(size)
    expected = comb(size - 1, np.arange(size), exact=False) / 2.0 ** (size - 1)
    np.testing.assert_allclose(row, expected, rtol=1e-12)


def test_binomial_kernel_rejects_size_zero():
    with pytest.raises(ValueError, match="size"):
        blurpool.binomial_kernel(0)


def test_blur_kernel_of_size_three_is_the_1_2_1_blur():
    np.testing.assert_allclose(
        blurpool.blur_kernel(3), np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16, rtol=1e-12
    )


@pytest.mark.parametrize("padding", ["SAME", "CIRCULAR"])
@pytest.mark.parametrize(("height", "width"), [(8, 8), (7, 9), (5, 4)])
def test_blur_pool_output_has_ceil_of_size_over_stride(padding, height, width):
    x = np.random.default_rng(0).random((2, height, width, 3))
    out = blurpool.blur_pool2d(x, padding=padding)
    assert out.shape == (2, -(-height // 2), -(-width // 2), 3)


def test_blur_pool_of_a_constant_map_is_constant_with_circular_padding():
    np.testing.assert_allclose(
        blurpool.blur_pool2d(np.full((1, 8, 8, 2), 0.3), padding="CIRCULAR"), 0.3
    )


def test_blur_pool_of_a_constant_map_is_constant_inside_with_same_padding():
    out = blurpool.blur_pool2d(np.full((1, 10, 10, 1), 0.3))
    np.testing.assert_allclose(out[:, :-1, :-1], 0.3)


def test_blur_pool_never_exceeds_the_max_pool_of_a_non_negative_map():
    x = np.random.default_rng(1).random((1, 12, 12, 2))
    assert blurpool.blur_pool2d(x, padding="CIRCULAR").max() <= x.max() + 1e-12


def test_blur_pool_treats_channels_independently():
    x = np.random.default_rng(2).random((1, 8, 8, 3))
    together = blurpool.blur_pool2d(x)
    for c in range(3):
        np.testing.assert_allclose(
            together[..., c : c + 1], blurpool.blur_pool2d(x[..., c : c + 1])
        )


@settings(max_examples=30, deadline=None)
@given(
    dy=st.integers(-4, 4),
    dx=st.integers(-4, 4),
    image=hnp.arrays(np.float64, (1, 8, 8, 1), elements=st.floats(0, 1)),
)
def test_blur_pool_keeps_a_quarter_of_the_peak_mass_under_any_shift(dy, dx, image):
    """Each polyphase part of a binomial filter sums to 1/2 per axis, so no shift loses mass."""
    x = images.shift(image, dy, dx, "circular")
    peaks = ops.max_pool2d(np.pad(x, ((0, 0), (0, 1), (0, 1), (0, 0)), mode="wrap"), 2, 1, "VALID")
    assert blurpool.blur_pool2d(x, padding="CIRCULAR").sum() == pytest.approx(peaks.sum() / 4)


def test_blur_pool_changes_less_than_max_pool_when_a_spike_crosses_a_window_edge():
    x = np.zeros((1, 8, 8, 1))
    x[0, 3, 3, 0] = 1.0
    moved = images.shift(x, 0, 1, "circular")

    def change(pool):
        return np.abs(pool(moved) - pool(x)).sum()

    max_change = change(lambda b: ops.max_pool2d(b, 2, 2, "VALID"))
    blur_change = change(lambda b: blurpool.blur_pool2d(b, padding="CIRCULAR"))
    assert max_change == 2.0
    assert blur_change < 1.0


def test_blur_pool_of_a_spike_matches_the_hand_computed_values():
    x = np.zeros((1, 4, 4, 1))
    x[0, 1, 1, 0] = 16.0
    np.testing.assert_allclose(
        blurpool.blur_pool2d(x, padding="CIRCULAR")[0, :, :, 0], [[9, 3], [3, 1]]
    )


def test_blur_pool_rejects_valid_padding():
    with pytest.raises(ValueError, match="padding"):
        blurpool.blur_pool2d(np.zeros((1, 4, 4, 1)), padding="VALID")


def test_blur_pool_rejects_a_2d_input():
    with pytest.raises(ValueError, match="input"):
        blurpool.blur_pool2d(np.zeros((4, 4)))


def test_blur_pool_rejects_a_float_blur_size():
    with pytest.raises(TypeError, match="blur_size"):
        blurpool.blur_pool2d(np.zeros((1, 4, 4, 1)), blur_size=3.0)


@pytest.mark.tf
def test_keras_blur_pool_equals_the_numpy_blur_pool():
    x = np.random.default_rng(4).random((2, 10, 12, 3)).astype(np.float32)
    block = blurpool.keras_blur_pool(3)
    np.testing.assert_allclose(np.asarray(block(x)), blurpool.blur_pool2d(x), atol=1e-6)


@pytest.mark.tf
def test_keras_blur_pool_has_no_trainable_weights():
    block = blurpool.keras_blur_pool(4)
    block.build((None, 8, 8, 4))
    assert block.trainable_weights == []


def test_keras_blur_pool_rejects_zero_channels():
    with pytest.raises(ValueError, match="channels"):
        blurpool.keras_blur_pool(0)


def test_binomial_kernel_refuses_sizes_that_would_overflow_or_hang():
    assert blurpool.binomial_kernel(64).sum() == pytest.approx(1.0)
    for size in (65, 1030, 10**9):
        with pytest.raises(ValueError, match="size"):
            blurpool.binomial_kernel(size)
