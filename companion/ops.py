"""The CNN operations in plain numpy, with ``tf.nn``'s signatures and semantics.

Each function here gives the same numbers as its ``tf.nn`` twin (the tests
check it on random inputs), so a reader can swap one for the other and see
the arithmetic that TensorFlow hides. Layouts follow TF's defaults: inputs
are NHWC ``[batch, height, width, channels]``, filters are HWIO
``[height, width, in_channels, out_channels]``.

Used in the chapters "Convolution math", "Pooling types" and "Invariance".
"""

from __future__ import annotations

import numpy as np

from companion._validate import (
    as_float_array,
    check_int,
    check_shape,
    data_format_nhwc,
    nhwc_array,
    padding_mode,
    require_nhwc,
    spatial_pair,
)

__all__ = [
    "MAX_READS",
    "MAX_WINDOW",
    "avg_pool2d",
    "conv2d",
    "global_avg_pool2d",
    "global_max_pool2d",
    "max_pool2d",
    "output_size",
    "padded_output_size",
    "relu",
    "same_padding",
]


#: The largest window side accepted beyond the input's own side. A window larger
#: than the input reads mostly padding, and each of its taps is one pass over a
#: padded copy: a 3000x3000 window on a 4x4 map takes seconds and allocates
#: a 3003x3003 copy for 16 outputs.
MAX_WINDOW = 64

#: The most element reads (window taps x output elements x channels, times the output
#: channels of a convolution) one op may do, about a few seconds of numpy: beyond it
#: the call would seem to hang.
MAX_READS = 2**30


def _axis_args(size: object, kernel: object, stride: object, func: str) -> tuple[int, int, int]:
    """``size``, ``kernel`` and ``stride`` as positive ints, or raise naming the argument."""
    return (
        check_int(size, "size", func, minimum=1),
        check_int(kernel, "kernel", func, minimum=1),
        check_int(stride, "stride", func, minimum=1),
    )


def output_size(size: int, kernel: int, stride: int, padding: str) -> int:
    """Length of one output axis, by TensorFlow's rule.

    ``SAME``: ``ceil(size / stride)`` (with stride 1, the input's size);
    ``VALID``: ``ceil((size - kernel + 1) / stride)``, and 0 when the kernel
    does not fit. Both are :func:`padded_output_size` with the padding TF
    chooses (none for ``VALID``, :func:`same_padding` for ``SAME``).
    Chapters "Convolution math" and "Pooling types".

    >>> output_size(7, 2, 1, "SAME"), output_size(7, 2, 1, "VALID")
    (7, 6)
    >>> output_size(7, 3, 2, "SAME"), output_size(7, 3, 2, "VALID")
    (4, 3)
    """
    size, kernel, stride = _axis_args(size, kernel, stride, "output_size")
    mode = padding_mode(padding, "output_size")
    if mode == "SAME":
        return -(-size // stride)
    return max(-(-(size - kernel + 1) // stride), 0)


def padded_output_size(size: int, kernel: int, stride: int, pad: int | tuple[int, int]) -> int:
    """Output length of one axis with explicit padding: ``(size + 2 pad - kernel) // stride + 1``.

    The general rule (PyTorch's ``Conv2d`` documents the same): the kernel's
    first stop is at the start of the padded axis, and it moves by ``stride``
    while it still fits.
    ``pad`` is the zeros added on each side, or a pair ``(before, after)``
    when the two sides differ (as TF's ``SAME`` does when the total is odd).
    Chapter "Convolution math".

    >>> padded_output_size(7, 3, 2, 0), padded_output_size(7, 3, 2, 1)
    (3, 4)
    >>> padded_output_size(8, 3, 2, (0, 1))
    4
    """
    func = "padded_output_size"
    size, kernel, stride = _axis_args(size, kernel, stride, func)
    if isinstance(pad, (tuple, list)):
        if len(pad) != 2:
            raise ValueError(f"{func}: `pad` must be an int or a pair (before, after): {pad!r}.")
        before, after = (check_int(p, "pad", func, minimum=0) for p in pad)
    else:
        before = after = check_int(pad, "pad", func, minimum=0)
    padded = size + before + after
    if kernel > padded:
        raise ValueError(
            f"{func}: `kernel` ({kernel}) is larger than the padded axis ({size} + {before} +"
            f" {after} = {padded}): there is no position where it fits."
        )
    return (padded - kernel) // stride + 1


def same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """TF's SAME padding of one axis as (before, after).

    The total is ``max((out - 1) * stride + kernel - size, 0)``; when it is
    odd, the extra row or column goes *after* (bottom / right).

    >>> same_padding(8, 2, 1)
    (0, 1)
    """
    size, kernel, stride = _axis_args(size, kernel, stride, "same_padding")
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _check_window(
    window: tuple[int, int],
    shape: tuple[int, ...],
    out: tuple[int, int, int],
    name: str,
    func: str,
) -> None:
    """Refuse windows so large that the op would seem to hang or allocate gigabytes.

    ``out`` is the output's height, width and channels per input channel (a
    convolution's output channels, 1 for pooling).
    """
    (kh, kw), (batch, height, width, channels) = window, shape
    if kh > max(height, MAX_WINDOW) or kw > max(width, MAX_WINDOW):
        raise ValueError(
            f"{func}: `{name}` ({kh}x{kw}) must not be larger than the input ({height}x{width})"
            f" or {MAX_WINDOW}, whichever is larger: a larger window reads mostly padding."
        )
    reads = kh * kw * batch * out[0] * out[1] * out[2] * channels
    if reads > MAX_READS:
        raise ValueError(
            f"{func}: `{name}` ({kh}x{kw}) on this input would read {reads:,} values (more than"
            f" {MAX_READS:,}): use a smaller window, a larger stride or a smaller batch."
        )


def _pad_for(
    x: np.ndarray,
    window: tuple[int, int],
    strides: tuple[int, int],
    mode: str,
    fill: float,
    func: str,
    name: str,
    out_channels: int = 1,
) -> tuple[np.ndarray, int, int]:
    """The input padded as TF pads it, and the output height and width.

    ``name`` is the argument that holds the window (``filters`` or ``ksize``),
    for the error messages; ``out_channels`` is a convolution's (each read
    is done once per output channel).
    """
    kh, kw = window
    sh, sw = strides
    _, height, width, _ = x.shape
    if mode == "VALID" and (kh > height or kw > width):
        raise ValueError(
            f"{func}: the window of `{name}` ({kh}x{kw}) is larger than the input"
            f" ({height}x{width}) with padding='VALID'; use a smaller kernel or padding='SAME'."
        )
    out_h, out_w = output_size(height, kh, sh, mode), output_size(width, kw, sw, mode)
    _check_window(window, x.shape, (out_h, out_w, out_channels), name, func)
    if mode == "SAME":
        pad_h, pad_w = same_padding(height, kh, sh), same_padding(width, kw, sw)
        x = np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)), constant_values=fill)
    return x, out_h, out_w


