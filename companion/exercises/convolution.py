"""Exercises of the chapter "Convolution math" (``book/03_convolution_math.ipynb``).

- ``q1`` (compute): the left-Sobel feature map of the line image.
- ``q2`` (predict, kernel-walk slider): the last row of the article's output.
- ``q3`` (predict, feature-map slider): a feature map's shape.
- ``q4`` (explain): what a shift of the input does to the feature map.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from companion import images, kernels, ops
from companion.checks import (
    Concept,
    Exercise,
    Incorrect,
    as_array,
    expect_pair,
    expect_values,
    explanation,
)

__all__ = ["EXERCISES", "q1", "q2", "q3", "q4"]


def _feature_map(kernel_name: str, strides: int = 1, padding: str = "SAME") -> np.ndarray:
    image = images.to_nhwc(images.line_image())
    filters = kernels.get_filter(kernels.kernel(kernel_name), is_color=False)
    return ops.conv2d(image, filters, strides, padding)[0, :, :, 0]


# -- q1: compute ---------------------------------------------------------------------------
def _left_sobel_map() -> np.ndarray:
    return _feature_map("left sobel")


def _check_left_sobel(answer: Any) -> str:
    given = as_array(answer, "`left_map`")
    expected = _left_sobel_map()
    if given.shape == (5, 6):
        raise Incorrect(
            'your map is 5x6, the VALID size: the exercise asks for `padding="SAME"`,'
            " which keeps the 7x8 size."
        )
    if given.shape == (4, 4):
        raise Incorrect("your map is 4x4: that is stride 2. Use `strides=1`.")
    if given.shape == expected.shape:
        if np.allclose(given, -expected):
            raise Incorrect(
                "every value has the opposite sign: the kernel was flipped (true convolution,"
                " as `scipy.signal.convolve2d` does). `conv2d` slides the kernel unflipped."
            )
        if np.allclose(given, np.maximum(expected, 0)):
            raise Incorrect(
                "these are the values after ReLU (no negatives left); the exercise asks for the"
                " feature map before ReLU."
            )
        if np.allclose(given, _feature_map("vertical")):
            raise Incorrect(
                "this is the 2x2 vertical kernel's map from the chapter; use"
                ' `kernels.kernel("left sobel")`.'
            )
    expect_values(given, expected, "`left_map`")
    return (
        "the left Sobel answers -4 on the two columns around the line's left edge and +4"
        " around its right edge (the 3x3 window holds three rows of the edge, weighted 1, 2,"
        " 1), and only ±3 in the first and last rows, where one kernel row sits on the zero"
        " padding."
    )


q1 = Exercise(
    name="q1",
    title="The left Sobel on the line image",
    kind="compute",
    checker=_check_left_sobel,
    hints=[
        'Reuse the chapter\'s cells: the kernel is `kernels.kernel("left sobel")`; turn it'
        " into a 4-D filter with `kernels.get_filter(..., is_color=False)`.",
        '`ops.conv2d(images.to_nhwc(image), filters, strides=1, padding="SAME")` (or'
        " `tf.nn.conv2d` on `x`) gives shape (1, 7, 8, 1); keep the 2-D map with"
        " `[0, :, :, 0]`.",
    ],
    solution_text=(
        '`filters = kernels.get_filter(kernels.kernel("left sobel"), is_color=False)`, then'
        ' `left_map = ops.conv2d(images.to_nhwc(image), filters, 1, "SAME")[0, :, :, 0]`.'
    ),
    reference=_left_sobel_map,
    variable="left_map",
)


# -- q2: predict, then check with the kernel-walk slider --------------------------------------
def _last_row() -> list[int]:
    return [int(v) for v in _feature_map("vertical")[-1]]


def _check_last_row(answer: Any) -> str:
    given = as_array(answer, "`last_row`").ravel()
    expected = np.asarray(_last_row(), dtype=float)
    if given.size != expected.size:
        raise Incorrect(
            f"expected the {expected.size} values of the output's last row (one per column),"
            f" you gave {given.size}."
        )
    if np.allclose(given, 2 * expected):
        raise Incorrect(
            "those are the values of the rows above (-2 and +2). In the last row the kernel's"
            " bottom row sits on the zero row that SAME padding adds below the image: move the"
            " sliders to output row 6 and look at the window."
        )
    if np.allclose(given, -expected):
        raise Incorrect(
            "right places, opposite signs. The kernel is +1 on its left column and -1 on its"
            " right: it is positive where the left is brighter than the right."
        )
    if np.allclose(given, 0):
        raise Incorrect(
            "not all zero: the kernel's top row is still on the image's last row, which has"
            " the line in columns 3 and 4."
        )
    expect_values(given, expected, "`last_row`")
    return (
        "only the kernel's top row sees the image there; its bottom row multiplies the zero"
        " padding, so each edge gives half the answer of the rows above: -1 and +1."
    )


q2 = Exercise(
    name="q2",
    title="Predict the last row",
    kind="predict",
    checker=_check_last_row,
    hints=[
        "At output row 6 the 2x2 window covers image row 6 and the row below it. What does"
        " SAME padding put below the image?",
        "The row below the image is zeros, so only the kernel's top row (+1, -1) counts:"
        " the value is (pixel under the +1) - (pixel under the -1), for each column.",
    ],
    solution_text=(
        "`last_row = [0, 0, -1, 0, 1, 0, 0, 0]`: column 2 sees 0 - 1 = -1, column 4 sees"
        " 1 - 0 = +1, everywhere else the two pixels are equal (and column 7 reaches the zero"
        " column on the right)."
    ),
    reference=_last_row,
    variable="last_row",
)


# -- q3: predict a shape, then check with the feature-map slider ------------------------------
PHOTO_SHAPE = (96, 144)


def _outline_shape() -> tuple[int, int]:
    rows, cols = PHOTO_SHAPE
    return ops.output_size(rows, 3, 2, "VALID"), ops.output_size(cols, 3, 2, "VALID")


def _check_outline_shape(answer: Any) -> str:
    given = expect_pair(answer, "`shape`")
    expected = _outline_shape()
    rows, cols = PHOTO_SHAPE
    same = (ops.output_size(rows, 3, 2, "SAME"), ops.output_size(cols, 3, 2, "SAME"))
    if given == same:
        raise Incorrect(
            f"{same} is the SAME size (the photo halved). VALID only counts positions where the"
            " 3x3 kernel fits inside the photo."
        )
    if given == (rows - 2, cols - 2):
        raise Incorrect(
            f"{given} is the VALID size with stride 1. With stride 2 the kernel skips every"
            " second position."
        )
    if given == ((rows - 3) // 2, (cols - 3) // 2):
        raise Incorrect(
            f"close: you divided the {rows - 3} steps by the stride but forgot the first"
            " position. Count positions: 0, 2, 4, ... up to the last one that fits."
        )
    if given != expected:
        raise Incorrect(f"expected a {expected[0]}x{expected[1]} map, you predicted {given}.")
    return (
        f"the kernel's top-left corner can sit at 0, 2, ..., {2 * (expected[0] - 1)} along the"
        f" rows: {expected[0]} positions (and {expected[1]} along the columns). The slider's"
        " caption says the same."
    )


q3 = Exercise(
    name="q3",
    title="Predict a feature map's shape",
    kind="predict",
    checker=_check_outline_shape,
    hints=[
        f"The demo's photo is {PHOTO_SHAPE[0]}x{PHOTO_SHAPE[1]}. With VALID padding, where can"
        " a 3x3 kernel's top-left corner sit? With stride 2, which of those positions are used?",
        "Per axis, VALID gives ceil((n - k + 1) / s) positions: for the rows,"
        f" ceil(({PHOTO_SHAPE[0]} - 3 + 1) / 2).",
    ],
    solution_text=(
        "`shape = (47, 71)`: rows ceil((96 - 3 + 1) / 2) = 47, columns"
        ' ceil((144 - 3 + 1) / 2) = 71. `ops.output_size(96, 3, 2, "VALID")` agrees.'
    ),
    reference=_outline_shape,
    variable="shape",
)


# -- q4: explain --------------------------------------------------------------------------
MODEL_ANSWER = (
    "The feature map is not the same: it moves one pixel to the right with the line, and its"
    " values (the -2 and +2 columns) stay the same, only their position changes. The same"
    " kernel is used at every position, so the same edge gives the same response wherever it"
    " is. That is equivariance, f(shift(x)) = shift(f(x)); invariance would mean f(shift(x)) ="
    " f(x), which convolution does not give."
)

q4 = Exercise(
    name="q4",
    title="Equivariant or invariant?",
    kind="explain",
    checker=explanation(
        [
            Concept(
                "that the map moves",
                r"\b(mov|shift|follow|translat|slid)\w*",
                "what happens to the position of the -2 and +2 columns when the line moves?",
            ),
            Concept(
                "the right word",
                r"equivarian",
                "which word does the course use for 'moves with the input' (see the glossary)?",
            ),
        ],
        exercise="q4",
    ),
    hints=[
        "Compute both maps and compare them: shift the image with"
        " `images.shift(image, 0, 1)` and convolve it as in the chapter.",
        "Where are the -2 and +2 columns before and after the shift? Do their values change?"
        " Look up *equivariance* and *invariance* in the glossary.",
    ],
    solution_text=MODEL_ANSWER,
    reference=lambda: MODEL_ANSWER,
)

EXERCISES = [q1, q2, q3, q4]
