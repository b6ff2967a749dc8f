"""Anti-aliased max pooling ("blur pooling"), after Zhang (2019).

Richard Zhang, *Making Convolutional Networks Shift-Invariant Again* (ICML
2019), splits max pooling with stride ``s`` into its two jobs:

1. take the maximum over each window, evaluated densely (stride 1), which is
   shift-equivariant;
2. low-pass filter with a small binomial kernel, *then* keep every ``s``-th
   pixel: the blur removes the fine detail that subsampling would alias.

- :func:`binomial_kernel`, :func:`blur_kernel`: the normalised 1-D and 2-D
  binomial filters ([1, 2, 1] / 4, [1, 3, 3, 1] / 8, ...);
- :func:`blur_pool2d`: the operation in numpy, NHWC, with TF's SAME padding
  (zeros) or circular padding;
- :func:`keras_blur_pool`: the same as Keras layers (a max pool and a fixed,
  untrained depthwise convolution), for the models of :mod:`companion.experiments`.

Chapter "Invariance".
"""

from __future__ import annotations

import numpy as np

from companion import ops
from companion._validate import as_float_array, check_int, require_nhwc, spatial_pair
from companion.circular import circular_pad

__all__ = ["binomial_kernel", "blur_kernel", "blur_pool2d", "keras_blur_pool"]

#: Largest filter size: Pascal's row 63 still sums exactly in float64; blur filters are 2-7.
MAX_SIZE = 64
#: Most channels a Keras blur-pool block accepts (its fixed weights are channels x size^2).
MAX_CHANNELS = 4096


def binomial_kernel(size: int = 3) -> np.ndarray:
    """Row ``size - 1`` of Pascal's triangle, divided by its sum: a 1-D low-pass filter.

    >>> binomial_kernel(3)
    array([0.25, 0.5 , 0.25])
    """
    size = check_int(size, "size", "binomial_kernel", minimum=1, maximum=MAX_SIZE)
    row = np.array([1.0])
    for _ in range(size - 1):
        row = np.convolve(row, [1.0, 1.0])
    return row / row.sum()


def blur_kernel(size: int = 3) -> np.ndarray:
    """The 2-D binomial filter: outer product of two :func:`binomial_kernel`; sums to 1.

    >>> blur_kernel(3) * 16
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    row = binomial_kernel(check_int(size, "size", "blur_kernel", minimum=1, maximum=MAX_SIZE))
    return np.outer(row, row)


def blur_pool2d(
    input: object,
    ksize: int | list[int] = 2,
    strides: int | list[int] = 2,
    padding: str = "SAME",
    *,
    blur_size: int = 3,
) -> np.ndarray:
    """Zhang's anti-aliased max pooling: max pool with stride 1, then blur with stride ``strides``.

    Parameters
    ----------
    input : array, shape (N, H, W, C)
    ksize : int or [kh, kw]
        The max pooling window (evaluated at every pixel).
    strides : int or [sh, sw]
        The subsampling step, applied after the blur.
    padding : 'SAME' or 'CIRCULAR'
        ``SAME``: TF's zero padding for both steps (what the Keras layers of
        :func:`keras_blur_pool` do); ``CIRCULAR``: the image wraps around, so
        the border plays no part.
    blur_size : int
        Taps of the binomial filter (3 gives [1, 2, 1] / 4 per axis).

    Returns
    -------
    numpy.ndarray, shape (N, ceil(H / sh), ceil(W / sw), C)

    Examples
    --------
    >>> import numpy as np
    >>> x = np.zeros((1, 4, 4, 1)); x[0, 1, 1, 0] = 16
    >>> blur_pool2d(x, padding="CIRCULAR")[0, :, :, 0]
    array([[9., 3.],
           [3., 1.]])
    """

    func = "blur_pool2d"
    x = as_float_array(input, "input", func)
    require_nhwc(x, "input", func)
    if min(x.shape) == 0:
        raise ValueError(f"{func}: `input` must not be empty, got shape {x.shape}.")
    window = spatial_pair(ksize, "ksize", func)
    stride_pair = spatial_pair(strides, "strides", func)
    if not isinstance(padding, str) or padding.upper() not in ("SAME", "CIRCULAR"):
        raise ValueError(f"{func}: `padding` must be 'SAME' or 'CIRCULAR', got {padding!r}.")
    circular = padding.upper() == "CIRCULAR"
    blur_size = check_int(blur_size, "blur_size", func, minimum=1, maximum=MAX_SIZE)
    if circular:
        peaks = ops.max_pool2d(circular_pad(x, list(window)), window, 1, "VALID")
    else:
        peaks = ops.max_pool2d(x, window, 1, "SAME")
    # A depthwise convolution: every channel blurred on its own, as a batch of 1-channel maps.
    n, height, width, channels = peaks.shape
    flat = peaks.transpose(0, 3, 1, 2).reshape(n * channels, height, width, 1)
    weights = blur_kernel(blur_size)[:, :, None, None]
    if circular:
        flat = circular_pad(flat, [blur_size, blur_size], list(stride_pair))
        blurred = ops.conv2d(flat, weights, list(stride_pair), "VALID")
    else:
        blurred = ops.conv2d(flat, weights, list(stride_pair), "SAME")
    out = blurred.reshape(n, channels, *blurred.shape[1:3]).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(out, dtype=x.dtype)


def keras_blur_pool(
    channels: int, ksize: int = 2, strides: int = 2, *, blur_size: int = 3, name: str = "blur_pool"
):
    """Blur pooling as a Keras block: ``MaxPooling2D(stride 1)`` then a fixed depthwise blur.

    The blur is a ``DepthwiseConv2D`` whose weights are the binomial filter,
    set once and never trained (``trainable=False``). With SAME padding it
    computes what ``blur_pool2d(x, ksize, strides, "SAME")`` computes.
    ``channels`` is the number of channels of the block's input. Imports
    TensorFlow. Chapter "Invariance".
    """
    func = "keras_blur_pool"
    channels = check_int(channels, "channels", func, minimum=1, maximum=MAX_CHANNELS)
    ksize = check_int(ksize, "ksize", func, minimum=1, maximum=MAX_SIZE)
    strides = check_int(strides, "strides", func, minimum=1, maximum=MAX_SIZE)
    blur_size = check_int(blur_size, "blur_size", func, minimum=1, maximum=MAX_SIZE)
    from companion.tf_support import import_tensorflow

    tf = import_tensorflow()
    keras = tf.keras
    weights = np.repeat(blur_kernel(blur_size)[:, :, None, None], channels, axis=2)

    def fixed(shape, dtype=None):
        return tf.constant(weights.reshape(shape), dtype=dtype or "float32")

    return keras.Sequential(
        [
            keras.layers.MaxPooling2D(ksize, strides=1, padding="same"),
            keras.layers.DepthwiseConv2D(
                blur_size,
                strides=strides,
                padding="same",
                use_bias=False,
                depthwise_initializer=fixed,
                trainable=False,
            ),
        ],
        name=name,
    )