def _taps(x: np.ndarray, window, strides, out_h: int, out_w: int):
    """For each kernel tap (i, j): the strided view of the pixels it meets, shape (N, OH, OW, C).

    Summing ``tap * weight`` over the taps is the convolution; the maximum
    over the taps is max pooling. Looping over the few taps (not the many
    pixels) keeps every step a large vectorised numpy operation.
    """
    (kh, kw), (sh, sw) = window, strides
    span_h, span_w = sh * (out_h - 1) + 1, sw * (out_w - 1) + 1
    for i in range(kh):
        for j in range(kw):
            yield i, j, x[:, i : i + span_h : sh, j : j + span_w : sw, :]


def conv2d(
    input: object,
    filters: object,
    strides: int | list[int] = 1,
    padding: str = "VALID",
    data_format: str = "NHWC",
    dilations: int | list[int] | None = None,
    name: str | None = None,
) -> np.ndarray:
    """2-D cross-correlation, exactly as ``tf.nn.conv2d`` computes it.

    Slides each filter over the image and takes, at every stop, the weighted
    sum of the pixels under it. Like TF (and every deep-learning library) the
    kernel is *not* flipped: this is cross-correlation, which deep learning
    calls convolution.

    Parameters
    ----------
    input : array, shape (N, H, W, C)
        A batch of images (NHWC).
    filters : array, shape (kh, kw, C, O)
        The kernels (HWIO); :func:`companion.kernels.get_filter` builds one from a 2-D kernel.
    strides : int, [sh, sw] or [1, sh, sw, 1]
        How far the kernel moves between stops.
    padding : 'SAME' or 'VALID'
        ``VALID`` only visits positions where the kernel fits; ``SAME`` pads
        with zeros so the output has ``ceil(H / stride)`` rows (the odd extra
        row/column of padding goes to the bottom/right, as in TF).
    data_format, dilations, name
        Accepted for signature compatibility: only NHWC and dilation 1.

    Returns
    -------
    numpy.ndarray, shape (N, OH, OW, O)

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(9.0).reshape(1, 3, 3, 1)
    >>> w = np.ones((2, 2, 1, 1))
    >>> conv2d(x, w, strides=1, padding="VALID")[0, :, :, 0]
    array([[ 8., 12.],
           [20., 24.]])
    """
    func = "conv2d"
    data_format_nhwc(data_format, func)
    if dilations not in (None, 1, [1, 1], [1, 1, 1, 1], (1, 1), (1, 1, 1, 1)):
        raise ValueError(f"{func}: `dilations` other than 1 are not supported, got {dilations!r}.")
    x = as_float_array(input, "input", func)
    require_nhwc(x, "input", func)
    w = as_float_array(filters, "filters", func)
    hint = " Build one from a 2-D kernel with companion.kernels.get_filter(kernel)."
    check_shape(
        w,
        "[height, width, in_channels, out_channels]",
        "filters",
        func,
        what="a 4-D HWIO array",
        hint=hint if w.ndim == 2 else "",
    )
    if w.shape[2] != x.shape[3]:
        raise ValueError(
            f"{func}: `filters` expects {w.shape[2]} input channel(s) (its axis 2) but `input`"
            f" has {x.shape[3]} (its last axis); they must match."
        )
    if min(w.shape) == 0 or min(x.shape) == 0:
        raise ValueError(f"{func}: `input` and `filters` must not be empty.")
    stride_pair = spatial_pair(strides, "strides", func)
    mode = padding_mode(padding, func)
    dtype = np.result_type(x.dtype, w.dtype, np.float32)
    padded, out_h, out_w = _pad_for(
        x, w.shape[:2], stride_pair, mode, 0.0, func, "filters", w.shape[3]
    )
    padded = padded.astype(dtype, copy=False)  # after the size check: no copy of a refused input
    out = np.zeros((x.shape[0], out_h, out_w, w.shape[3]), dtype=dtype)
    weights = w.astype(dtype)
    for i, j, tap in _taps(padded, w.shape[:2], stride_pair, out_h, out_w):
        out += tap @ weights[i, j]
    return out


