"""Test cases and typical mistakes for the learner's sliding-window functions.

The cases a learner's ``output_size``, ``conv2d`` and ``max_pool2d`` must
pass: edge cases first (1x1 inputs, a window as large as the input, strides
larger than the input, SAME padding on odd and even sizes, windows that are
not square), then random ones from a fixed seed, so that a failure is the same
on every run. Values are small integers, so that a failing case reads easily.
The "truth" is :mod:`companion.ops` (tested against ``tf.nn``), called on one
channel; each mistake is a wrong implementation whose output, when the
learner's matches it, names what went wrong.
"""

from __future__ import annotations

import numpy as np

from companion import images, ops
from companion.exercises.functions import Case, FunctionMistake

__all__ = [
    "CONV_MISTAKES",
    "POOL_MISTAKES",
    "SIZE_MISTAKES",
    "conv_cases",
    "conv_truth",
    "pool_cases",
    "pool_truth",
    "size_cases",
    "size_truth",
]

SEED = 12
RANDOM_CASES = 8


def _grid(rows: int, cols: int, rng: np.random.Generator, low: int = -3) -> np.ndarray:
    return rng.integers(low, 4, size=(rows, cols)).astype(float)


# -- the truth: companion.ops on one channel -------------------------------------------------
def size_truth(n: int, k: int, s: int, padding: str) -> int:
    """TF's output length of one axis."""
    return ops.output_size(n, k, s, padding)


def conv_truth(image: np.ndarray, kernel: np.ndarray, stride: int, padding: str) -> np.ndarray:
    """``ops.conv2d`` on one 2-D image and one 2-D kernel."""
    filters = np.asarray(kernel, dtype=float)[:, :, np.newaxis, np.newaxis]
    return ops.conv2d(images.to_nhwc(image), filters, stride, padding)[0, :, :, 0]


def pool_truth(image: np.ndarray, size: int, stride: int, padding: str) -> np.ndarray:
    """``ops.max_pool2d`` on one 2-D image."""
    return ops.max_pool2d(images.to_nhwc(image), size, stride, padding)[0, :, :, 0]


# -- the cases -----------------------------------------------------------------------------
def size_cases() -> list[Case]:
    """``output_size(n, k, s, padding)``: every small combination that TF accepts."""
    cases = [
        Case({"n": 1, "k": 1, "s": 1, "padding": "VALID"}, "a 1-pixel axis"),
        Case({"n": 5, "k": 5, "s": 1, "padding": "VALID"}, "a window as large as the axis"),
        Case({"n": 3, "k": 2, "s": 5, "padding": "VALID"}, "a stride larger than the axis"),
        Case({"n": 3, "k": 2, "s": 5, "padding": "SAME"}, "a stride larger than the axis"),
        Case({"n": 7, "k": 3, "s": 2, "padding": "SAME"}, "SAME on an odd size"),
        Case({"n": 8, "k": 3, "s": 2, "padding": "SAME"}, "SAME on an even size"),
    ]
    for n in range(1, 10):
        for k in range(1, n + 1):
            for s in range(1, 5):
                for padding in ("VALID", "SAME"):
                    cases.append(Case({"n": n, "k": k, "s": s, "padding": padding}, "a grid case"))
    return cases


