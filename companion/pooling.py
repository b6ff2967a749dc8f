"""Pooling taken apart: what survives, what it equals, and the article's closing pipeline.

The pooling ops themselves live in :mod:`companion.ops`, each equal to its
``tf.nn``/Keras twin. This module holds what the chapter "Pooling types" measures
with them: :func:`pool_repeatedly` (the article's 64 -> 32 -> 16 -> 8 -> 4, with any
pooling function of ``tf.nn``'s signature); :func:`survival`, :func:`coverage` (what a
window and a stride keep and read); :func:`avg_pool_as_conv`, :func:`additivity_gap`
(average pooling is a constant convolution, max pooling is not linear);
:func:`feature_stack`, :func:`pipeline` (convolution -> ReLU -> pooling on a photo);
:func:`pooled_after_shift`, :func:`shift_changes`, :func:`shifted_pipeline` (shifted
images summarised: the preview of the chapter "Invariance" and its digit demo).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from companion import images, kernels, ops
from companion._validate import (
    as_float_array,
    check_int,
    check_nonnegative,
    check_same_shape,
    check_shape,
    nhwc_array,
    padding_mode,
    spatial_pair,
)
from companion.kernels import MAX_FILTER, constant_filter

__all__ = [
    "CIRCLE_CENTRES",
    "GLOBAL_POOLS",
    "MAX_SHIFTS",
    "MAX_SIDE",
    "MAX_TIMES",
    "POOLS",
    "Pipeline",
    "PoolCount",
    "ShiftedPipeline",
    "additivity_gap",
    "avg_pool_as_conv",
    "constant_filter",
    "coverage",
    "explorer_map",
    "feature_stack",
    "pipeline",
    "pool_repeatedly",
    "pooled_after_shift",
    "shift_changes",
    "shifted_pipeline",
    "survival",
]

#: The two local pooling types by the names the chapter and its demos use.
POOLS: dict[str, Callable[..., np.ndarray]] = {"max": ops.max_pool2d, "average": ops.avg_pool2d}

#: The chapter's two circles (64x64, radius 8) for the shift preview: the article's, centred
#: inside its 16x16 pooling blocks, and one next to a block edge.
CIRCLE_CENTRES = {"article: (32, 32)": (32, 32), "near a grid line: (39, 39)": (39, 39)}

#: Bounds that keep a call from seeming to hang: pooling layers in a row (2x2/2 layers
#: halve a map, so 32 of them bring any map to 1x1), the side of a map whose coverage
#: is counted (a table per pixel), and shifts compared in one call. The shifted copies
#: of one image hold at most :data:`companion.kernels.MAX_FILTER` values.
MAX_TIMES = 32
MAX_SIDE = 1024
MAX_SHIFTS = 1024


def explorer_map() -> np.ndarray:
    """The pooling explorer's small feature map: ReLU(left Sobel) of a 9x9 circle, SAME padding.

    Integers 0-4, mostly zeros, as a map after ReLU is; odd-sized, so the SAME
    padding of a stride-2 window shows. Chapter "Pooling types".
    """
    circle = images.to_nhwc(images.circle_image(size=9, radius=3))
    weights = kernels.get_filter(kernels.kernel("left sobel"), is_color=False)
    return ops.relu(ops.conv2d(circle, weights, 1, "SAME"))[0, :, :, 0]


# -- the article's experiment: pool, pool again ----------------------------------------
def pool_repeatedly(
    input: object,
    pool: Callable[..., Any],
    times: int = 4,
    ksize: int | list[int] = 2,
    strides: int | list[int] = 2,
    padding: str = "SAME",
) -> list[np.ndarray]:
    """Apply ``pool`` ``times`` times in a row; return the input and every result.

    ``pool`` is any function with ``tf.nn.max_pool2d``'s signature:
    ``companion.ops.max_pool2d``, ``tf.nn.avg_pool2d``, ... (TF tensors come
    back as numpy arrays). The article pools its 64x64 circle four times with
    ``ksize=2, strides=2, padding='SAME'``. Chapter "Pooling types".

    Examples
    --------
    >>> from companion import images, ops
    >>> maps = pool_repeatedly(images.to_nhwc(images.circle_image()), ops.max_pool2d)
    >>> [m.shape[1] for m in maps]
    [64, 32, 16, 8, 4]
    """
    func = "pool_repeatedly"
    if not callable(pool):
        raise TypeError(f"{func}: `pool` must be a pooling function, got {type(pool).__name__}.")
    times = check_int(times, "times", func, 1, MAX_TIMES)
    maps = [nhwc_array(input, "input", func)]
    for _ in range(times):
        pooled = pool(maps[-1], ksize=ksize, strides=strides, padding=padding)
        maps.append(as_float_array(pooled, "pool(input)", func))  # numbers, finite
    return maps


# -- what survives -------------------------------------------------------------------------
@dataclass(frozen=True)
class PoolCount:
    """How many activations go into a pooling layer and how many come out."""

    input_shape: tuple[int, int]
    output_shape: tuple[int, int]

    @property
    def inputs(self) -> int:
        return self.input_shape[0] * self.input_shape[1]

    @property
    def outputs(self) -> int:
        return self.output_shape[0] * self.output_shape[1]

    @property
    def kept(self) -> float:
        """Share of the activations that survive (outputs / inputs)."""
        return self.outputs / self.inputs

    @property
    def dropped(self) -> float:
        return 1.0 - self.kept


def survival(
    height: int, width: int, ksize: int | list[int], strides: int | list[int], padding: str
) -> PoolCount:
    """Count the activations in and out of one pooling layer (per channel).

    The output size follows TF's rule (:func:`companion.ops.output_size`), so
    2x2 windows with stride 2 keep a quarter of a 64x64 map: 75% dropped.

    >>> survival(64, 64, 2, 2, "SAME").dropped
    0.75
    """
    func = "survival"
    height = check_int(height, "height", func, 1)
    width = check_int(width, "width", func, 1)
    kh, kw = spatial_pair(ksize, "ksize", func)
    sh, sw = spatial_pair(strides, "strides", func)
    mode = padding_mode(padding, func)
    if mode == "VALID" and (kh > height or kw > width):
        raise ValueError(
            f"{func}: `ksize` ({kh}x{kw}) is larger than the map ({height}x{width})"
            " with padding='VALID'."
        )
    shape = (ops.output_size(height, kh, sh, mode), ops.output_size(width, kw, sw, mode))
    return PoolCount((height, width), shape)


def _coverage_1d(size: int, kernel: int, stride: int, mode: str) -> np.ndarray:
    out = ops.output_size(size, kernel, stride, mode)
    before = ops.same_padding(size, kernel, stride)[0] if mode == "SAME" else 0
    starts = np.arange(out) * stride - before
    position = np.arange(size)[:, None]
    return ((position >= starts) & (position < starts + kernel)).sum(axis=1)


def coverage(
    height: int, width: int, ksize: int | list[int], strides: int | list[int], padding: str
) -> np.ndarray:
    """How many pooling windows read each input pixel, shape (height, width).

    All ones for 2x2 windows with stride 2 (the windows tile the map); with 3x3
    windows and stride 2 they overlap and a pixel is read 1, 2 or 4 times; with
    stride > window some pixels are never read (0). Padding follows TF's SAME rule.

    >>> coverage(4, 4, 3, 2, "SAME")
    array([[1, 1, 2, 1],
           [1, 1, 2, 1],
           [2, 2, 4, 2],
           [1, 1, 2, 1]])
    """
    func = "coverage"
    check_int(height, "height", func, 1, MAX_SIDE)
    check_int(width, "width", func, 1, MAX_SIDE)
    count = survival(height, width, ksize, strides, padding)
    kh, kw = spatial_pair(ksize, "ksize", func)
    sh, sw = spatial_pair(strides, "strides", func)
    mode = padding_mode(padding, func)
    rows = _coverage_1d(count.input_shape[0], kh, sh, mode)
    cols = _coverage_1d(count.input_shape[1], kw, sw, mode)
    return np.outer(rows, cols)


# -- pooling is fixed: average pooling as a convolution --------------------------------
def avg_pool_as_conv(
    input: object, ksize: int | list[int], strides: int | list[int], padding: str
) -> np.ndarray:
    """Average pooling computed as ``conv2d`` with :func:`constant_filter` and the same stride.

    Equal to :func:`companion.ops.avg_pool2d` wherever a window lies inside the map
    (always with VALID). With SAME padding they differ on windows that reach over the
    border: the convolution counts the padded zeros, TF's divides by the real pixels.
    """
    x = nhwc_array(input, "input", "avg_pool_as_conv")
    return ops.conv2d(x, constant_filter(ksize, x.shape[3]), strides, padding)


def additivity_gap(pool: Callable[..., Any], a: object, b: object, **kwargs: Any) -> np.ndarray:
    """``pool(a + b) - pool(a) - pool(b)``: zero everywhere for any convolution.

    A convolution is linear, so this gap is zero for it (and for average
    pooling); max pooling leaves a gap, so no kernel can reproduce it.
    ``kwargs`` go to ``pool`` (``ksize``, ``strides``, ``padding``).
    """
    func = "additivity_gap"
    if not callable(pool):
        raise TypeError(f"{func}: `pool` must be a pooling function, got {type(pool).__name__}.")
    first = as_float_array(a, "a", func)
    second = as_float_array(b, "b", func)
    check_same_shape(first, second, ("a", "b"), func)
    whole = np.asarray(pool(first + second, **kwargs))
    return whole - np.asarray(pool(first, **kwargs)) - np.asarray(pool(second, **kwargs))


# -- the closing pipeline: extract, isolate, condense ---------------------------------
def _image_nhwc(image: object, func: str) -> np.ndarray:
    array = as_float_array(image, "image", func)
    check_shape(array, "(H, W) or (H, W, 1) or (H, W, 3)", "image", func, what="an image")
    return images.to_nhwc(array)


def feature_stack(image: object, names: Sequence[str]) -> np.ndarray:
    """ReLU(SAME convolution) of ``image`` with each named kernel, as the channels of one map.

    Returns shape (1, H, W, len(names)): the kind of multi-channel feature
    map that global pooling reduces to one number per channel. All kernels
    must have the same size (the four Sobels, outline, ... are 3x3).
    """
    func = "feature_stack"
    x = _image_nhwc(image, func)
    weights = kernels.named_kernels(names, func)
    if len({w.shape for w in weights}) != 1:
        raise ValueError(f"{func}: `names` must name kernels of one size, got {list(names)}.")
    filters = np.concatenate(
        [kernels.get_filter(w, is_color=x.shape[3] == 3) for w in weights], axis=3
    )
    return ops.relu(ops.conv2d(x, filters, 1, "SAME"))


@dataclass(frozen=True)
class Pipeline:
    """The three stages of the article's closing example, as 2-D maps."""

    conv: np.ndarray
    relu: np.ndarray
    pooled: np.ndarray


