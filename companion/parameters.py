"""How many weights a layer has: a dense layer against a convolution.

Chapter "Why CNNs". A dense (fully connected) layer gives every output unit
its own weight for every input pixel. A convolution's kernel sees only a
small neighbourhood (locality) and is the same at every position (weight
sharing), so its size does not depend on the image's. The counts match
Keras' ``Dense`` and ``Conv2D`` ``count_params()`` (the tests check).
"""

from __future__ import annotations

from collections.abc import Sequence
from math import prod
from numbers import Integral

import numpy as np

from companion._validate import check_int

__all__ = ["conv_parameters", "dense_parameters"]


def dense_parameters(input_shape: int | Sequence[int], units: int, bias: bool = True) -> int:
    """Weights (and biases) of a dense layer on a flattened input of ``input_shape``.

    >>> dense_parameters((224, 224, 3), 64)
    9633856
    """
    func = "dense_parameters"
    shape = (input_shape,) if isinstance(input_shape, (Integral, np.integer)) else input_shape
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence) or not shape:
        raise TypeError(f"{func}: `input_shape` must be an int or a tuple of ints, got {shape!r}.")
    inputs = prod(check_int(size, "input_shape", func, minimum=1) for size in shape)
    units = check_int(units, "units", func, minimum=1)
    return inputs * units + (units if bias else 0)


def conv_parameters(
    kernel_size: int | tuple[int, int], in_channels: int, filters: int, bias: bool = True
) -> int:
    """Weights (and biases) of a 2-D convolution: ``kh * kw * in_channels * filters (+ filters)``.

    The image's height and width do not appear: the same kernel is used everywhere.

    >>> conv_parameters(3, 3, 64)
    1792
    """
    func = "conv_parameters"
    if isinstance(kernel_size, (Integral, np.integer)):
        kernel_size = (kernel_size, kernel_size)
    if not isinstance(kernel_size, Sequence) or len(kernel_size) != 2:
        raise TypeError(f"{func}: `kernel_size` must be an int or a pair, got {kernel_size!r}.")
    kh, kw = (check_int(size, "kernel_size", func, minimum=1) for size in kernel_size)
    in_channels = check_int(in_channels, "in_channels", func, minimum=1)
    filters = check_int(filters, "filters", func, minimum=1)
    return kh * kw * in_channels * filters + (filters if bias else 0)