def conv_cases() -> list[Case]:
    """``conv2d(image, kernel, stride, padding)``: edge cases, then random ones."""
    rng = np.random.default_rng(SEED)
    image3, image5 = _grid(3, 3, rng), _grid(5, 5, rng)
    cases = [
        Case(
            {
                "image": np.array([[3.0]]),
                "kernel": np.array([[2.0]]),
                "stride": 1,
                "padding": "VALID",
            },
            "a 1x1 image and kernel",
        ),
        Case(
            {
                "image": np.array([[3.0]]),
                "kernel": _grid(3, 3, rng),
                "stride": 1,
                "padding": "SAME",
            },
            "a 1x1 image under a 3x3 kernel (SAME)",
        ),
        Case(
            {"image": image3, "kernel": _grid(3, 3, rng), "stride": 1, "padding": "VALID"},
            "a kernel as large as the image (VALID)",
        ),
        Case(
            {"image": image3, "kernel": _grid(3, 3, rng), "stride": 1, "padding": "SAME"},
            "a kernel as large as the image (SAME)",
        ),
        Case(
            {"image": image3, "kernel": _grid(2, 2, rng), "stride": 5, "padding": "VALID"},
            "a stride larger than the image (VALID)",
        ),
        Case(
            {"image": image5, "kernel": _grid(2, 2, rng), "stride": 7, "padding": "SAME"},
            "a stride larger than the image (SAME)",
        ),
        Case(
            {"image": image5, "kernel": _grid(3, 3, rng), "stride": 1, "padding": "SAME"},
            "SAME on an odd size with an odd kernel",
        ),
        Case(
            {"image": _grid(4, 6, rng), "kernel": _grid(2, 2, rng), "stride": 1, "padding": "SAME"},
            "SAME on an even size with an even kernel",
        ),
        Case(
            {"image": _grid(5, 7, rng), "kernel": _grid(3, 3, rng), "stride": 2, "padding": "SAME"},
            "SAME with stride 2 on odd sizes",
        ),
        Case(
            {"image": _grid(6, 4, rng), "kernel": _grid(3, 3, rng), "stride": 2, "padding": "SAME"},
            "SAME with stride 2 on even sizes",
        ),
        Case(
            {
                "image": _grid(4, 5, rng),
                "kernel": _grid(2, 3, rng),
                "stride": 1,
                "padding": "VALID",
            },
            "a kernel that is not square",
        ),
    ]
    for _ in range(RANDOM_CASES):
        rows, cols = (int(v) for v in rng.integers(1, 8, size=2))
        padding = str(rng.choice(["SAME", "VALID"]))
        top = min(rows, cols) if padding == "VALID" else 4
        kh, kw = (int(v) for v in rng.integers(1, top + 1, size=2))
        if padding == "VALID":
            kh, kw = min(kh, rows), min(kw, cols)
        stride = int(rng.integers(1, 4))
        cases.append(
            Case(
                {
                    "image": _grid(rows, cols, rng),
                    "kernel": _grid(kh, kw, rng),
                    "stride": stride,
                    "padding": padding,
                },
                "a random case",
            )
        )
    return cases


def pool_cases() -> list[Case]:
    """``max_pool2d(image, size, stride, padding)``: edge cases, then random ones.

    Values are negative as often as positive: SAME padding must never win a
    maximum, as it does when the padding is zeros.
    """
    rng = np.random.default_rng(SEED + 1)
    image3 = _grid(3, 3, rng, low=-6)
    cases = [
        Case(
            {"image": np.array([[-3.0]]), "size": 1, "stride": 1, "padding": "VALID"}, "a 1x1 image"
        ),
        Case(
            {"image": np.array([[-3.0]]), "size": 2, "stride": 1, "padding": "SAME"},
            "a 1x1 image under a 2x2 window (SAME)",
        ),
        Case(
            {"image": image3, "size": 3, "stride": 1, "padding": "VALID"},
            "a window as large as the image (VALID)",
        ),
        Case(
            {"image": image3, "size": 3, "stride": 1, "padding": "SAME"},
            "a window as large as the image (SAME)",
        ),
        Case(
            {"image": image3, "size": 2, "stride": 5, "padding": "VALID"},
            "a stride larger than the image (VALID)",
        ),
        Case(
            {"image": _grid(4, 4, rng, low=-6), "size": 2, "stride": 6, "padding": "SAME"},
            "a stride larger than the image (SAME)",
        ),
        Case(
            {"image": -np.ones((5, 5)), "size": 2, "stride": 2, "padding": "SAME"},
            "SAME on an odd size, all values negative",
        ),
        Case(
            {"image": _grid(4, 6, rng, low=-6), "size": 3, "stride": 2, "padding": "SAME"},
            "SAME on an even size",
        ),
        Case(
            {"image": _grid(5, 7, rng, low=-6), "size": 2, "stride": 1, "padding": "SAME"},
            "SAME with stride 1 on odd sizes",
        ),
    ]
    for _ in range(RANDOM_CASES):
        rows, cols = (int(v) for v in rng.integers(1, 8, size=2))
        padding = str(rng.choice(["SAME", "VALID"]))
        size = int(rng.integers(1, (min(rows, cols) if padding == "VALID" else 4) + 1))
        stride = int(rng.integers(1, 4))
        cases.append(
            Case(
                {
                    "image": _grid(rows, cols, rng, low=-6),
                    "size": size,
                    "stride": stride,
                    "padding": padding,
                },
                "a random case",
            )
        )
    return cases


