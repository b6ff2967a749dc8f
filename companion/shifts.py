"""Pixel-by-pixel comparison versus convolution features, under shifts and flips.

Chapter "Why CNNs". A dense layer compares an image with its weights pixel by pixel,
position by position; a convolution applies the same small kernel at every position,
so its feature map moves with the image, and a pooled summary of the feature map (its
maximum per kernel) does not depend on where the pattern is. These functions measure
both under a shift, and show that a flip is a different transformation altogether.

- :func:`digit_on_canvas`: one real handwritten digit (:mod:`companion.digits`) as a 2-D image.
- :func:`cosine_similarity`: what a dense unit's dot product measures, normalised.
- :func:`feature_maps` / :func:`pooled_features`: edge kernels, ReLU, global max pooling.
- :func:`shift_report` / :func:`shift_curves`: both similarities as the shift grows;
  :func:`best_translation_match`: the closest any shift gets one image to another.
- :func:`kernel_response`, :func:`step_image`: one kernel's feature map, the flip example.
- :func:`class_comparison` / :func:`format_comparison`: the price of the pooled summary's
  invariance: how alike it finds a digit shifted, its class, and other classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from companion import images, kernels, ops
from companion._validate import as_float_array, check_int, check_same_shape, check_shape

__all__ = [
    "FEATURE_KERNELS",
    "MAX_SCANS",
    "MAX_SHIFTS",
    "MAX_SIDE",
    "ClassComparison",
    "ShiftCurves",
    "ShiftReport",
    "Spread",
    "best_translation_match",
    "class_comparison",
    "cosine_similarity",
    "digit_on_canvas",
    "feature_maps",
    "format_comparison",
    "kernel_response",
    "pooled_features",
    "shift_curves",
    "shift_report",
    "step_image",
]

#: The kernel bank of the chapter: the four Sobel edge detectors.
FEATURE_KERNELS = ("left sobel", "right sobel", "top sobel", "bottom sobel")

#: The most scans :func:`class_comparison` compares (of 32x32 pixels, or as many
#: pixels in all): its similarity matrix grows with the square (5,000 scans: 200 MB).
MAX_SCANS = 5000

#: The most shifts one :func:`shift_curves` call reports, and the largest side of a
#: :func:`step_image`: enough for any figure, far from a hang or a gigabyte.
MAX_SHIFTS = 256
MAX_SIDE = 1024


def _grey(image: object, name: str, func: str) -> np.ndarray:
    return check_shape(
        as_float_array(image, name, func), "(H, W)", name, func, what="a greyscale image"
    )


def digit_on_canvas(index: int = 7, canvas: int = 32, scale: int = 2) -> np.ndarray:
    """One handwritten digit from :func:`companion.digits.digits_on_canvas`, as a 2-D image.

    scikit-learn's 8x8 scans, enlarged ``scale`` times and centred on a black ``canvas``
    x ``canvas`` image (float32 in [0, 1]), so the digit can move without leaving it.
    ``index`` picks the sample (``7`` is a seven).
    """
    from companion import digits

    index = check_int(index, "index", "digit_on_canvas", 0)
    # All 1,797 scans are loaded (and cached) at this size: keep them to about 100 MB.
    canvas = check_int(canvas, "canvas", "digit_on_canvas", 8, 128)
    scans, _ = digits.digits_on_canvas(canvas, scale)
    if index >= len(scans):
        raise ValueError(f"digit_on_canvas: `index` must be < {len(scans)}, got {index}.")
    return scans[index, :, :, 0]


def step_image(height: int = 7, width: int = 8) -> np.ndarray:
    """Bright (1) on the left half, dark (0) on the right: one vertical edge.

    Its mirror image is dark on the left, so the article's vertical kernel
    answers +2 on one and -2 on the other.
    """
    height = check_int(height, "height", "step_image", 1, MAX_SIDE)
    width = check_int(width, "width", "step_image", 2, MAX_SIDE)
    image = np.zeros((height, width), dtype=np.float32)
    image[:, : width // 2] = 1.0
    return image


def cosine_similarity(a: object, b: object) -> float:
    """Cosine of the angle between two images seen as long vectors of pixels.

    1 means the same pattern (up to brightness), 0 means no overlap. A dense unit
    computes the dot product ``w . x``; this is that product, normalised so that
    images of any brightness compare (from 1e-300 to 1e300).
    """
    func = "cosine_similarity"
    first = as_float_array(a, "a", func).ravel()
    second = as_float_array(b, "b", func).ravel()
    check_same_shape(first, second, ("a", "b"), func)  # flattened: the number of values
    first, second = _scaled(first[None], "a", func)[0], _scaled(second[None], "b", func)[0]
    return float(first @ second / (np.linalg.norm(first) * np.linalg.norm(second)))


def _scaled(rows: np.ndarray, name: str, func: str) -> np.ndarray:
    """Each row (as float64) times the power of two that brings its largest value into [0.5, 1).

    Exact (only exponents change), so cosines keep every bit, but norms can no longer
    overflow or underflow. An all-zero row has no direction: raise naming ``name``.
    """
    rows = rows.reshape(len(rows), -1).astype(np.float64)
    peaks = np.max(np.abs(rows), axis=1, keepdims=True, initial=0.0)  # 0 when empty
    if np.any(peaks == 0):
        raise ValueError(f"{func}: `{name}` must not be all zeros (no direction to compare).")
    return np.ldexp(rows, -np.frexp(peaks)[1])


def feature_maps(image: object, names: Sequence[str] = FEATURE_KERNELS) -> np.ndarray:
    """ReLU of each named kernel's response (SAME padding): shape (H, W, len(names))."""
    grey = _grey(image, "image", "feature_maps")
    return _relu_maps(images.to_nhwc(grey), names, "feature_maps")[0]


