"""Shift equivariance and invariance, measured: the numbers behind the chapter "Invariance".

Two words that many texts blur (Goodfellow, Bengio & Courville, *Deep
Learning*, ch. 9):

- ``f`` is **shift-equivariant** when ``f(shift(x)) == shift(f(x))``: the
  output moves with the input (convolution, ReLU);
- ``f`` is **shift-invariant** when ``f(shift(x)) == f(x)``: the output
  ignores the shift (what a classifier should be).

This module measures both, for single operations and small hand-made pipelines:
:func:`circular_pad`, :func:`circular_conv2d` (convolution on a torus, where
equivariance is exact); :func:`equivariance_map`, :func:`equivariance_error` (where
and how much ``f(shift(x))`` and ``shift(f(x))`` differ); :func:`shift_mismatch`,
:func:`pooling_equivariance_table` (a strided operation follows only shifts that are
multiples of its stride); :func:`pool1d` (1-D pooling that makes aliasing plain);
:func:`isolated_peak_unchanged`, :func:`circle_shift_unchanged` (max pooling under
small shifts); :func:`gap_shift_error` (global average pooling after convolution).
What trained classifiers do under shifts is measured in :mod:`companion.experiments`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from companion import images, ops
from companion._validate import (
    as_float_array,
    check_int,
    check_nonnegative,
    check_same_shape,
    check_shape,
    nhwc_array,
)
from companion.circular import circular_conv2d, circular_pad

__all__ = [
    "MAX_CELLS",
    "MAX_ENTRIES",
    "MAX_LAYERS",
    "MAX_SHIFT",
    "MAX_SIDE",
    "POOL1D_KINDS",
    "aliasing_signal",
    "circle_shift_unchanged",
    "circular_conv2d",
    "circular_pad",
    "equivariance_error",
    "equivariance_map",
    "farthest_from_border",
    "gap_shift_error",
    "isolated_peak_unchanged",
    "pool1d",
    "pooling_equivariance_table",
    "shift_mismatch",
]

#: The kinds of 1-D pooling :func:`pool1d` knows.
POOL1D_KINDS = ("max", "avg", "subsample", "blur")

#: Bounds that keep a measurement from seeming to hang or filling the memory: strides
#: and shifts per table, pooling layers (stride**layers must divide the image), the
#: circle's largest shift, and the side of the images :func:`isolated_peak_unchanged`
#: (a batch of side**4 values) and :func:`circle_shift_unchanged` make.
MAX_ENTRIES = 64
#: The most cells (strides x shifts) one :func:`pooling_equivariance_table` fills.
MAX_CELLS = 256
MAX_LAYERS = MAX_SHIFT = 8
MAX_SIDE = {"isolated_peak_unchanged": 32, "circle_shift_unchanged": 256}


def _bounded_ints(values: Iterable[int], name: str, func: str, minimum: int | None) -> list[int]:
    """At most :data:`MAX_ENTRIES` ints from ``values`` (read no further), else raise."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{func}: `{name}` must be a list of ints, got {type(values).__name__}.")
    items = list(itertools.islice(values, MAX_ENTRIES + 1))
    if not items or len(items) > MAX_ENTRIES:
        raise ValueError(f"{func}: `{name}` must hold 1 to {MAX_ENTRIES} ints.")
    return [check_int(v, name, func, minimum=minimum) for v in items]


# -- argument checks ---------------------------------------------------------------
def _callable(value: object, name: str, func: str) -> None:
    if not callable(value):
        raise TypeError(f"{func}: `{name}` must be a function, got {type(value).__name__}.")


def _output(value: object, name: str, func: str) -> np.ndarray:
    """A function's output as float64, refused when not numeric or not finite (naming it)."""
    return as_float_array(value, name, func).astype(np.float64)


def _mode(value: object, func: str) -> str:
    if value not in ("zero", "circular"):
        raise ValueError(f"{func}: `mode` must be 'zero' or 'circular', got {value!r}.")
    return str(value)