def pipeline(
    image: object,
    kernel: str = "bottom sobel",
    kind: str = "max",
    ksize: int | list[int] = 2,
    strides: int | list[int] = 2,
    padding: str = "SAME",
    nn: ModuleType | None = None,
) -> Pipeline:
    """Convolution -> ReLU -> pooling, as the article's closing walk-through.

    ``nn`` is the module that computes: :mod:`companion.ops` (default) or ``tf.nn``;
    they share the signatures, so the chapter runs the pipeline with both and
    compares. ``kind`` is ``'max'`` (the article's) or ``'average'``.
    """
    func = "pipeline"
    x = _image_nhwc(image, func)
    if kind not in POOLS:
        raise ValueError(f"{func}: `kind` must be one of {sorted(POOLS)}, got {kind!r}.")
    nn = ops if nn is None else nn
    weights = kernels.get_filter(kernels.kernel(kernel), is_color=x.shape[3] == 3)
    conv = nn.conv2d(x, weights, strides=1, padding="SAME")
    relu = nn.relu(conv)
    pool = nn.max_pool2d if kind == "max" else nn.avg_pool2d
    pooled = pool(relu, ksize=ksize, strides=strides, padding=padding)
    return Pipeline(*(np.asarray(stage)[0, :, :, 0] for stage in (conv, relu, pooled)))