def _relu_maps(batch: np.ndarray, names: Sequence[str], func: str) -> np.ndarray:
    """ReLU of each named kernel's response on an NHWC batch of greyscale images."""
    weights = kernels.named_kernels(names, func)
    filters = np.concatenate([kernels.get_filter(_padded(w), is_color=False) for w in weights], 3)
    return ops.relu(ops.conv2d(batch, filters, 1, "SAME"))


def _padded(weights: np.ndarray) -> np.ndarray:
    """A kernel centred in a 3x3 frame, so kernels of both sizes stack into one filter."""
    frame = np.zeros((3, 3), dtype=np.float32)
    frame[: weights.shape[0], : weights.shape[1]] = weights
    return frame


def kernel_response(image: object, name: str = "vertical", padding: str = "VALID") -> np.ndarray:
    """The feature map of one named kernel on a greyscale image (no ReLU), as a 2-D array.

    ``padding="VALID"`` (the default here) keeps the zero border out of the
    picture, so only edges inside the image answer.
    """
    grey = _grey(image, "image", "kernel_response")
    weights = kernels.get_filter(kernels.kernel(name), is_color=False)
    return ops.conv2d(images.to_nhwc(grey), weights, 1, padding)[0, :, :, 0]


def pooled_features(image: object, names: Sequence[str] = FEATURE_KERNELS) -> np.ndarray:
    """Global max pooling of :func:`feature_maps`: one number per kernel, wherever it fired."""
    return ops.global_max_pool2d(feature_maps(image, names)[np.newaxis])[0]


@dataclass(frozen=True)
class ShiftReport:
    """An image, its shifted copy, and how alike they look to pixels and to features."""

    shift: int
    shifted: np.ndarray
    features: np.ndarray
    pixel_similarity: float
    pooled_similarity: float
    equivariance_error: float


def shift_report(image: object, dx: int, names: Sequence[str] = FEATURE_KERNELS) -> ShiftReport:
    """Shift ``image`` ``dx`` pixels to the right (zero fill) and compare.

    ``pixel_similarity`` compares the pixels position by position (a dense layer's
    view); ``pooled_similarity`` compares the globally max-pooled features;
    ``equivariance_error`` is the largest difference between the features of the
    shifted image and the shifted features of the original (0: they moved with it).
    """
    func = "shift_report"
    grey = _grey(image, "image", func)
    dx = check_int(dx, "dx", func, 1 - grey.shape[1], grey.shape[1] - 1)
    moved = images.shift(grey, 0, dx)
    if not np.any(moved):
        raise ValueError(f"{func}: `dx` ({dx}) moves everything in `image` off the canvas.")
    before, after = feature_maps(grey, names), feature_maps(moved, names)
    error = float(np.max(np.abs(after - images.shift(before, 0, dx))))
    return ShiftReport(
        shift=dx,
        shifted=moved,
        features=after,
        pixel_similarity=cosine_similarity(grey, moved),
        pooled_similarity=cosine_similarity(
            ops.global_max_pool2d(before[np.newaxis]), ops.global_max_pool2d(after[np.newaxis])
        ),
        equivariance_error=error,
    )


