"""Tests of companion.invariance: every measurement, on cases with known answers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from companion import invariance, kernels, ops


def _random(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


# -- circular convolution and equivariance -----------------------------------------------
def test_circular_pad_wraps_the_far_side_with_tf_same_amounts():
    x = np.arange(4.0).reshape(1, 1, 4, 1)
    padded = invariance.circular_pad(x, [1, 2])
    assert padded[0, 0, :, 0].tolist() == [0.0, 1.0, 2.0, 3.0, 0.0]


def test_circular_conv2d_equals_same_conv_away_from_the_border():
    x, w = _random((1, 9, 10, 2)), _random((3, 3, 2, 3), 1)
    circular = invariance.circular_conv2d(x, w)
    same = ops.conv2d(x, w, 1, "SAME")
    assert circular.shape == same.shape
    np.testing.assert_allclose(circular[:, 1:-1, 1:-1], same[:, 1:-1, 1:-1], rtol=1e-12)


#: Finite values small enough that no product overflows.
VALUES = st.floats(-100, 100)


@settings(max_examples=25, deadline=None)
@given(
    dy=st.integers(-6, 6),
    dx=st.integers(-6, 6),
    x=hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=9).flatmap(
        lambda hw: hnp.arrays(np.float64, (2, *hw, 2), elements=VALUES)
    ),
    w=st.integers(1, 4).flatmap(lambda k: hnp.arrays(np.float64, (k, k, 2, 3), elements=VALUES)),
)
def test_circular_convolution_is_exactly_shift_equivariant(dy, dx, x, w):
    error = invariance.equivariance_error(lambda b: invariance.circular_conv2d(b, w), x, dy, dx)
    assert error == 0.0


def test_relu_commutes_with_any_shift():
    x = _random((1, 6, 6, 3))
    assert invariance.equivariance_error(ops.relu, x, 2, -1, mode="zero") == 0.0


def test_zero_padding_equivariance_error_stays_near_the_border():
    x = _random((1, 16, 16, 1))
    w = kernels.get_filter(kernels.kernel("outline"), is_color=False)
    error = invariance.equivariance_map(lambda b: ops.conv2d(b, w, 1, "SAME"), x, 2, 1, mode="zero")
    assert error.max() > 0
    assert 0 <= invariance.farthest_from_border(error) <= 2


def test_equivariance_map_rejects_a_shift_that_is_not_a_multiple_of_factor():
    with pytest.raises(ValueError, match="factor"):
        invariance.equivariance_map(ops.relu, np.zeros((1, 4, 4, 1)), 1, 0, factor=2)


def test_strided_pooling_follows_shifts_by_multiples_of_its_stride():
    x = _random((1, 12, 12, 1))

    def pool(b):
        return ops.max_pool2d(invariance.circular_pad(b, 2, 2), 2, 2, "VALID")

    assert invariance.equivariance_error(pool, x, 2, -4, factor=2) == 0.0


def test_farthest_from_border_is_minus_one_without_errors():
    assert invariance.farthest_from_border(np.zeros((1, 4, 4, 1))) == -1


def test_shift_mismatch_finds_the_output_shift():
    x = _random((1, 8, 8, 1))
    error, (oy, ox) = invariance.shift_mismatch(lambda b: b, x, 3, -2)
    assert error == 0.0
    assert (oy, ox) == (3, -2)


def test_shift_mismatch_is_positive_for_an_odd_shift_under_stride_two():
    x = _random((1, 8, 8, 1))
    error, _ = invariance.shift_mismatch(lambda b: b[:, ::2, ::2], x, 0, 1)
    assert error > 0


def test_pooling_table_is_true_exactly_at_multiples_of_the_stride():
    table = invariance.pooling_equivariance_table(_random((1, 12, 12, 1)), (1, 2, 3), range(7))
    expected = np.array([[s % stride == 0 for s in range(7)] for stride in (1, 2, 3)])
    np.testing.assert_array_equal(table, expected)


def test_two_pooling_layers_follow_only_multiples_of_stride_squared():
    table = invariance.pooling_equivariance_table(_random((1, 12, 12, 1)), (2,), range(9), layers=2)
    assert table[0].tolist() == [s % 4 == 0 for s in range(9)]


def test_pooling_table_rejects_sizes_not_divisible_by_the_total_stride():
    with pytest.raises(ValueError, match="input"):
        invariance.pooling_equivariance_table(np.zeros((1, 10, 10, 1)), (4,), range(3))


# -- 1-D pooling and aliasing -------------------------------------------------------------
def test_subsampling_a_period_two_pattern_flips_under_a_one_sample_shift():
    pattern = np.array([1.0, 0.0] * 4)
    assert invariance.pool1d(pattern, "subsample").tolist() == [1.0] * 4
    assert invariance.pool1d(np.roll(pattern, 1), "subsample").tolist() == [0.0] * 4


def test_pool1d_max_and_avg_windows():
    x = np.array([3.0, 1.0, 0.0, 2.0])
    assert invariance.pool1d(x, "max").tolist() == [3.0, 2.0]
    assert invariance.pool1d(x, "avg").tolist() == [2.0, 1.0]


def test_pool1d_blur_of_a_constant_is_that_constant():
    np.testing.assert_allclose(invariance.pool1d(np.full(12, 0.7), "blur", 2, 3), 0.7)


@settings(max_examples=25, deadline=None)
@given(x=hnp.arrays(np.float64, 16, elements=st.floats(0, 1)), shift=st.integers(0, 15))
def test_pool1d_blur_keeps_half_the_peak_map_mass_under_any_shift(x, shift):
    peaks = invariance.pool1d(np.roll(x, shift), "max", 2, 1)
    blurred = invariance.pool1d(np.roll(x, shift), "blur", 2, 2)
    assert np.isclose(blurred.sum(), peaks.sum() / 2)


def test_pool1d_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        invariance.pool1d(np.zeros(4), "median")


def test_pool1d_rejects_a_length_not_divisible_by_the_stride():
    with pytest.raises(ValueError, match="stride"):
        invariance.pool1d(np.zeros(5), "max", 2, 2)


def test_pool1d_rejects_a_2d_signal():
    with pytest.raises(ValueError, match="signal"):
        invariance.pool1d(np.zeros((2, 4)))


# -- pooling and 1-pixel shifts -------------------------------------------------------------
def test_isolated_peak_survives_three_eighths_of_one_pixel_shifts():
    table = invariance.isolated_peak_unchanged()
    np.testing.assert_allclose(table, [[0.25, 0.5, 0.25], [0.5, 1.0, 0.5], [0.25, 0.5, 0.25]])
    assert (table.sum() - 1) / 8 == pytest.approx(0.375)


def test_isolated_peak_without_pooling_changes_under_every_shift():
    table = invariance.isolated_peak_unchanged(ksize=1, stride=1)
    assert table[1, 1] == 1.0
    assert table[0, 0] == 0.0


def test_isolated_peak_rejects_a_window_larger_than_the_map():
    with pytest.raises(ValueError, match="ksize"):
        invariance.isolated_peak_unchanged(size=4, ksize=5)


def test_centred_circle_of_radius_eight_survives_every_small_shift():
    assert invariance.circle_shift_unchanged(8, (32, 32)).all()


def test_circle_near_a_block_boundary_loses_its_summary_under_shifts():
    table = invariance.circle_shift_unchanged(15, (32, 32))
    assert table[3, 3]
    assert table.sum() < 49 // 2


def test_circle_shift_rejects_negative_max_shift():
    with pytest.raises(ValueError, match="max_shift"):
        invariance.circle_shift_unchanged(max_shift=-1)


def test_gap_after_circular_convolution_is_invariant_up_to_rounding():
    x, w = _random((1, 12, 12, 1)), _random((3, 3, 1, 4), 1)
    assert invariance.gap_shift_error(x, w, 3, -5) < 1e-12


def test_gap_with_zero_padding_changes_when_content_crosses_the_border():
    x, w = np.abs(_random((1, 12, 12, 1))), _random((3, 3, 1, 4), 1)
    assert invariance.gap_shift_error(x, w, 3, -5, mode="zero") > 0.01


def test_gap_with_zero_padding_is_exact_for_content_far_from_the_border():
    x = np.zeros((1, 16, 16, 1))
    x[0, 6:9, 6:10, 0] = 1.0
    w = _random((3, 3, 1, 2), 2)
    assert invariance.gap_shift_error(x, w, 2, 1, mode="zero") < 1e-12


def test_equivariance_error_rejects_a_bad_mode():
    with pytest.raises(ValueError, match="mode"):
        invariance.equivariance_error(ops.relu, np.zeros((1, 4, 4, 1)), 1, 1, mode="reflect")


def test_equivariance_error_rejects_a_float_shift():
    with pytest.raises(TypeError, match="dy"):
        invariance.equivariance_error(ops.relu, np.zeros((1, 4, 4, 1)), 1.5, 1)
