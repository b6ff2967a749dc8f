"""companion.ops gives tf.nn's numbers: property-based tests on random inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import ops

pytestmark = pytest.mark.tf

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _window_geometry(draw):
    """Padding, window, input size, strides and a seeded generator that TF accepts together."""
    padding = draw(st.sampled_from(["SAME", "VALID"]))
    kh, kw = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    low_h, low_w = (kh, kw) if padding == "VALID" else (1, 1)
    height, width = draw(st.integers(low_h, 12)), draw(st.integers(low_w, 12))
    strides = draw(st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    return padding, (kh, kw), (height, width), strides, rng


@st.composite
def conv_case(draw):
    """A random NHWC batch, HWIO filter, strides and padding."""
    padding, (kh, kw), (height, width), strides, rng = _window_geometry(draw)
    batch, cin, cout = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    x = rng.standard_normal((batch, height, width, cin)).astype(np.float32)
    w = rng.standard_normal((kh, kw, cin, cout)).astype(np.float32)
    return x, w, strides, padding


@st.composite
def pool_case(draw):
    """A random NHWC batch, pooling window, strides and padding."""
    padding, window, (height, width), strides, rng = _window_geometry(draw)
    batch, channels = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    x = rng.standard_normal((batch, height, width, channels)).astype(np.float32)
    return x, window, strides, padding


def _tf_strides(strides):
    return list(strides) if isinstance(strides, tuple) else strides


@SETTINGS
@given(conv_case())
def test_conv2d_equals_tf_nn_conv2d(tf, case):
    x, w, strides, padding = case
    expected = tf.nn.conv2d(x, w, strides=_tf_strides(strides), padding=padding).numpy()
    actual = ops.conv2d(x, w, strides=strides, padding=padding)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-4)


@SETTINGS
@given(pool_case())
def test_max_pool2d_equals_tf_nn_max_pool2d(tf, case):
    x, ksize, strides, padding = case
    expected = tf.nn.max_pool2d(x, list(ksize), _tf_strides(strides), padding).numpy()
    actual = ops.max_pool2d(x, ksize, strides, padding)
    assert actual.shape == expected.shape
    np.testing.assert_array_equal(actual, expected)


@SETTINGS
@given(pool_case())
def test_avg_pool2d_equals_tf_nn_avg_pool2d(tf, case):
    x, ksize, strides, padding = case
    expected = tf.nn.avg_pool2d(x, list(ksize), _tf_strides(strides), padding).numpy()
    actual = ops.avg_pool2d(x, ksize, strides, padding)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6)


@SETTINGS
@given(st.integers(0, 2**31 - 1), st.integers(1, 3), st.integers(1, 9), st.integers(1, 3))
def test_relu_equals_tf_nn_relu(tf, seed, batch, size, channels):
    x = np.random.default_rng(seed).standard_normal((batch, size, size, channels)).astype("float32")
    np.testing.assert_array_equal(ops.relu(x), tf.nn.relu(x).numpy())


@SETTINGS
@given(st.integers(0, 2**31 - 1), st.integers(1, 3), st.integers(1, 9), st.integers(1, 4))
def test_global_pooling_equals_keras_layers(tf, seed, batch, size, channels):
    x = np.random.default_rng(seed).standard_normal((batch, size, size, channels)).astype("float32")
    average = tf.keras.layers.GlobalAveragePooling2D()(x).numpy()
    largest = tf.keras.layers.GlobalMaxPooling2D()(x).numpy()
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