@dataclass(frozen=True)
class ShiftCurves:
    """:func:`shift_report`'s numbers for each shift: one array per quantity, in shift order."""

    shift: np.ndarray
    pixels: np.ndarray
    pooled: np.ndarray
    error: np.ndarray


def shift_curves(
    image: object, shifts: Sequence[int], names: Sequence[str] = FEATURE_KERNELS
) -> ShiftCurves:
    """:func:`shift_report` for each shift: the pixel and pooled similarities, and the error."""
    if isinstance(shifts, (str, bytes)) or not 0 < len(shifts) <= MAX_SHIFTS:
        raise ValueError(f"shift_curves: `shifts` must be a list of 1 to {MAX_SHIFTS} ints.")
    reports = [shift_report(image, dx, names) for dx in shifts]
    return ShiftCurves(
        shift=np.array([r.shift for r in reports]),
        pixels=np.array([r.pixel_similarity for r in reports]),
        pooled=np.array([r.pooled_similarity for r in reports]),
        error=np.array([r.equivariance_error for r in reports]),
    )


def best_translation_match(image: object, target: object) -> tuple[float, tuple[int, int]]:
    """The highest pixel similarity any circular shift of ``image`` reaches with ``target``.

    Returns ``(similarity, (dy, dx))``. A similarity of 1 means ``target`` is
    a translation of ``image``; less means no shift can turn one into the
    other (a flipped digit, for example). All shifts are tried at once
    through the FFT (circular cross-correlation).
    """
    func = "best_translation_match"
    first, second = _grey(image, "image", func), _grey(target, "target", func)
    check_same_shape(first, second, ("image", "target"), func)
    first = _scaled(first[None], "image", func).reshape(first.shape)
    second = _scaled(second[None], "target", func).reshape(second.shape)
    norms = np.linalg.norm(first) * np.linalg.norm(second)
    # scores[dy, dx] = sum(roll(image, (dy, dx)) * target)
    scores = np.real(np.fft.ifft2(np.conj(np.fft.fft2(first)) * np.fft.fft2(second))) / norms
    dy, dx = np.unravel_index(int(np.argmax(scores)), scores.shape)
    height, width = first.shape
    signed = (
        int(dy) - height if dy > height // 2 else int(dy),
        int(dx) - width if dx > width // 2 else int(dx),
    )
    return float(scores[dy, dx]), signed


@dataclass(frozen=True)
class Spread:
    """A mean and its standard deviation (``ddof=1``) over many digits."""

    mean: float
    sd: float

    def __str__(self) -> str:
        return f"{self.mean:.3f} ± {self.sd:.3f}"


@dataclass(frozen=True)
class ClassComparison:
    """How alike one representation finds the digits of one class and everything else.

    Each :class:`Spread` is over the digits of the class: for each digit, its
    cosine similarity with itself shifted, its mean similarity with the other
    digits of its class, and with the digits of all other classes.
    ``nearest_same_class`` is the share of the class's digits whose most
    similar other digit (leave-one-out) has the same label.
    """

    representation: str
    label: int | None
    count: int
    shift: int
    itself_shifted: Spread
    same_class: Spread
    other_classes: Spread
    nearest_same_class: float


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = _scaled(vectors, "scans", "class_comparison")  # no all-zero image
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _spread(values: np.ndarray) -> Spread:
    return Spread(float(np.mean(values)), float(np.std(values, ddof=1)))


def _compare(
    name: str, reps: np.ndarray, moved: np.ndarray, labels: np.ndarray, members: np.ndarray
) -> ClassComparison:
    """Similarities of the digits ``members`` (indices) in one representation (a row per digit)."""
    unit, unit_moved = _unit_rows(reps), _unit_rows(moved)
    similar = unit[members] @ unit.T  # (compared digits, all digits)
    similar[np.arange(len(members)), members] = np.nan  # a digit is not its own neighbour
    same = labels[members][:, np.newaxis] == labels[np.newaxis, :]
    nearest = np.nanargmax(similar, axis=1)
    classes = np.unique(labels[members])
    return ClassComparison(
        representation=name,
        label=int(classes[0]) if len(classes) == 1 else None,
        count=len(members),
        shift=0,
        itself_shifted=_spread(np.sum(unit[members] * unit_moved, axis=1)),
        same_class=_spread(np.nanmean(np.where(same, similar, np.nan), axis=1)),
        other_classes=_spread(np.nanmean(np.where(same, np.nan, similar), axis=1)),
        nearest_same_class=float(np.mean(labels[nearest] == labels[members])),
    )