# -- preview of "Invariance": shift, then pool -------------------------------------------
#: Global pooling by name: the whole map becomes one number per channel.
GLOBAL_POOLS: dict[str, Callable[..., np.ndarray]] = {
    "global max": ops.global_max_pool2d,
    "global average": ops.global_avg_pool2d,
}


def pooled_after_shift(
    image: object, dy: int, dx: int, kind: str = "max", times: int = 4
) -> np.ndarray:
    """Shift a 2-D image (zero fill), then summarise it; a 2-D result.

    ``kind`` ``'max'`` or ``'average'``: pooled ``times`` times (2x2, stride 2,
    SAME); with the article's 64x64 circle and ``times=4``, its 4x4 summary.
    ``kind`` ``'global max'`` or ``'global average'``: one number (shape 1x1).
    """
    func = "pooled_after_shift"
    times = check_int(times, "times", func, 1, MAX_TIMES)
    array = check_shape(as_float_array(image, "image", func), "(H, W)", "image", func, what="a map")
    if kind not in POOLS and kind not in GLOBAL_POOLS:
        known = sorted([*POOLS, *GLOBAL_POOLS])
        raise ValueError(f"{func}: `kind` must be one of {known}, got {kind!r}.")
    moved = images.to_nhwc(images.shift(array, dy, dx))
    if kind in GLOBAL_POOLS:
        return GLOBAL_POOLS[kind](moved).reshape(1, 1)
    return pool_repeatedly(moved, POOLS[kind], times)[-1][0, :, :, 0]


