"""companion.pooling: survival counts, coverage, average pooling as a convolution, the pipeline."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from companion import images, ops, pooling

CIRCLE = images.to_nhwc(images.circle_image())


# -- pool_repeatedly ---------------------------------------------------------------------
def test_pooling_the_circle_four_times_halves_it_to_4x4():
    maps = pooling.pool_repeatedly(CIRCLE, ops.max_pool2d)
    assert [m.shape for m in maps] == [(1, s, s, 1) for s in (64, 32, 16, 8, 4)]


def test_repeated_max_pooling_keeps_the_circle_as_a_2x2_block_of_ones():
    last = pooling.pool_repeatedly(CIRCLE, ops.max_pool2d)[-1][0, :, :, 0]
    expected = np.zeros((4, 4))
    expected[1:3, 1:3] = 1
    np.testing.assert_array_equal(last, expected)


def test_repeated_average_pooling_preserves_the_mean():
    maps = pooling.pool_repeatedly(CIRCLE, ops.avg_pool2d)
    means = [float(m.mean()) for m in maps]
    np.testing.assert_allclose(means, means[0], rtol=1e-6)


def test_pool_repeatedly_rejects_a_non_callable_pool():
    with pytest.raises(TypeError, match="`pool`"):
        pooling.pool_repeatedly(CIRCLE, "max")


def test_pool_repeatedly_rejects_zero_times():
    with pytest.raises(ValueError, match="`times`"):
        pooling.pool_repeatedly(CIRCLE, ops.max_pool2d, times=0)


def test_pool_repeatedly_rejects_a_2d_input():
    with pytest.raises(ValueError, match="`input`"):
        pooling.pool_repeatedly(images.circle_image(), ops.max_pool2d)


@pytest.mark.tf
def test_pool_repeatedly_gives_the_same_maps_with_tf_nn(tf):
    for ours, theirs in (
        (ops.max_pool2d, tf.nn.max_pool2d),
        (ops.avg_pool2d, tf.nn.avg_pool2d),
    ):
        for a, b in zip(
            pooling.pool_repeatedly(CIRCLE, ours),
            pooling.pool_repeatedly(CIRCLE, theirs),
            strict=True,
        ):
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


# -- survival and coverage ---------------------------------------------------------------
def test_2x2_stride_2_pooling_drops_three_quarters():
    count = pooling.survival(64, 64, 2, 2, "SAME")
    assert (count.inputs, count.outputs, count.dropped) == (4096, 1024, 0.75)


def test_overlapping_3x3_stride_2_keeps_as_many_as_2x2_stride_2():
    assert pooling.survival(64, 64, 3, 2, "SAME").outputs == 1024


def test_valid_padding_keeps_fewer_on_an_odd_map():
    assert pooling.survival(9, 9, 2, 2, "VALID").output_shape == (4, 4)
    assert pooling.survival(9, 9, 2, 2, "SAME").output_shape == (5, 5)


def test_survival_rejects_a_window_larger_than_a_valid_map():
    with pytest.raises(ValueError, match="`ksize`"):
        pooling.survival(2, 2, 3, 1, "VALID")


def test_survival_rejects_a_bool_height():
    with pytest.raises(TypeError, match="`height`"):
        pooling.survival(True, 4, 2, 2, "SAME")


def test_survival_rejects_a_bad_padding():
    with pytest.raises(ValueError, match="`padding`"):
        pooling.survival(4, 4, 2, 2, "FULL")


def test_2x2_stride_2_windows_tile_the_map():
    assert np.all(pooling.coverage(8, 8, 2, 2, "SAME") == 1)


def test_3x3_stride_2_windows_read_some_pixels_four_times():
    cover = pooling.coverage(8, 8, 3, 2, "SAME")
    assert set(np.unique(cover)) == {1, 2, 4}


def test_stride_larger_than_window_skips_pixels():
    cover = pooling.coverage(9, 9, 2, 3, "VALID")
    assert int(np.sum(cover == 0)) == 45


@settings(max_examples=40, deadline=None)
@given(
    size=st.integers(2, 12),
    window=st.integers(1, 4),
    stride=st.integers(1, 4),
    padding=st.sampled_from(["SAME", "VALID"]),
)
def test_coverage_sums_to_the_pixels_all_windows_read(size, window, stride, padding):
    if padding == "VALID" and window > size:
        return
    cover = pooling.coverage(size, size, window, stride, padding)
    # Each output reads window*window cells, some of them padding: count real ones with ops.
    ones = np.ones((1, size, size, 1), dtype=np.float32)
    conv = ops.conv2d(ones, np.ones((window, window, 1, 1)), stride, padding)
    assert int(cover.sum()) == int(conv.sum())


# -- average pooling is a convolution; max pooling is not ------------------------------------
def test_constant_filter_averages_each_channel_alone():
    weights = pooling.constant_filter(3, channels=2)
    assert weights.shape == (3, 3, 2, 2)
    np.testing.assert_allclose(weights[:, :, 0, 0], np.full((3, 3), 1 / 9))
    assert np.all(weights[:, :, 0, 1] == 0)


def test_constant_filter_rejects_zero_channels():
    with pytest.raises(ValueError, match="`channels`"):
        pooling.constant_filter(2, channels=0)


@settings(max_examples=40, deadline=None)
@given(
    x=hnp.array_shapes(min_dims=4, max_dims=4, min_side=3, max_side=10).flatmap(
        lambda shape: hnp.arrays(
            np.float32,
            (1, shape[1], shape[2], min(shape[3], 3)),
            elements=st.floats(-1, 1, width=32),
        )
    ),
    window=st.integers(1, 3),
    stride=st.integers(1, 3),
)
def test_avg_pool_equals_constant_kernel_convolution_with_valid_padding(x, window, stride):
    np.testing.assert_allclose(
        pooling.avg_pool_as_conv(x, window, stride, "VALID"),
        ops.avg_pool2d(x, window, stride, "VALID"),
        rtol=1e-5,
        atol=1e-6,
    )


def test_avg_pool_and_constant_kernel_differ_only_on_padded_border_windows():
    x = np.random.default_rng(0).random((1, 64, 64, 1)).astype(np.float32)
    gap = np.abs(pooling.avg_pool_as_conv(x, 3, 2, "SAME") - ops.avg_pool2d(x, 3, 2, "SAME"))
    differs = gap[0, :, :, 0] > 1e-6
    assert differs[-1, :].all() and differs[:, -1].all()
    assert not differs[:-1, :-1].any()


def test_avg_pool_as_conv_rejects_a_2d_input():
    with pytest.raises(ValueError, match="`input`"):
        pooling.avg_pool_as_conv(np.ones((4, 4)), 2, 2, "VALID")


def test_average_pooling_is_additive():
    rng = np.random.default_rng(1)
    a, b = rng.random((2, 1, 6, 6, 1))
    gap = pooling.additivity_gap(ops.avg_pool2d, a, b, ksize=2, strides=2, padding="VALID")
    np.testing.assert_allclose(gap, 0, atol=1e-6)


def test_max_pooling_is_not_additive():
    a = np.array([[1.0, 0.0], [0.0, 0.0]]).reshape(1, 2, 2, 1)
    b = np.array([[0.0, 1.0], [0.0, 0.0]]).reshape(1, 2, 2, 1)
    gap = pooling.additivity_gap(ops.max_pool2d, a, b, ksize=2, strides=2, padding="VALID")
    assert gap.ravel().tolist() == [-1.0]


def test_additivity_gap_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="`a` and `b`"):
        pooling.additivity_gap(ops.max_pool2d, np.ones((1, 2, 2, 1)), np.ones((1, 4, 4, 1)))


# -- feature maps and the pipeline ---------------------------------------------------------
PHOTO = images.photo(size=32)


def test_feature_stack_has_one_non_negative_channel_per_kernel():
    stack = pooling.feature_stack(PHOTO, ["top sobel", "left sobel", "outline"])
    assert stack.shape == (1, 32, 48, 3)
    assert stack.min() >= 0


def test_feature_stack_rejects_kernels_of_different_sizes():
    with pytest.raises(ValueError, match="`names`"):
        pooling.feature_stack(PHOTO, ["vertical", "top sobel"])


def test_feature_stack_rejects_a_single_string():
    with pytest.raises(ValueError, match="`names`"):
        pooling.feature_stack(PHOTO, "outline")


def test_pipeline_halves_the_map_and_keeps_the_largest_activation():
    stages = pooling.pipeline(PHOTO)
    assert stages.conv.shape == stages.relu.shape == (32, 48)
    assert stages.pooled.shape == (16, 24)
    assert stages.relu.min() >= 0
    assert stages.pooled.max() == stages.relu.max()


def test_max_pooled_pipeline_has_a_larger_mean_than_its_relu_map():
    stages = pooling.pipeline(PHOTO, "left sobel", "max")
    assert stages.pooled.mean() > stages.relu.mean()


def test_average_pooled_pipeline_keeps_the_mean_of_an_even_map():
    stages = pooling.pipeline(PHOTO, "left sobel", "average")
    np.testing.assert_allclose(stages.pooled.mean(), stages.relu.mean(), rtol=1e-5)


def test_pipeline_accepts_a_greyscale_image():
    assert pooling.pipeline(images.photo(size=32, grey=True)).pooled.shape == (16, 24)


def test_pipeline_rejects_an_unknown_pooling_kind():
    with pytest.raises(ValueError, match="`kind`"):
        pooling.pipeline(PHOTO, kind="median")


def test_pipeline_rejects_a_4_channel_image():
    with pytest.raises(ValueError, match="`image`"):
        pooling.pipeline(np.zeros((8, 8, 4)))


@pytest.mark.tf
def test_pipeline_with_tf_nn_matches_companion_ops(tf):
    for kind in pooling.POOLS:
        ours = pooling.pipeline(PHOTO, "bottom sobel", kind)
        theirs = pooling.pipeline(PHOTO, "bottom sobel", kind, nn=tf.nn)
        for a, b in zip(
            (ours.conv, ours.relu, ours.pooled),
            (theirs.conv, theirs.relu, theirs.pooled),
            strict=True,
        ):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


# -- shift, then pool ----------------------------------------------------------------------
def test_small_shifts_leave_the_articles_max_pooled_circle_unchanged():
    circle = images.circle_image()
    reference = pooling.pooled_after_shift(circle, 0, 0, "max")
    for dy in range(4):
        for dx in range(4):
            np.testing.assert_array_equal(
                pooling.pooled_after_shift(circle, dy, dx, "max"), reference
            )


def test_a_one_pixel_shift_changes_a_circle_next_to_a_block_edge():
    circle = images.circle_image(center=(39, 39))
    before = pooling.pooled_after_shift(circle, 0, 0, "max")
    after = pooling.pooled_after_shift(circle, 1, 0, "max")
    assert not np.array_equal(before, after)


def test_a_one_pixel_shift_changes_the_average_pooled_circle():
    circle = images.circle_image()
    before = pooling.pooled_after_shift(circle, 0, 0, "average")
    after = pooling.pooled_after_shift(circle, 0, 1, "average")
    assert not np.allclose(before, after)


def test_pooled_after_shift_rejects_an_nhwc_image():
    with pytest.raises(ValueError, match="`image`"):
        pooling.pooled_after_shift(CIRCLE, 0, 0)


def test_pooled_after_shift_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="`kind`"):
        pooling.pooled_after_shift(images.circle_image(), 0, 0, "min")


def test_global_pooling_ignores_shifts_that_keep_the_circle_inside():
    shifts = [(dy, dx) for dy in range(4) for dx in range(4)]
    for kind in ("global max", "global average"):
        assert pooling.shift_changes(images.circle_image(), shifts, kind) == [0] * 16


def test_global_summary_is_one_number():
    assert pooling.pooled_after_shift(images.circle_image(), 1, 2, "global max").shape == (1, 1)


def test_shift_changes_counts_the_changed_cells():
    circle = images.circle_image(center=(39, 39))
    assert pooling.shift_changes(circle, [(0, 0), (1, 0)], "max") == [0, 2]


def test_shift_changes_rejects_shifts_that_are_not_pairs():
    with pytest.raises(TypeError, match="`shifts`"):
        pooling.shift_changes(images.circle_image(), [1, 2])