def class_comparison(
    scans: object,
    labels: object,
    label: int | None = 7,
    dx: int = 4,
    names: Sequence[str] = FEATURE_KERNELS,
) -> dict[str, ClassComparison]:
    """What the pooled summary's invariance costs: identity, measured over many digits.

    For every digit of class ``label`` in ``scans`` (every digit when ``label`` is
    None; N greyscale images, shape (N, H, W) or (N, H, W, 1), with their ``labels``),
    compare it with itself shifted ``dx`` pixels right (zero fill), with the other
    digits of its class and with the digits of other classes, by cosine similarity of

    - ``"pixels"``: the images themselves (a dense layer's view), and
    - ``"pooled"``: the globally max-pooled ReLU features of ``names``
      (:func:`pooled_features`, one number per kernel).

    Chapter "Why CNNs": the pooled summary ignores the shift, and much of what tells
    one digit from another.
    """
    func = "class_comparison"
    batch = as_float_array(scans, "scans", func)
    pattern = "(N, H, W) or (N, H, W, 1)"
    check_shape(batch, pattern, "scans", func, what="greyscale images", nonempty=True)
    batch = batch.reshape(batch.shape[:3])  # (N, H, W, 1) -> (N, H, W)
    if len(batch) > MAX_SCANS or batch.size > MAX_SCANS * 32 * 32:
        raise ValueError(
            f"{func}: `scans` must hold at most {MAX_SCANS} images of 32x32 pixels (or as many"
            f" pixels in all), got {len(batch)} of {batch.shape[1]}x{batch.shape[2]}."
        )
    tags = np.asarray(labels)
    if tags.shape != (len(batch),) or tags.dtype.kind not in "iu":
        raise ValueError(
            f"{func}: `labels` must be {len(batch)} integers, one per scan, got shape"
            f" {tags.shape} and dtype {tags.dtype}."
        )
    if label is None:
        members = np.arange(len(tags))
    else:
        members = np.flatnonzero(tags == check_int(label, "label", func))
    classes, counts = np.unique(tags, return_counts=True)
    compared = np.isin(classes, tags[members])
    if len(members) == 0 or len(classes) < 2 or np.any(counts[compared] < 2):
        raise ValueError(
            f"{func}: `label` ({label}) and `labels` must give each compared digit another"
            " digit of its class and at least one other class."
        )
    dx = check_int(dx, "dx", func, -(batch.shape[2] - 1), batch.shape[2] - 1)
    moved = np.stack([images.shift(batch[i], 0, dx) for i in members])
    pooled = ops.global_max_pool2d(_relu_maps(batch[..., np.newaxis], names, func))
    pooled_moved = ops.global_max_pool2d(_relu_maps(moved[..., np.newaxis], names, func))
    return {
        name: replace(_compare(name, reps, shifted, tags, members), shift=dx)
        for name, reps, shifted in (
            ("pixels", batch, moved),
            ("pooled", pooled, pooled_moved),
        )
    }


def format_comparison(table: dict[str, ClassComparison]) -> str:
    """:func:`class_comparison`'s result as a small table: mean ± sd over the class's digits."""
    rows = list(table.values()) if isinstance(table, dict) else None
    if rows is None or not all(isinstance(row, ClassComparison) for row in rows):
        raise TypeError("format_comparison: `table` must be class_comparison's result (a dict).")
    if not rows:
        raise ValueError("format_comparison: `table` must not be empty.")
    first = rows[0]
    heads = (f"itself {first.shift} px right", "same class", "other classes", "nearest: same")
    lines = [
        f"{first.count} digits{'' if first.label is None else f' of class {first.label}'}:"
        " mean ± sd of the cosine similarity",
        f"{'':8}" + "".join(f"{head:>19}" for head in heads),
    ]
    for row in rows:
        cells = (row.itself_shifted, row.same_class, row.other_classes)
        share = f"{row.nearest_same_class:.0%}"
        lines.append(
            f"{row.representation:8}" + "".join(f"{c!s:>19}" for c in cells) + f"{share:>19}"
        )
    return "\n".join(lines)