def shift_changes(
    image: object,
    shifts: Sequence[tuple[int, int]],
    kind: str = "max",
    times: int = 4,
    atol: float = 1e-6,
) -> list[int]:
    """How many cells of the summary each ``(dy, dx)`` in ``shifts`` changes (0: ignored).

    The summary is :func:`pooled_after_shift`'s; a cell "differs" when it
    moves by more than ``atol``. 0 means the summary ignored that shift.

    >>> from companion import images
    >>> shift_changes(images.circle_image(), [(0, 1), (1, 1)], "max")
    [0, 0]
    """
    func = "shift_changes"
    pairs = _shift_pairs(shifts, func)
    atol = check_nonnegative(atol, "atol", func)
    reference = pooled_after_shift(image, 0, 0, kind, times)
    summaries = (pooled_after_shift(image, dy, dx, kind, times) for dy, dx in pairs)
    return [int(np.sum(np.abs(s - reference) > atol)) for s in summaries]


def _shift_pairs(shifts: object, func: str) -> list[tuple[int, int]]:
    """``shifts`` as at most :data:`MAX_SHIFTS` pairs of ints ``(dy, dx)``, or raise naming it."""
    if not isinstance(shifts, (list, tuple)) or not all(
        isinstance(pair, (tuple, list)) and len(pair) == 2 for pair in shifts
    ):
        raise TypeError(f"{func}: `shifts` must be a list of (dy, dx) pairs, got {shifts!r:.80}.")
    if len(shifts) > MAX_SHIFTS:
        raise ValueError(f"{func}: `shifts` must hold at most {MAX_SHIFTS} pairs.")
    return [(check_int(dy, "shifts", func), check_int(dx, "shifts", func)) for dy, dx in shifts]


@dataclass(frozen=True)
class ShiftedPipeline:
    """:func:`pipeline` (max pooling 2x2/2, SAME) on shifted copies of one image: NHWC batches."""

    shifts: tuple[tuple[int, int], ...]
    shifted: np.ndarray
    relu: np.ndarray
    pooled: np.ndarray

    def mean_ratios(self, maps: np.ndarray | None = None) -> np.ndarray:
        """Global average of each of ``maps`` (``pooled``) over the unshifted copy's."""
        means = (self.pooled if maps is None else maps).mean(axis=(1, 2, 3))
        return means / means[self.shifts.index((0, 0))]


def shifted_pipeline(
    image: object, kernel: str, shifts: Sequence[tuple[int, int]]
) -> ShiftedPipeline:
    """Shift ``image`` by each ``(dy, dx)`` (zero fill), then convolution -> ReLU -> max pool.

    The digit-shift demo and exercise of the chapter "Invariance": ``shifts`` must hold
    ``(0, 0)``, the reference of :meth:`ShiftedPipeline.mean_ratios`.
    """
    func = "shifted_pipeline"
    x, pairs = _image_nhwc(image, func), _shift_pairs(shifts, func)
    if (0, 0) not in pairs:
        raise ValueError(f"{func}: `shifts` must hold (0, 0), the unshifted reference.")
    if len(pairs) * x.size > MAX_FILTER:
        raise ValueError(f"{func}: `shifts` ({len(pairs)}) copies of `image` are too many values.")
    weights = kernels.get_filter(kernels.kernel(kernel), is_color=x.shape[3] == 3)
    batch = np.concatenate([images.shift(x, dy, dx) for dy, dx in pairs])
    relu = ops.relu(ops.conv2d(batch, weights, 1, "SAME"))
    pooled = ops.max_pool2d(relu, 2, 2, "SAME")
    return ShiftedPipeline(tuple(pairs), batch, relu, pooled)
