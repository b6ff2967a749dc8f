"""companion.ops gives tf.nn's numbers: property-based tests on random inputs."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from companion import ops

pytestmark = pytest.mark.tf

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Values in [-1, 1]: sums of a few dozen products stay well inside float32's precision.
#: No subnormals: TF on the CPU flushes them to zero (relu(1e-45) is 0 there), numpy keeps them.
VALUES = st.floats(-1, 1, width=32, allow_subnormal=False)


def _floats(shape):
    """float32 arrays of ``shape`` (hypothesis shrinks a failure to a small, simple array)."""
    return hnp.arrays(np.float32, shape, elements=VALUES)


def _window_geometry(draw):
    """Padding, window, input size and strides that TF accepts together."""
    padding = draw(st.sampled_from(["SAME", "VALID"]))
    kh, kw = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    low_h, low_w = (kh, kw) if padding == "VALID" else (1, 1)
    height, width = draw(st.integers(low_h, 12)), draw(st.integers(low_w, 12))
    strides = draw(st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    return padding, (kh, kw), (height, width), strides


@st.composite
def conv_case(draw):
    """A random NHWC batch, HWIO filter, strides and padding."""
    padding, (kh, kw), (height, width), strides = _window_geometry(draw)
    batch, cin, cout = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    x = draw(_floats((batch, height, width, cin)))
    w = draw(_floats((kh, kw, cin, cout)))
    return x, w, strides, padding


@st.composite
def pool_case(draw):
    """A random NHWC batch, pooling window, strides and padding."""
    padding, window, (height, width), strides = _window_geometry(draw)
    batch, channels = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return draw(_floats((batch, height, width, channels))), window, strides, padding


#: Any NHWC batch of 1-3 images, 1-9 pixels a side, 1-4 channels.
BATCHES = hnp.array_shapes(min_dims=4, max_dims=4, min_side=1, max_side=9).flatmap(
    lambda shape: _floats((min(shape[0], 3), shape[1], shape[2], min(shape[3], 4)))
)


def _tf_strides(strides):
    return list(strides) if isinstance(strides, tuple) else strides


@SETTINGS
@given(conv_case())
def test_conv2d_equals_tf_nn_conv2d(tf, case):
    x, w, strides, padding = case
    expected = tf.nn.conv2d(x, w, strides=_tf_strides(strides), padding=padding).numpy()
    actual = ops.conv2d(x, w, strides=strides, padding=padding)
    assert actual.shape == expected.shape and actual.dtype == expected.dtype
    np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-4)


@SETTINGS
@given(pool_case())
def test_max_pool2d_equals_tf_nn_max_pool2d(tf, case):
    x, ksize, strides, padding = case
    expected = tf.nn.max_pool2d(x, list(ksize), _tf_strides(strides), padding).numpy()
    actual = ops.max_pool2d(x, ksize, strides, padding)
    assert actual.shape == expected.shape and actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)


@SETTINGS
@given(pool_case())
def test_avg_pool2d_equals_tf_nn_avg_pool2d(tf, case):
    x, ksize, strides, padding = case
    expected = tf.nn.avg_pool2d(x, list(ksize), _tf_strides(strides), padding).numpy()
    actual = ops.avg_pool2d(x, ksize, strides, padding)
    assert actual.shape == expected.shape and actual.dtype == expected.dtype
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6)


@SETTINGS
@given(BATCHES)
def test_relu_equals_tf_nn_relu(tf, x):
    expected = tf.nn.relu(x).numpy()
    actual = ops.relu(x)
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)


@SETTINGS
@given(BATCHES)
def test_global_pooling_equals_keras_layers(tf, x):
    average = tf.keras.layers.GlobalAveragePooling2D()(x).numpy()
    largest = tf.keras.layers.GlobalMaxPooling2D()(x).numpy()
    assert ops.global_avg_pool2d(x).dtype == average.dtype
    np.testing.assert_allclose(ops.global_avg_pool2d(x), average, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(ops.global_max_pool2d(x), largest)


def test_same_padding_pads_bottom_right_first():
    assert ops.same_padding(8, 2, 1) == (0, 1)
    assert ops.same_padding(7, 4, 1) == (1, 2)
    assert ops.same_padding(5, 3, 2) == (1, 1)


def test_same_padding_extra_row_goes_to_the_bottom():
    # A single bright pixel in the top-left corner: with a 2x2 kernel and SAME
    # padding, TF pads below/right only, so output (0, 0) sees the pixel.
    x = np.zeros((1, 4, 4, 1), dtype=np.float32)
    x[0, 0, 0, 0] = 1
    out = ops.conv2d(x, np.ones((2, 2, 1, 1), dtype=np.float32), 1, "SAME")
    assert out[0, 0, 0, 0] == 1
    assert out.shape == (1, 4, 4, 1)


def test_avg_pool_same_ignores_padded_cells():
    x = np.ones((1, 3, 3, 1), dtype=np.float32)
    out = ops.avg_pool2d(x, 2, 2, "SAME")
    np.testing.assert_array_equal(out, np.ones((1, 2, 2, 1)))


def test_max_pool_same_never_picks_padding():
    x = -np.ones((1, 3, 3, 1), dtype=np.float32)
    assert ops.max_pool2d(x, 2, 2, "SAME").max() == -1


def test_output_size_matches_tf_rule():
    assert ops.output_size(7, 2, 1, "SAME") == 7
    assert ops.output_size(7, 2, 1, "VALID") == 6
    assert ops.output_size(64, 2, 2, "SAME") == 32
    assert ops.output_size(7, 3, 2, "VALID") == 3


def test_conv2d_accepts_a_tensorflow_tensor(tf):
    x = tf.ones([1, 4, 4, 1])
    w = tf.ones([2, 2, 1, 1])
    np.testing.assert_array_equal(ops.conv2d(x, w, 1, "VALID"), tf.nn.conv2d(x, w, 1, "VALID"))


def test_output_size_agrees_with_the_explicit_padding_rule_worked_by_hand():
    # 7 pixels, a 3-wide kernel, stride 2: VALID stops at 0, 2, 4 (3 outputs); SAME pads
    # one zero each side (9 cells) and stops at 0, 2, 4, 6 (4 outputs).
    assert ops.padded_output_size(7, 3, 2, 0) == 3 == ops.output_size(7, 3, 2, "VALID")
    assert ops.same_padding(7, 3, 2) == (1, 1)
    assert ops.padded_output_size(7, 3, 2, 1) == 4 == ops.output_size(7, 3, 2, "SAME")
    # 8 pixels: SAME pads (0, 1) and stops at 0, 2, 4, 6 of the 9 cells.
    assert ops.padded_output_size(8, 3, 2, (0, 1)) == 4 == ops.output_size(8, 3, 2, "SAME")


@given(st.integers(1, 40), st.integers(1, 9), st.integers(1, 5), st.integers(0, 4))
def test_padded_output_size_counts_the_kernel_stops(size, kernel, stride, pad):
    stops = [start for start in range(0, size + 2 * pad) if start + kernel <= size + 2 * pad]
    expected = len(stops[::stride])
    if expected == 0:
        with pytest.raises(ValueError, match=r"`kernel`"):
            ops.padded_output_size(size, kernel, stride, pad)
    else:
        assert ops.padded_output_size(size, kernel, stride, pad) == expected


@given(st.integers(1, 40), st.integers(1, 9), st.integers(1, 5))
def test_tf_output_sizes_are_the_explicit_rule_with_tf_padding(size, kernel, stride):
    same = ops.padded_output_size(size, kernel, stride, ops.same_padding(size, kernel, stride))
    assert ops.output_size(size, kernel, stride, "SAME") == same == math.ceil(size / stride)
    if kernel <= size:
        valid = ops.padded_output_size(size, kernel, stride, 0)
        assert ops.output_size(size, kernel, stride, "VALID") == valid


@pytest.mark.parametrize(
    ("call", "name", "error"),
    [
        (lambda: ops.output_size(7, 2, -1, "SAME"), "stride", ValueError),
        (lambda: ops.output_size(7, 0, 1, "VALID"), "kernel", ValueError),
        (lambda: ops.output_size(0, 2, 1, "VALID"), "size", ValueError),
        (lambda: ops.output_size(7.0, 2, 1, "VALID"), "size", TypeError),
        (lambda: ops.output_size(7, 2, 1, "FULL"), "padding", ValueError),
        (lambda: ops.same_padding(8, 2.5, 1), "kernel", TypeError),
        (lambda: ops.same_padding(8, 2, 0), "stride", ValueError),
        (lambda: ops.same_padding(True, 2, 1), "size", TypeError),
        (lambda: ops.padded_output_size(7, 3, 1, -1), "pad", ValueError),
        (lambda: ops.padded_output_size(7, 3, 1, (1, 2, 3)), "pad", ValueError),
        (lambda: ops.padded_output_size(2, 5, 1, 1), "kernel", ValueError),
    ],
)
def test_size_helpers_refuse_bad_input_naming_the_argument(call, name, error):
    with pytest.raises(error, match=rf"`{name}`"):
        call()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda x: ops.max_pool2d(x, 3000, 1, "SAME"), "ksize"),
        (lambda x: ops.avg_pool2d(x, [2, 3000], 1, "SAME"), "ksize"),
        (lambda x: ops.conv2d(x, np.ones((100, 100, 1, 1)), 1, "SAME"), "filters"),
        (lambda x: ops.max_pool2d(x, 5, 1, "VALID"), "ksize"),
    ],
)
def test_windows_far_larger_than_the_input_are_refused_at_once(call, name):
    x = np.ones((1, 4, 4, 1), dtype=np.float32)
    start = time.perf_counter()
    with pytest.raises(ValueError, match=rf"`{name}`"):
        call(x)
    assert time.perf_counter() - start < 1


def test_a_window_of_work_beyond_the_bound_is_refused():
    # A 60x60 window at stride 1 over a 1x400x400x8 map: 3600 * 400 * 400 * 8 reads.
    x = np.zeros((1, 400, 400, 8), dtype=np.float32)
    with pytest.raises(ValueError, match=r"`ksize`.*would read"):
        ops.max_pool2d(x, 60, 1, "SAME")


def test_windows_up_to_the_bound_still_work_on_small_inputs():
    # TF accepts a SAME window larger than the input; so does the companion, up to MAX_WINDOW.
    x = np.arange(4.0, dtype=np.float32).reshape(1, 2, 2, 1)
    out = ops.max_pool2d(x, ops.MAX_WINDOW, 1, "SAME")
    np.testing.assert_array_equal(out[0, :, :, 0], [[3, 3], [3, 3]])