# -- typical mistakes ------------------------------------------------------------------------
def _size_floor_same(n: int, k: int, s: int, padding: str) -> int:
    return n // s if padding == "SAME" else (n - k) // s + 1


def _size_same_unstrided(n: int, k: int, s: int, padding: str) -> int:
    return n if padding == "SAME" else (n - k) // s + 1


def _size_no_first(n: int, k: int, s: int, padding: str) -> int:
    return -(-n // s) if padding == "SAME" else (n - k) // s


def _size_no_stride(n: int, k: int, s: int, padding: str) -> int:
    return -(-n // s) if padding == "SAME" else n - k + 1


SIZE_MISTAKES = (
    FunctionMistake(
        _size_floor_same,
        "SAME rounds up: ceil(n / s), because the padding makes room for a last, partly"
        " padded step.",
    ),
    FunctionMistake(
        _size_same_unstrided,
        "SAME keeps the input's size only with stride 1; with stride s it gives ceil(n / s).",
    ),
    FunctionMistake(
        _size_no_first,
        "you counted the steps but not the first position: VALID gives (n - k) // s + 1.",
    ),
    FunctionMistake(_size_no_stride, "VALID with a stride skips positions: divide by s."),
)


def _pad_before(n: int, k: int, s: int) -> tuple[int, int]:
    before, after = ops.same_padding(n, k, s)
    return after, before  # the odd one on top/left: the mistake


def _conv_flipped(image, kernel, stride, padding):
    return conv_truth(image, np.asarray(kernel)[::-1, ::-1], stride, padding)


def _conv_pad_top_left(image, kernel, stride, padding):
    if padding != "SAME":  # the mistake is SAME's: VALID comes out right
        return conv_truth(image, kernel, stride, padding)
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    (h, w), (kh, kw) = image.shape, kernel.shape
    padded = np.pad(image, (_pad_before(h, kh, stride), _pad_before(w, kw, stride)))
    return conv_truth(padded, kernel, stride, "VALID")


def _conv_no_stride(image, kernel, stride, padding):
    return conv_truth(image, kernel, 1, padding)


CONV_MISTAKES = (
    FunctionMistake(
        _conv_flipped,
        "your function flips the kernel (true convolution, as `scipy.signal.convolve2d`"
        " does); `tf.nn.conv2d` slides it unflipped.",
    ),
    FunctionMistake(
        _conv_pad_top_left,
        "when SAME's padding is odd, TF puts the extra row and column at the bottom and"
        " right; yours puts it at the top and left.",
    ),
    FunctionMistake(
        _conv_no_stride, "your function ignores the stride: it moves one pixel at a time."
    ),
)


def _pool_zero_padding(image, size, stride, padding):
    if padding != "SAME":  # the mistake is SAME's: VALID comes out right
        return pool_truth(image, size, stride, padding)
    image = np.asarray(image, dtype=float)
    h, w = image.shape
    pads = (ops.same_padding(h, size, stride), ops.same_padding(w, size, stride))
    return pool_truth(np.pad(image, pads), size, stride, "VALID")


def _pool_no_stride(image, size, stride, padding):
    return pool_truth(image, size, 1, padding)


POOL_MISTAKES = (
    FunctionMistake(
        _pool_zero_padding,
        "your SAME padding is zeros, and a 0 of padding wins the maximum over negative values."
        " TF ignores the padding: pad with `-np.inf`.",
    ),
    FunctionMistake(
        _pool_no_stride, "your function ignores the stride: it moves one pixel at a time."
    ),
)
