"""The by-hand view of convolution agrees with the vectorised op and with scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import convolve2d, correlate2d

from companion import convolution, images, kernels, ops


def _conv_same(image, kernel, stride=1):
    x = images.to_nhwc(image)
    return ops.conv2d(x, kernel[:, :, None, None], stride, "SAME")[0, :, :, 0]


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("name", ["vertical", "bottom sobel", "outline"])
def test_by_hand_equals_conv2d(name, stride):
    image = images.photo(size=16, grey=True)
    kernel = kernels.kernel(name)
    np.testing.assert_allclose(
        convolution.by_hand(image, kernel, stride), _conv_same(image, kernel, stride), atol=1e-5
    )


def test_step_shows_window_products_and_sum():
    stop = convolution.step(images.line_image(), kernels.kernel("vertical"), 0, 2)
    np.testing.assert_array_equal(stop.window, [[0, 1], [0, 1]])
    np.testing.assert_array_equal(stop.products, [[0, -1], [0, -1]])
    assert stop.total == -2


def test_step_outside_the_output_is_rejected():
    with pytest.raises(ValueError, match=r"\(row, col\)"):
        convolution.step(images.line_image(), kernels.kernel("vertical"), 7, 0)


def test_valid_conv2d_is_cross_correlation_not_convolution():
    rng = np.random.default_rng(0)
    image, kernel = rng.random((9, 7)), rng.random((3, 2))
    valid = ops.conv2d(image[None, :, :, None], kernel[:, :, None, None], 1, "VALID")[0, :, :, 0]
    np.testing.assert_allclose(valid, correlate2d(image, kernel, mode="valid"), atol=1e-6)
    np.testing.assert_allclose(
        convolution.true_convolution(image, kernel), convolve2d(image, kernel, mode="valid")
    )


def test_same_padding_creates_a_border_response_on_a_flat_image():
    same, valid = convolution.border_response(np.full((6, 6), 0.5), kernels.kernel("outline"))
    assert np.all(valid == 0)
    assert np.all(same[1:-1, 1:-1] == 0)
    assert same[0, 0] == pytest.approx(2.5) and same[0, 2] == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("call", "name", "error"),
    [
        (lambda: convolution.step(np.ones((4, 4)), np.ones((2, 2)), 1.5, 0), "row", TypeError),
        (lambda: convolution.step(np.ones((4, 4)), np.ones((2, 2)), 0, "0"), "col", TypeError),
        (lambda: convolution.by_hand(np.ones((4, 4)), np.ones((2, 2)), 0), "strides", ValueError),
        (lambda: convolution.by_hand(np.ones(4), np.ones((2, 2))), "image", ValueError),
        (lambda: convolution.by_hand(np.ones((4, 4)), np.ones(2)), "kernel", ValueError),
        (lambda: convolution.by_hand(np.ones((65, 64)), np.ones((3, 3))), "image", ValueError),
    ],
)
def test_bad_input_raises_naming_the_argument(call, name, error):
    with pytest.raises(error, match=rf"`{name}`"):
        call()


def test_by_hand_still_works_at_its_size_bound():
    image = np.ones((64, 64))
    np.testing.assert_array_equal(convolution.by_hand(image, np.ones((1, 1))), image)