def relu(features: object, name: str | None = None) -> np.ndarray:
    """``max(features, 0)`` element by element, as ``tf.nn.relu``.

    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    x = as_float_array(features, "features", "relu")
    return np.maximum(x, 0).astype(x.dtype)


def _pool(input: object, ksize, strides, padding, data_format, func: str, kind: str) -> np.ndarray:
    data_format_nhwc(data_format, func)
    x = nhwc_array(input, "input", func)
    window = spatial_pair(ksize, "ksize", func)
    stride_pair = spatial_pair(strides, "strides", func)
    mode = padding_mode(padding, func)
    fill = -np.inf if kind == "max" else 0.0
    padded, out_h, out_w = _pad_for(x, window, stride_pair, mode, fill, func, "ksize")
    taps = (tap for _, _, tap in _taps(padded, window, stride_pair, out_h, out_w))
    if kind == "max":
        out = next(taps).copy()
        for tap in taps:
            np.maximum(out, tap, out=out)
        return out
    totals = next(taps).copy()
    for tap in taps:
        totals += tap
    if mode == "VALID":
        return (totals / (window[0] * window[1])).astype(x.dtype)
    # SAME: TF divides by the number of real (unpadded) pixels in each window.
    ones = np.ones((1, x.shape[1], x.shape[2], 1), dtype=x.dtype)
    padded_ones, _, _ = _pad_for(ones, window, stride_pair, mode, 0.0, func, "ksize")
    counts = sum(tap for _, _, tap in _taps(padded_ones, window, stride_pair, out_h, out_w))
    return (totals / counts).astype(x.dtype)


def max_pool2d(
    input: object,
    ksize: int | list[int],
    strides: int | list[int],
    padding: str,
    data_format: str = "NHWC",
    name: str | None = None,
) -> np.ndarray:
    """Max pooling, as ``tf.nn.max_pool2d``: each window replaced by its largest value.

    With ``SAME`` padding the padded cells never win (TF pads with -inf).

    >>> import numpy as np
    >>> x = np.array([[1, 2], [3, 4.0]]).reshape(1, 2, 2, 1)
    >>> max_pool2d(x, ksize=2, strides=2, padding="VALID").ravel()
    array([4.])
    """
    return _pool(input, ksize, strides, padding, data_format, "max_pool2d", "max")


def avg_pool2d(
    input: object,
    ksize: int | list[int],
    strides: int | list[int],
    padding: str,
    data_format: str = "NHWC",
    name: str | None = None,
) -> np.ndarray:
    """Average pooling, as ``tf.nn.avg_pool2d``: each window replaced by its mean.

    With ``SAME`` padding the mean is over the real pixels only (padded cells
    are not counted), which is TF's rule.

    >>> import numpy as np
    >>> x = np.array([[1, 2], [3, 4.0]]).reshape(1, 2, 2, 1)
    >>> avg_pool2d(x, ksize=2, strides=2, padding="VALID").ravel()
    array([2.5])
    """
    return _pool(input, ksize, strides, padding, data_format, "avg_pool2d", "avg")


def _global(input: object, keepdims: bool, func: str, reduce) -> np.ndarray:
    x = nhwc_array(input, "input", func)
    if not isinstance(keepdims, bool):
        raise TypeError(f"{func}: `keepdims` must be True or False, got {keepdims!r}.")
    return reduce(x, axis=(1, 2), keepdims=keepdims).astype(x.dtype)


def global_max_pool2d(input: object, keepdims: bool = False) -> np.ndarray:
    """One number per channel: the largest activation anywhere in the map.

    Equals Keras' ``GlobalMaxPooling2D`` and ``tf.reduce_max(x, axis=[1, 2])``.
    Returns shape (N, C), or (N, 1, 1, C) with ``keepdims=True``.
    """
    return _global(input, keepdims, "global_max_pool2d", np.max)


def global_avg_pool2d(input: object, keepdims: bool = False) -> np.ndarray:
    """One number per channel: the mean activation over the whole map.

    Equals Keras' ``GlobalAveragePooling2D`` and ``tf.reduce_mean(x, axis=[1, 2])``.
    Returns shape (N, C), or (N, 1, 1, C) with ``keepdims=True``.
    """
    return _global(input, keepdims, "global_avg_pool2d", np.mean)
