"""Convolution taken apart: the windows, products and sums behind ``conv2d``.

``tf.nn.conv2d`` gives the answer; these helpers show the work, one kernel
position at a time, for the chapter "Convolution math" and its first demo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from companion._validate import as_float_array, check_int, check_shape, padding_mode, spatial_pair
from companion.ops import MAX_WINDOW, output_size, same_padding

__all__ = [
    "MAX_BY_HAND",
    "Step",
    "border_response",
    "by_hand",
    "pad_like_tf",
    "step",
    "true_convolution",
]

#: The most output pixels :func:`by_hand` computes one stop at a time (64x64):
#: each stop pads the image again, so the work grows with the image squared.
MAX_BY_HAND = 64 * 64


def _image_and_kernel(image: object, kernel: object, func: str) -> tuple[np.ndarray, np.ndarray]:
    image = as_float_array(image, "image", func)
    kernel = as_float_array(kernel, "kernel", func)
    check_shape(image, "(H, W)", "image", func, what="a 2-D greyscale image", nonempty=True)
    check_shape(kernel, "(kh, kw)", "kernel", func, what="a 2-D kernel", nonempty=True)
    return image, kernel


def pad_like_tf(image: object, kernel_shape: tuple[int, int], strides=1, padding="SAME"):
    """The zero-padded image TF slides over, and the (top, left) padding it added."""
    func = "pad_like_tf"
    image = check_shape(as_float_array(image, "image", func), "(H, W)", "image", func)
    kh, kw = spatial_pair(kernel_shape, "kernel_shape", func, allow_4=False)
    if kh > max(image.shape[0], MAX_WINDOW) or kw > max(image.shape[1], MAX_WINDOW):
        raise ValueError(
            f"{func}: `kernel_shape` ({kh}x{kw}) must not be larger than the image"
            f" {image.shape} or {MAX_WINDOW}, whichever is larger."
        )
    sh, sw = spatial_pair(strides, "strides", func)
    if padding_mode(padding, func) == "VALID":
        return image, (0, 0)
    top, bottom = same_padding(image.shape[0], kh, sh)
    left, right = same_padding(image.shape[1], kw, sw)
    return np.pad(image, ((top, bottom), (left, right))), (top, left)


@dataclass(frozen=True)
class Step:
    """One stop of the kernel: where it is, what it covers, and the weighted sum."""

    row: int
    col: int
    top: int
    left: int
    window: np.ndarray
    products: np.ndarray
    total: float


def step(image: object, kernel: object, row: int, col: int, strides=1, padding="SAME") -> Step:
    """The kernel's stop that produces output pixel (``row``, ``col``).

    ``top``/``left`` locate the window in the padded image.
    """
    image, kernel = _image_and_kernel(image, kernel, "step")
    row, col = check_int(row, "row", "step"), check_int(col, "col", "step")
    sh, sw = spatial_pair(strides, "strides", "step")
    padded, _ = pad_like_tf(image, kernel.shape, (sh, sw), padding)
    rows = output_size(image.shape[0], kernel.shape[0], sh, padding)
    cols = output_size(image.shape[1], kernel.shape[1], sw, padding)
    if not (0 <= row < rows and 0 <= col < cols):
        raise ValueError(
            f"step: (row, col) must lie in the {rows}x{cols} output, got ({row}, {col})."
        )
    top, left = row * sh, col * sw
    window = padded[top : top + kernel.shape[0], left : left + kernel.shape[1]]
    products = window * kernel
    return Step(row, col, top, left, window, products, float(products.sum()))


def by_hand(image: object, kernel: object, strides=1, padding="SAME") -> np.ndarray:
    """The whole feature map, one explicit weighted sum per output pixel (slow on purpose).

    Equal to ``tf.nn.conv2d`` on the same image and kernel: the chapter prints
    the comparison.
    """
    image, kernel = _image_and_kernel(image, kernel, "by_hand")
    sh, sw = spatial_pair(strides, "strides", "by_hand")
    rows = output_size(image.shape[0], kernel.shape[0], sh, padding)
    cols = output_size(image.shape[1], kernel.shape[1], sw, padding)
    if rows * cols == 0:  # VALID, and the kernel does not fit
        raise ValueError(
            f"by_hand: `kernel` {kernel.shape} is larger than `image` {image.shape} with"
            " padding='VALID'; use a smaller kernel or padding='SAME'."
        )
    if rows * cols > MAX_BY_HAND:
        raise ValueError(
            f"by_hand: `image` gives a {rows}x{cols} output, more than {MAX_BY_HAND} stops to"
            " compute one at a time; use companion.ops.conv2d, or a smaller image."
        )
    out = np.zeros((rows, cols), dtype=np.float32)
    for r in range(rows):
        for c in range(cols):
            out[r, c] = step(image, kernel, r, c, (sh, sw), padding).total
    return out


def true_convolution(image: object, kernel: object) -> np.ndarray:
    """Convolution as mathematics defines it: flip the kernel, then slide (VALID).

    ``scipy.signal.convolve2d(image, kernel, mode="valid")`` gives the same.
    """
    image, kernel = _image_and_kernel(image, kernel, "true_convolution")
    from companion.ops import conv2d

    flipped = kernel[::-1, ::-1]
    return conv2d(image[None, :, :, None], flipped[:, :, None, None], 1, "VALID")[0, :, :, 0]


def border_response(image: object, kernel: object) -> tuple[np.ndarray, np.ndarray]:
    """SAME and VALID feature maps of one image, to show what zero padding adds at the edges."""
    image, kernel = _image_and_kernel(image, kernel, "border_response")
    from companion.ops import conv2d

    x, w = image[None, :, :, None], kernel[:, :, None, None]
    return conv2d(x, w, 1, "SAME")[0, :, :, 0], conv2d(x, w, 1, "VALID")[0, :, :, 0]
