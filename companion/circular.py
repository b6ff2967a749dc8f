"""Convolution on a torus: pad with the image's own far side, so no pixel is at a border.

Circular padding makes convolution exactly shift-equivariant for circular
shifts (chapter "Invariance", section 1), and lets blur pooling be compared
with max pooling without the border playing a part (:mod:`companion.blurpool`).
"""

from __future__ import annotations

import numpy as np

from companion import ops
from companion._validate import as_float_array, check_shape, nhwc_array, spatial_pair

__all__ = ["circular_conv2d", "circular_pad"]


def circular_pad(input: object, window: int | list[int], strides: int | list[int] = 1):
    """Pad an NHWC batch as TF's SAME would, but with the image's own far side (wrap-around).

    The amounts are TF's (the odd extra row/column at the bottom/right, see
    :func:`companion.ops.same_padding`); the values wrap around, so the image
    behaves like a torus and nothing at its border is special.
    Chapter "Invariance".

    >>> import numpy as np
    >>> circular_pad(np.arange(3.0).reshape(1, 1, 3, 1), [1, 3])[0, 0, :, 0]
    array([2., 0., 1., 2., 0.])
    """
    func = "circular_pad"
    x = nhwc_array(input, "input", func)
    kh, kw = spatial_pair(window, "window", func)
    if kh > max(x.shape[1], ops.MAX_WINDOW) or kw > max(x.shape[2], ops.MAX_WINDOW):
        raise ValueError(
            f"{func}: `window` ({kh}x{kw}) must not be larger than the input"
            f" ({x.shape[1]}x{x.shape[2]}) or {ops.MAX_WINDOW}, whichever is larger."
        )
    sh, sw = spatial_pair(strides, "strides", func)
    pad_h = ops.same_padding(x.shape[1], kh, sh)
    pad_w = ops.same_padding(x.shape[2], kw, sw)
    return np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)), mode="wrap")


def circular_conv2d(input: object, filters: object, strides: int | list[int] = 1) -> np.ndarray:
    """``conv2d`` with circular padding: the one convolution that is exactly shift-equivariant.

    Same output size and alignment as ``tf.nn.conv2d(..., padding="SAME")``;
    inside the image the numbers are identical, only the border differs.
    Chapter "Invariance".
    """
    func = "circular_conv2d"
    w = as_float_array(filters, "filters", func)
    check_shape(w, "(kh, kw, in, out)", "filters", func, what="a 4-D HWIO array")
    padded = circular_pad(input, list(w.shape[:2]), strides)
    return ops.conv2d(padded, w, strides, "VALID")
