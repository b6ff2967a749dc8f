"""Sample images the course works on: all shipped or generated, nothing downloaded.

- :func:`line_image`: the article's 7x8 image with a vertical line.
- :func:`circle_image`: the article's 64x64 circle outline.
- :func:`photo`: a real photograph shipped with scikit-image.
- :func:`to_nhwc` / :func:`from_nhwc`: add or drop the batch and channel axes.
- :func:`shift`: move an image by whole pixels (circular or zero-filled).
"""

from __future__ import annotations

import numpy as np

from companion._validate import as_float_array, check_int, check_shape

__all__ = [
    "MAX_SIDE",
    "PHOTOS",
    "circle_image",
    "from_nhwc",
    "line_image",
    "photo",
    "shift",
    "to_nhwc",
]

#: Photos shipped inside scikit-image's package (no download needed).
PHOTOS = ("chelsea", "astronaut", "coffee", "camera")
#: The largest side of a generated or resized image (64 MB as float32): the chapters use 128.
MAX_SIDE = 4096


def line_image() -> np.ndarray:
    """The article's 7x8 greyscale image: a 2-pixel vertical line in the middle.

    Chapter "Convolution math".

    >>> line_image().shape
    (7, 8)
    """
    image = np.zeros((7, 8), dtype=np.float32)
    image[:, 3:5] = 1.0
    return image


def circle_image(
    size: int = 64, radius: int = 8, center: tuple[int, int] | None = None
) -> np.ndarray:
    """A one-pixel circle outline, drawn with ``skimage.draw.circle_perimeter``.

    The defaults are the article's: ``circle_perimeter(32, 32, 8)`` on 64x64.
    Chapters "Pooling types" and "Invariance". The radius is at most twice the size and
    the centre within one size of the image (a larger circle would only miss it).
    """
    from skimage.draw import circle_perimeter

    func = "circle_image"
    size = check_int(size, "size", func, minimum=3, maximum=MAX_SIDE)
    radius = check_int(radius, "radius", func, minimum=1, maximum=2 * size)
    if center is None:
        center = (size // 2, size // 2)
    if not (isinstance(center, (tuple, list)) and len(center) == 2):
        raise TypeError(f"{func}: `center` must be a (row, column) pair, got {center!r}.")
    row, col = (check_int(c, "center", func, minimum=-size, maximum=2 * size) for c in center)
    image = np.zeros((size, size), dtype=np.float32)
    rr, cc = circle_perimeter(row, col, radius, shape=image.shape)
    if rr.size == 0:
        raise ValueError(f"{func}: a circle at {center} with radius {radius} misses the image.")
    image[rr, cc] = 1.0
    return image


def photo(name: str = "chelsea", size: int | None = 128, grey: bool = False) -> np.ndarray:
    """A real photograph from scikit-image's bundled data, as float32 in [0, 1].

    ``size`` resizes the shorter side to that many pixels (``None`` keeps the
    original), ``grey=True`` converts to luminance. Returns (H, W, 3) or (H, W).
    """
    func = "photo"
    if name not in PHOTOS:
        raise ValueError(f"{func}: `name` must be one of {PHOTOS}, got {name!r}.")
    if size is not None:
        size = check_int(size, "size", func, minimum=8, maximum=MAX_SIDE)
    from skimage import data
    from skimage.color import gray2rgb, rgb2gray
    from skimage.transform import resize

    image = getattr(data, name)()
    if image.ndim == 2:
        image = gray2rgb(image)
    image = image.astype(np.float32) / 255.0
    if size is not None:
        scale = size / min(image.shape[:2])
        shape = (round(image.shape[0] * scale), round(image.shape[1] * scale))
        image = resize(image, shape, anti_aliasing=True, preserve_range=True).astype(np.float32)
    if grey:
        return rgb2gray(image).astype(np.float32)
    return image


def photo_uint8(name: str = "chelsea") -> np.ndarray:
    """The original photo as stored: uint8 values 0-255, shape (H, W, 3)."""
    if name not in PHOTOS:
        raise ValueError(f"photo_uint8: `name` must be one of {PHOTOS}, got {name!r}.")
    from skimage import data

    return np.asarray(getattr(data, name)())


def to_nhwc(image: object) -> np.ndarray:
    """Add the batch (and, for greyscale, the channel) axis: (H, W) or (H, W, C) -> (1, H, W, C).

    The article does the same with ``tf.reshape(image, [1, *image.shape, 1])``.

    >>> to_nhwc(line_image()).shape
    (1, 7, 8, 1)
    """
    array = as_float_array(image, "image", "to_nhwc")
    check_shape(array, "(H, W) or (H, W, C)", "image", "to_nhwc", nonempty=True)
    if array.ndim == 2:
        return array[np.newaxis, :, :, np.newaxis]
    return array[np.newaxis]


def from_nhwc(batch: object) -> np.ndarray:
    """Drop the batch axis (and a single channel axis): (1, H, W, C) -> (H, W[, C])."""
    array = as_float_array(batch, "batch", "from_nhwc")
    check_shape(array, "(1, H, W, C)", "batch", "from_nhwc", nonempty=True)
    image = array[0]
    return image[:, :, 0] if image.shape[2] == 1 else image


def shift(image: object, dy: int, dx: int, mode: str = "zero") -> np.ndarray:
    """Move an image ``dy`` pixels down and ``dx`` right.

    ``mode='circular'`` wraps what leaves one side back in on the other
    (``np.roll``); ``mode='zero'`` fills the uncovered border with zeros.
    Works on (H, W), (H, W, C) and NHWC arrays (the spatial axes are found
    from the number of dimensions).
    """
    func = "shift"
    array = as_float_array(image, "image", func)
    dy = check_int(dy, "dy", func)
    dx = check_int(dx, "dx", func)
    if mode not in ("zero", "circular"):
        raise ValueError(f"{func}: `mode` must be 'zero' or 'circular', got {mode!r}.")
    check_shape(array, "(H, W) or (H, W, C) or (N, H, W, C)", "image", func, nonempty=True)
    axes = (1, 2) if array.ndim == 4 else (0, 1)
    moved = np.roll(array, (dy, dx), axis=axes)
    if mode == "circular":
        return moved
    height, width = array.shape[axes[0]], array.shape[axes[1]]
    index = [slice(None)] * array.ndim
    rows = slice(0, min(dy, height)) if dy >= 0 else slice(max(height + dy, 0), height)
    cols = slice(0, min(dx, width)) if dx >= 0 else slice(max(width + dx, 0), width)
    index[axes[0]] = rows
    moved[tuple(index)] = 0
    index[axes[0]] = slice(None)
    index[axes[1]] = cols
    moved[tuple(index)] = 0
    return moved