# -- equivariance ---------------------------------------------------------------------
def equivariance_map(
    f: Callable[[np.ndarray], object],
    input: object,
    dy: int,
    dx: int,
    *,
    mode: str = "circular",
    factor: int = 1,
) -> np.ndarray:
    """``|f(shift(x)) - shift(f(x))|``, pixel by pixel: where ``f`` fails to follow a shift.

    ``f`` maps an NHWC batch to an NHWC batch. ``factor`` is how much ``f``
    shrinks the image (its total stride): the output is then expected to move
    by ``dy / factor`` and ``dx / factor``, which must be whole numbers.
    ``mode`` is the shift's (see :func:`companion.images.shift`): with
    ``'zero'``, what a shift pushes out is lost and zeros come in, so the
    borders of the map show the padding's effect. Chapter "Invariance".
    """
    func = "equivariance_map"
    _callable(f, "f", func)
    x = nhwc_array(input, "input", func)
    dy, dx = check_int(dy, "dy", func), check_int(dx, "dx", func)
    factor = check_int(factor, "factor", func, minimum=1)
    mode = _mode(mode, func)
    if dy % factor or dx % factor:
        raise ValueError(
            f"{func}: `dy` and `dx` must be multiples of `factor` ({factor}), got ({dy}, {dx});"
            " use shift_mismatch for other shifts."
        )
    moved_first = _output(f(images.shift(x, dy, dx, mode)), "f(shifted input)", func)
    moved_after = images.shift(_output(f(x), "f(input)", func), dy // factor, dx // factor, mode)
    check_same_shape(moved_first, moved_after, ("f(shift(x))", "shift(f(x))"), func)
    return np.abs(moved_first - moved_after)


def equivariance_error(
    f: Callable[[np.ndarray], object],
    input: object,
    dy: int,
    dx: int,
    *,
    mode: str = "circular",
    factor: int = 1,
) -> float:
    """The largest entry of :func:`equivariance_map`: 0.0 means ``f`` follows the shift exactly.

    >>> import numpy as np
    >>> from companion import ops
    >>> x = np.random.default_rng(0).random((1, 6, 6, 1))
    >>> equivariance_error(ops.relu, x, 1, 2)
    0.0
    """
    return float(np.max(equivariance_map(f, input, dy, dx, mode=mode, factor=factor)))


def farthest_from_border(error_map: object, tolerance: float = 0.0) -> int:
    """How deep into the image an error reaches: the largest distance to the nearest border.

    ``error_map`` is an NHWC map such as :func:`equivariance_map` returns;
    the answer is the largest distance, in pixels from the nearest edge
    (0 = on the edge), of any pixel whose error exceeds ``tolerance``, or -1
    when there is none. Chapter "Invariance".

    >>> import numpy as np
    >>> m = np.zeros((1, 5, 5, 1)); m[0, 1, 2, 0] = 1.0
    >>> farthest_from_border(m)
    1
    """
    func = "farthest_from_border"
    errors = nhwc_array(error_map, "error_map", func)
    tolerance = check_nonnegative(tolerance, "tolerance", func)
    height, width = errors.shape[1:3]
    rows = np.minimum(np.arange(height), np.arange(height)[::-1])
    cols = np.minimum(np.arange(width), np.arange(width)[::-1])
    depth = np.minimum(rows[:, None], cols[None, :])
    hit = np.any(errors > tolerance, axis=(0, 3))
    return int(depth[hit].max()) if hit.any() else -1


def shift_mismatch(
    f: Callable[[np.ndarray], object], input: object, dy: int, dx: int
) -> tuple[float, tuple[int, int]]:
    """How far ``f(shift(x))`` is from the *best* circular shift of ``f(x)``, and that shift.

    Every circular shift of the output is tried, so a result of 0.0 means
    some output shift reproduces the shifted input's output exactly (``f``
    followed the shift); anything larger means no shift of the output can
    explain it. Shifts are circular throughout. Chapter "Invariance".
    """
    func = "shift_mismatch"
    _callable(f, "f", func)
    x = nhwc_array(input, "input", func)
    dy, dx = check_int(dy, "dy", func), check_int(dx, "dx", func)
    base = _output(f(x), "f(input)", func)
    moved = _output(f(images.shift(x, dy, dx, "circular")), "f(shifted input)", func)
    check_shape(base, "(N, H, W, C)", "f(input)", func, what="an NHWC array")
    check_same_shape(base, moved, ("f(input)", "f(shifted input)"), func)
    height, width = base.shape[1:3]
    if height * width * base.size > ops.MAX_READS:
        raise ValueError(
            f"{func}: `input` is too large: all {height}x{width} shifts of `f`'s output would"
            f" read {height * width * base.size:,} values, more than {ops.MAX_READS:,}."
        )
    offsets = itertools.product(range(height), range(width))
    errors = np.array([np.max(np.abs(moved - np.roll(base, o, axis=(1, 2)))) for o in offsets])
    oy, ox = np.unravel_index(int(np.argmin(errors)), (height, width))
    # Report the output shift as the smallest signed offset.
    oy = int(oy) - height if oy > height // 2 else int(oy)
    ox = int(ox) - width if ox > width // 2 else int(ox)
    return float(errors.min()), (oy, ox)


def pooling_equivariance_table(
    input: object,
    strides: Iterable[int] = (1, 2, 3),
    shifts: Iterable[int] = range(7),
    *,
    layers: int = 1,
    kind: str = "max",
) -> np.ndarray:
    """For each stride and horizontal shift: does ``layers`` pooling layers' output follow it?

    Pooling windows are as large as the stride (``ksize = strides``, the usual
    choice) and padding is circular, so the border plays no part. Entry
    ``[i, j]`` is True when some circular shift of the pooled map matches the
    pooled map of the input shifted by ``shifts[j]`` columns
    (:func:`shift_mismatch` is 0). Chapter "Invariance".
    """
    func = "pooling_equivariance_table"
    x = nhwc_array(input, "input", func)
    layers = check_int(layers, "layers", func, 1, MAX_LAYERS)
    if kind not in ("max", "avg"):
        raise ValueError(f"{func}: `kind` must be 'max' or 'avg', got {kind!r}.")
    stride_list = _bounded_ints(strides, "strides", func, 1)
    shift_list = _bounded_ints(shifts, "shifts", func, None)
    cells = len(stride_list) * len(shift_list)
    if cells > MAX_CELLS or cells * x.shape[1] * x.shape[2] * x.size > ops.MAX_READS:
        raise ValueError(
            f"{func}: `strides` x `shifts` make {cells} cells, each trying every shift of"
            f" `input` {x.shape}: at most {MAX_CELLS} cells and {ops.MAX_READS:,} reads in all."
        )
    for stride in stride_list:
        if x.shape[1] % stride**layers or x.shape[2] % stride**layers:
            raise ValueError(
                f"{func}: the height and width of `input` {x.shape[1:3]} must be multiples of"
                f" stride**layers ({stride}**{layers}), or the wrap-around breaks the pattern."
            )
    pool = ops.max_pool2d if kind == "max" else ops.avg_pool2d

    def pooled(batch: np.ndarray, stride: int) -> np.ndarray:
        for _ in range(layers):
            batch = pool(circular_pad(batch, stride, stride), stride, stride, "VALID")
        return batch

    def follows(stride: int, shift: int) -> bool:
        return shift_mismatch(lambda b: pooled(b, stride), x, 0, shift)[0] < 1e-9

    return np.array([[follows(stride, shift) for shift in shift_list] for stride in stride_list])


# -- 1-D pooling and aliasing ----------------------------------------------------------
def aliasing_signal() -> np.ndarray:
    """The 1-D test signal: a fine stripe pattern (period 4), then a smooth bump. 24 samples.

    Chapter "Invariance": pooled with a stride, then shifted, it shows aliasing.
    """
    stripes = np.array([1.0, 1.0, 0.0, 0.0] * 3)
    bump = np.array([0.0, 0.15, 0.5, 0.85, 1.0, 0.85, 0.5, 0.15, 0.0, 0.0, 0.0, 0.0])
    return np.concatenate([stripes, bump])


def pool1d(signal: object, kind: str = "max", size: int = 2, stride: int = 2) -> np.ndarray:
    """Pool a 1-D signal, circularly: ``'max'``, ``'avg'``, ``'subsample'`` or ``'blur'``.

    Window ``j`` covers ``signal[j*stride : j*stride + size]`` (wrapping at the end);
    ``'subsample'`` keeps every ``stride``-th sample; ``'blur'`` is Zhang's anti-aliased
    max pooling (max with stride 1, then a binomial blur of ``size + 1`` taps with
    stride ``stride``, see :mod:`companion.blurpool`). The length must be a multiple of
    ``stride``; the result has the signal's float type. Chapter "Invariance".

    >>> pool1d([1.0, 1, 0, 0, 1, 1, 0, 0]), pool1d([0.0, 1, 1, 0, 0, 1, 1, 0])
    (array([1., 0., 1., 0.]), array([1., 1., 1., 1.]))
    """
    func = "pool1d"
    x = as_float_array(signal, "signal", func)
    check_shape(x, "(n,)", "signal", func, what="a 1-D array", nonempty=True)
    if kind not in POOL1D_KINDS:
        raise ValueError(f"{func}: `kind` must be one of {POOL1D_KINDS}, got {kind!r}.")
    size = check_int(size, "size", func, 1, x.size)
    stride = check_int(stride, "stride", func, 1, x.size)
    if x.size * size > ops.MAX_READS:
        raise ValueError(f"{func}: `size` x len(`signal`) must be at most {ops.MAX_READS:,}.")
    if x.size % stride:
        raise ValueError(
            f"{func}: the length of `signal` ({x.size}) must be a multiple of `stride` ({stride})."
        )
    if kind == "subsample":
        return x[::stride].copy()
    if kind == "blur":
        from companion.blurpool import binomial_kernel

        peaks = pool1d(x, "max", size, 1)
        taps = binomial_kernel(size + 1)
        windows = sliding_window_view(np.concatenate([peaks, peaks[: taps.size - 1]]), taps.size)
        before = ops.same_padding(x.size, taps.size, stride)[0]
        return (np.roll(windows, before, axis=0)[::stride] @ taps).astype(x.dtype, copy=False)
    windows = sliding_window_view(np.concatenate([x, x[: size - 1]]), size)[::stride]
    return windows.max(axis=1) if kind == "max" else windows.mean(axis=1)


# -- pooling under 1-pixel shifts -----------------------------------------------------
SHIFTS_3X3 = tuple((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def isolated_peak_unchanged(size: int = 8, ksize: int = 2, stride: int = 2) -> np.ndarray:
    """Share of positions where one strong activation's max-pooled map survives a shift.

    One activation of 1 on a ``size`` x ``size`` map of zeros, at every position at
    least one pixel from the border; each map is shifted by each of the 3x3 shifts
    ``dy, dx`` in {-1, 0, 1} and max pooled (``ksize``/``stride``, VALID). Entry
    ``[dy + 1, dx + 1]`` is the fraction of positions whose pooled map is identical
    to the unshifted one's (1 at the centre, by definition). Chapter "Invariance".
    """
    func = "isolated_peak_unchanged"
    size = check_int(size, "size", func, 3, MAX_SIDE[func])
    ksize = check_int(ksize, "ksize", func, minimum=1)
    stride = check_int(stride, "stride", func, minimum=1)
    if ksize > size:
        raise ValueError(f"{func}: `ksize` ({ksize}) must not exceed `size` ({size}).")
    inner = np.arange(1, size - 1)
    rows, cols = np.meshgrid(inner, inner, indexing="ij")
    batch = np.zeros((rows.size, size, size, 1))
    batch[np.arange(rows.size), rows.ravel(), cols.ravel(), 0] = 1.0
    base = ops.max_pool2d(batch, ksize, stride, "VALID")
    table = np.zeros((3, 3))
    for dy, dx in SHIFTS_3X3:
        moved = ops.max_pool2d(images.shift(batch, dy, dx), ksize, stride, "VALID")
        table[dy + 1, dx + 1] = np.mean(np.all(moved == base, axis=(1, 2, 3)))
    return table


def circle_shift_unchanged(
    radius: int = 8,
    center: tuple[int, int] = (32, 32),
    *,
    size: int = 64,
    pools: int = 4,
    max_shift: int = 3,
) -> np.ndarray:
    """The article's experiment under shifts: is the circle's pooled summary unchanged?

    The circle (:func:`companion.images.circle_image`) is max pooled ``pools`` times
    (2x2, stride 2, SAME, as the article does), once as drawn and once for every shift
    ``dy, dx`` in ``[-max_shift, max_shift]``. Entry ``[dy + max_shift, dx + max_shift]``
    is True when the final map equals the unshifted one. Chapter "Invariance".
    """
    func = "circle_shift_unchanged"
    size = check_int(size, "size", func, 3, MAX_SIDE[func])
    radius = check_int(radius, "radius", func, 1, size)
    pools = check_int(pools, "pools", func, 1, MAX_LAYERS)
    max_shift = check_int(max_shift, "max_shift", func, 0, MAX_SHIFT)
    circle = images.circle_image(size, radius, center)
    span = range(-max_shift, max_shift + 1)
    batch = np.stack([images.shift(circle, dy, dx) for dy in span for dx in span])[..., None]
    batch = np.concatenate([circle[None, :, :, None], batch])
    for _ in range(pools):
        batch = ops.max_pool2d(batch, 2, 2, "SAME")
    same = np.all(batch[1:] == batch[:1], axis=(1, 2, 3))
    return same.reshape(len(span), len(span))


def gap_shift_error(
    input: object, filters: object, dy: int, dx: int, *, mode: str = "circular"
) -> float:
    """Relative change of ``global_avg_pool(relu(conv(x)))`` when ``x`` is shifted.

    ``mode='circular'``: circular padding and circular shift, where the answer is 0
    up to float rounding; ``mode='zero'``: TF's SAME zero padding and a zero-filled
    shift, where content crossing the border changes it.
    Returns ``max|gap(shift(x)) - gap(x)| / max|gap(x)|``. Chapter "Invariance".
    """
    func = "gap_shift_error"
    x = nhwc_array(input, "input", func)
    dy, dx = check_int(dy, "dy", func), check_int(dx, "dx", func)
    mode = _mode(mode, func)
    w = as_float_array(filters, "filters", func)

    def gap(batch: np.ndarray) -> np.ndarray:
        conv = circular_conv2d(batch, w) if mode == "circular" else ops.conv2d(batch, w, 1, "SAME")
        return ops.global_avg_pool2d(ops.relu(conv)).astype(np.float64)

    base = gap(x)
    moved = gap(images.shift(x, dy, dx, mode))
    scale = float(np.max(np.abs(base))) or 1.0
    return float(np.max(np.abs(moved - base))) / scale
