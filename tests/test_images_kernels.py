"""Sample images, kernels and the shift helper."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage
from scipy.special import comb

from companion import images, kernels, ops


def test_line_image_is_the_articles_7x8_vertical_line():
    image = images.line_image()
    assert image.shape == (7, 8)
    np.testing.assert_array_equal(image.sum(axis=0), [0, 0, 0, 7, 7, 0, 0, 0])


CIRCLES = [
    ({}, (32, 32), 8),  # the article's: circle_perimeter(32, 32, 8) on 64x64
    ({"size": 16, "radius": 5, "center": (6, 7)}, (6, 7), 5),
    ({"size": 9, "radius": 3}, (4, 4), 3),
]


@pytest.mark.parametrize(("args", "centre", "radius"), CIRCLES)
def test_circle_is_a_thin_closed_ring_at_its_radius(args, centre, radius):
    circle = images.circle_image(**args)
    assert circle.dtype == np.float32 and set(np.unique(circle)) == {0.0, 1.0}
    rows, cols = np.nonzero(circle)
    distance = np.hypot(rows - centre[0], cols - centre[1])
    assert np.all(np.abs(distance - radius) <= 0.5)
    # A closed 1-pixel loop: every lit pixel has exactly two lit 8-neighbours...
    neighbours = ndimage.convolve(circle, np.ones((3, 3)), mode="constant") - 1
    assert set(neighbours[circle == 1]) == {2.0}
    # ... and it walls the centre off from the border.
    regions, _ = ndimage.label(circle == 0)
    border = {*regions[0], *regions[-1], *regions[:, 0], *regions[:, -1]}
    assert regions[centre] not in border


def test_the_articles_circle_has_the_eightfold_symmetry_of_a_circle():
    rows, cols = np.nonzero(images.circle_image())
    points = {(int(r) - 32, int(c) - 32) for r, c in zip(rows, cols, strict=True)}
    for dy, dx in points:
        assert {(-dy, dx), (dy, -dx), (dx, dy)} <= points
    assert {(8, 0), (-8, 0), (0, 8), (0, -8)} <= points


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


def _filtered(name, image):
    """``image`` filtered by the named kernel through ``ops.conv2d`` (SAME, zero padding)."""
    weights = kernels.get_filter(kernels.kernel(name), is_color=False)
    return ops.conv2d(images.to_nhwc(image), weights, 1, "SAME")[0, :, :, 0]


IMAGE = np.random.default_rng(3).random((9, 11))


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("right sobel", lambda x: ndimage.sobel(x, axis=1, mode="constant")),
        ("left sobel", lambda x: -ndimage.sobel(x, axis=1, mode="constant")),
        ("bottom sobel", lambda x: ndimage.sobel(x, axis=0, mode="constant")),
        ("top sobel", lambda x: -ndimage.sobel(x, axis=0, mode="constant")),
        ("sharpen", lambda x: x - ndimage.laplace(x, mode="constant")),
        ("outline", lambda x: 9 * x - 9 * ndimage.uniform_filter(x, 3, mode="constant")),
        ("identity", lambda x: x),
    ],
)
def test_named_kernels_filter_as_scipy_does(name, reference):
    np.testing.assert_allclose(_filtered(name, IMAGE), reference(IMAGE), atol=1e-5)


def test_blur_is_the_binomial_row_1_2_1_in_both_directions():
    row = comb(2, [0, 1, 2]) / 4
    np.testing.assert_allclose(kernels.kernel("blur"), np.outer(row, row))


def test_vertical_and_horizontal_kernels_answer_2_at_the_articles_line_edges():
    line = images.line_image()  # columns 3 and 4 bright
    vertical = _filtered("vertical", line)
    assert vertical[0].tolist() == [0, 0, -2, 0, 2, 0, 0, 0]
    np.testing.assert_array_equal(_filtered("horizontal", line.T), vertical.T)


def test_smoothing_kernels_preserve_brightness_and_edge_kernels_sum_to_zero():
    for name in ("blur", "sharpen", "identity", "emboss"):
        assert kernels.kernel(name).sum() == pytest.approx(1)
    for name in ("vertical", "horizontal", "top sobel", "left sobel", "outline"):
        assert kernels.kernel(name).sum() == 0


def test_kernel_returns_a_copy():
    kernels.kernel("blur")[0, 0] = 99
    assert kernels.kernel("blur")[0, 0] != 99
