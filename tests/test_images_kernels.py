"""Sample images, kernels and the shift helper."""

from __future__ import annotations

import numpy as np
import pytest

from companion import images, kernels


def test_line_image_is_the_articles_7x8_vertical_line():
    image = images.line_image()
    assert image.shape == (7, 8)
    np.testing.assert_array_equal(image.sum(axis=0), [0, 0, 0, 7, 7, 0, 0, 0])


def test_circle_matches_skimage_circle_perimeter():
    from skimage.draw import circle_perimeter

    expected = np.zeros((64, 64))
    rr, cc = circle_perimeter(32, 32, 8, shape=(64, 64))
    expected[rr, cc] = 1
    np.testing.assert_array_equal(images.circle_image(), expected)


def test_photo_is_float_in_unit_range_and_resized():
    photo = images.photo(size=64)
    assert photo.dtype == np.float32 and photo.ndim == 3 and photo.shape[2] == 3
    assert min(photo.shape[:2]) == 64
    assert photo.min() >= 0 and photo.max() <= 1
    assert images.photo(size=64, grey=True).ndim == 2


def test_to_nhwc_and_back_round_trips():
    image = images.line_image()
    batch = images.to_nhwc(image)
    assert batch.shape == (1, 7, 8, 1)
    np.testing.assert_array_equal(images.from_nhwc(batch), image)
    assert images.to_nhwc(np.zeros((5, 6, 3))).shape == (1, 5, 6, 3)


def test_circular_shift_wraps_and_zero_shift_fills():
    image = np.arange(16, dtype=np.float32).reshape(4, 4)
    np.testing.assert_array_equal(images.shift(image, 1, 0, "circular"), np.roll(image, 1, 0))
    zero = images.shift(image, 1, -1, "zero")
    np.testing.assert_array_equal(zero[0], 0)
    np.testing.assert_array_equal(zero[:, -1], 0)
    np.testing.assert_array_equal(zero[1:, :-1], image[:-1, 1:])


def test_shift_moves_the_spatial_axes_of_an_nhwc_batch():
    batch = np.zeros((2, 5, 5, 3), dtype=np.float32)
    batch[:, 1, 1, :] = 1
    moved = images.shift(batch, 2, 3)
    assert moved[:, 3, 4, :].min() == 1 and moved.sum() == batch.sum()


def test_get_filter_shapes_for_grey_and_colour():
    vertical = kernels.kernel("vertical")
    assert kernels.get_filter(vertical, is_color=False).shape == (2, 2, 1, 1)
    colour = kernels.get_filter(vertical)
    assert colour.shape == (2, 2, 3, 1)
    np.testing.assert_array_equal(colour[:, :, 2, 0], vertical)


@pytest.mark.parametrize("name", sorted(kernels.KERNELS))
def test_every_kernel_is_a_small_finite_2d_matrix(name):
    weights = kernels.kernel(name)
    assert weights.ndim == 2 and max(weights.shape) <= 3 and np.isfinite(weights).all()


def test_smoothing_kernels_preserve_brightness_and_edge_kernels_sum_to_zero():
    for name in ("blur", "sharpen", "identity", "emboss"):
        assert kernels.kernel(name).sum() == pytest.approx(1)
    for name in ("vertical", "horizontal", "top sobel", "left sobel", "outline"):
        assert kernels.kernel(name).sum() == 0


def test_kernel_returns_a_copy():
    kernels.kernel("blur")[0, 0] = 99
    assert kernels.kernel("blur")[0, 0] != 99
