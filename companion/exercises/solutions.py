"""Reference solutions of the exercises where the learner writes a function.

Written the way a learner would (plain loops, one channel, the rule spelled
out), not the way :mod:`companion.ops` does it; the tests run each through its
exercise's checker, which compares it with ``companion.ops``. The notebooks'
hidden solution cells show this very source (a test keeps them in step).
"""

from __future__ import annotations

import numpy as np

__all__ = ["conv2d", "max_pool2d", "output_size"]


def output_size(n, k, s, padding):
    if padding == "SAME":
        return -(-n // s)  # ceil(n / s): the padding makes room for every step
    return (n - k) // s + 1  # VALID: the first position, then one per full step


def conv2d(image, kernel, stride, padding):
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    (h, w), (kh, kw) = image.shape, kernel.shape
    if padding == "SAME":  # ceil(n / stride) positions; an odd padding goes bottom/right
        out_h, out_w = -(-h // stride), -(-w // stride)
        pad_h = max((out_h - 1) * stride + kh - h, 0)
        pad_w = max((out_w - 1) * stride + kw - w, 0)
        image = np.pad(image, ((pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2)))
    else:  # VALID: only where the kernel fits
        out_h, out_w = (h - kh) // stride + 1, (w - kw) // stride + 1
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = image[i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[i, j] = np.sum(window * kernel)  # the kernel is not flipped
    return out


def max_pool2d(image, size, stride, padding):
    image = np.asarray(image, dtype=float)
    h, w = image.shape
    if padding == "SAME":  # pad with -inf, so that padding never wins the max
        out_h, out_w = -(-h // stride), -(-w // stride)
        pad_h = max((out_h - 1) * stride + size - h, 0)
        pad_w = max((out_w - 1) * stride + size - w, 0)
        pads = ((pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2))
        image = np.pad(image, pads, constant_values=-np.inf)
    else:  # VALID: only where the window fits
        out_h, out_w = (h - size) // stride + 1, (w - size) // stride + 1
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            out[i, j] = image[i * stride : i * stride + size, j * stride : j * stride + size].max()
    return out
