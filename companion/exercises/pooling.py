"""Exercises of the chapter "Pooling types" (``book/04_pooling_types.ipynb``).

- ``q1`` (compute): max pooling of a small 4x4 feature map, by hand.
- ``q2`` (predict, pooling-explorer slider): the shape of a pooled map.
- ``q3`` (predict, shift slider): the circle's pooled 4x4 after a one-pixel shift.
- ``q4`` (explain): why no convolution kernel gives max pooling.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from companion import images, ops, pooling
from companion.checks import (
    Concept,
    Exercise,
    Incorrect,
    as_array,
    expect_pair,
    expect_shape,
    expect_values,
    explanation,
)
from companion.demos.pooling import CIRCLE_CENTRES, explorer_map

__all__ = ["EXERCISES", "GRID", "q1", "q2", "q3", "q4"]

#: q1's feature map, before ReLU (so one 2x2 block is all negative).
GRID = np.array([[1, 4, 2, 0], [3, 2, 7, 1], [-2, -1, 0, 5], [-3, -5, 6, 2]], dtype=float)


def _pool_grid(pool: Any, ksize: int = 2, strides: int = 2) -> np.ndarray:
    return pool(images.to_nhwc(GRID), ksize, strides, "VALID")[0, :, :, 0]


# -- q1: compute ---------------------------------------------------------------------------
def _max_pooled() -> np.ndarray:
    return _pool_grid(ops.max_pool2d)


def _check_max_pooled(answer: Any) -> str:
    given = as_array(answer, "`max_out`")
    expected = _max_pooled()
    if given.shape == (3, 3):
        raise Incorrect(
            "your output is 3x3: that is stride 1, where the 2x2 windows overlap. With"
            " stride 2 the windows tile the 4x4 map: four blocks, a 2x2 output."
        )
    if given.size == 1:
        raise Incorrect(
            "one number is global max pooling (the whole map as one window). Here each 2x2"
            " block gives its own maximum: a 2x2 output."
        )
    expect_shape(given, expected.shape, "`max_out`")
    if np.allclose(given, _pool_grid(ops.avg_pool2d)):
        raise Incorrect(
            "these are the means of the blocks: average pooling. Max pooling keeps the"
            " largest value of each block."
        )
    if np.allclose(given, np.maximum(expected, 0)):
        raise Incorrect(
            "the bottom-left block is all negative (-2, -1, -3, -5), and its maximum is"
            " negative too. There is no ReLU in this exercise: pool the map as it is."
        )
    blocks = GRID.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(2, 2, 4)
    largest_magnitude = np.take_along_axis(
        blocks, np.abs(blocks).argmax(axis=2)[..., None], axis=2
    )[..., 0]
    if np.allclose(given, largest_magnitude) or np.allclose(given, np.abs(largest_magnitude)):
        raise Incorrect(
            "in the bottom-left block you kept the value furthest from zero. Max pooling keeps"
            " the largest: of -2, -1, -3 and -5 that is -1."
        )
    if np.allclose(given, expected.T):
        raise Incorrect(
            "right values, wrong places: your output is transposed. The top-right output"
            " cell summarises the top-right block (rows 0-1, columns 2-3)."
        )
    if np.allclose(given, GRID[::2, ::2]):
        raise Incorrect(
            "these are the top-left values of the blocks (plain subsampling); max pooling"
            " looks at all four values of each block and keeps the largest."
        )
    expect_values(given, expected, "`max_out`")
    return (
        "each output cell is the largest value of one 2x2 block; 4 of the 16 values survive."
        " The bottom-left block shows that max pooling keeps the largest value, -1, even when"
        " every value is negative."
    )


q1 = Exercise(
    name="q1",
    title="Max pooling by hand",
    kind="compute",
    checker=_check_max_pooled,
    hints=[
        "Cut the 4x4 map into four 2x2 blocks (rows 0-1 and 2-3, columns 0-1 and 2-3) and"
        " write down the largest value of each block, in the same place.",
        "The top-left block holds 1, 4, 3 and 2, so the top-left output is 4. Careful with the"
        " bottom-left block: all its values are negative.",
    ],
    solution_text=(
        "`max_out = np.array([[4, 7], [-1, 6]])`: the blocks' maxima. `ops.max_pool2d("
        'images.to_nhwc(grid), 2, 2, "VALID")[0, :, :, 0]` (or `tf.nn.max_pool2d`) agrees.'
    ),
    reference=_max_pooled,
    variable="max_out",
)


# -- q2: predict a shape, then check with the pooling explorer -------------------------------
#: q2's setting of the pooling explorer: a 3x3 window, stride 2, VALID padding.
EXPLORER_SETTING = {"window": 3, "stride": 2, "padding": "VALID"}


def _explorer_shape() -> tuple[int, int]:
    rows, cols = explorer_map().shape
    k, s, p = (EXPLORER_SETTING[key] for key in ("window", "stride", "padding"))
    return ops.output_size(rows, k, s, p), ops.output_size(cols, k, s, p)


def _check_explorer_shape(answer: Any) -> str:
    given = expect_pair(answer, "`pooled_shape`")
    expected = _explorer_shape()
    size = explorer_map().shape[0]
    window, stride = EXPLORER_SETTING["window"], EXPLORER_SETTING["stride"]
    same = ops.output_size(size, window, stride, "SAME")
    if given == (same, same):
        raise Incorrect(
            f"{given} is the SAME size (ceil({size} / {stride}) = {same}). VALID adds no"
            f" padding: only the positions where the {window}x{window} window fits count."
        )
    if given == (size - window + 1,) * 2:
        raise Incorrect(
            f"{given} is the VALID size with stride 1. With stride {stride} the window skips"
            " every second position."
        )
    if given == ((size - window) // stride,) * 2:
        raise Incorrect(
            f"close: you counted the {size - window} steps of size {stride} but forgot the"
            " first position. Count positions: 0, 2, 4, ... up to the last one where the"
            " window fits."
        )
    if given != expected:
        raise Incorrect(
            f"expected a {expected[0]}x{expected[1]} output, you predicted {given[0]}x{given[1]}."
        )
    last = stride * (expected[0] - 1)
    return (
        f"the window's top-left corner sits at 0, 2, ..., {last} (the window then covers"
        f" rows {last} to {last + window - 1}, the last ones): {expected[0]} positions per"
        " axis. The explorer's output panel says the same."
    )


q2 = Exercise(
    name="q2",
    title="Predict a pooled map's shape",
    kind="predict",
    checker=_check_explorer_shape,
    hints=[
        "The explorer's map is 9x9. With VALID padding, where can a 3x3 window's top-left"
        " corner sit? With stride 2, which of those positions are used?",
        "Pooling follows the convolution's rule. Per axis, VALID gives ceil((n - k + 1) / s)"
        " positions: ceil((9 - 3 + 1) / 2).",
    ],
    solution_text=(
        "`pooled_shape = (4, 4)`: ceil((9 - 3 + 1) / 2) = 4 per axis, windows at 0, 2, 4 and"
        ' 6. `ops.output_size(9, 3, 2, "VALID")` agrees.'
    ),
    reference=_explorer_shape,
    variable="pooled_shape",
)


# -- q3: predict a shift's effect, then check with the shift slider ---------------------------
#: q3's circle (the one next to a pooling-grid line) and its shift (down, right).
SHIFT_CIRCLE = "near a grid line: (39, 39)"
SHIFT = (0, 1)


def _circle() -> np.ndarray:
    return images.circle_image(center=CIRCLE_CENTRES[SHIFT_CIRCLE])


def _shifted_summary() -> np.ndarray:
    return pooling.pooled_after_shift(_circle(), *SHIFT, "max")


def _check_shifted_summary(answer: Any) -> str:
    given = as_array(answer, "`after_shift`")
    expected = _shifted_summary()
    before = pooling.pooled_after_shift(_circle(), 0, 0, "max")
    expect_shape(given, expected.shape, "`after_shift`")
    if np.allclose(given, before):
        raise Incorrect(
            "that is the summary before the shift: you predicted that max pooling ignores"
            " this shift. Look at the circle's leftmost and rightmost pixels (columns 31 and"
            " 47) and the block edges at columns 32 and 48."
        )
    if np.allclose(given, np.roll(before, 1, axis=1)):
        raise Incorrect(
            "you moved the whole summary one cell to the right. One cell of the 4x4 summary"
            " is a 16x16 block of the image: a 1-pixel shift moves the circle by a sixteenth"
            " of a cell, so only pixels next to a block edge change blocks."
        )
    if np.allclose(given, np.maximum(before, expected)):
        raise Incorrect(
            "you added the block that the circle's right edge moves into, but the left edge"
            " moves too: the pixels in column 31 go to column 32, and their block (row 2,"
            " column 1) has nothing left in it."
        )
    expect_values(given, expected, "`after_shift`")
    changed = int(np.sum(given != before))
    return (
        f"{changed} of the 16 cells change after a one-pixel shift: the circle's left edge"
        " leaves block column 1 and its right edge enters block column 3. The same shift of"
        " the article's circle, which sits well inside its blocks, changes nothing."
    )


q3 = Exercise(
    name="q3",
    title="Predict what a one-pixel shift does",
    kind="predict",
    checker=_check_shifted_summary,
    hints=[
        "The circle is centred at (39, 39) with radius 8, so it spans rows and columns 31 to"
        " 47. Four rounds of 2x2 pooling summarise 16x16 blocks, whose edges lie between"
        " columns 15|16, 31|32 and 47|48. Which of the circle's pixels change block when"
        " it moves one pixel to the right?",
        "Set the demo to this circle with no shift and read its max-pooled 4x4. The pixels"
        " of column 31 move into column 32 (block column 2) and those of column 47 into"
        " column 48 (block column 3). Max pooling asks only: is anything in this block?",
    ],
    solution_text=(
        "`after_shift = [[0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 1], [0, 0, 0, 0]]`: block"
        " (2, 1) loses its only pixels (column 31 -> 32), block (2, 3) gains the circle's"
        " right edge (column 47 -> 48). Two of 16 cells change."
    ),
    reference=_shifted_summary,
    variable="after_shift",
)


# -- q4: explain ----------------------------------------------------------------------------
MODEL_ANSWER = (
    "A convolution is linear: each output is a weighted sum with fixed weights, so the"
    " response to the sum of two maps is the sum of their responses. Max pooling is not"
    " linear: two maps a and b, each with a single 1 in different places of the same 2x2"
    " window, each pool to 1, but a + b also pools to 1, not 2. No kernel can do that, because"
    " max pooling picks the largest value, and which pixel that is depends on the input,"
    " while a kernel weights the same positions the same way for every input. Average"
    " pooling is linear, so a constant kernel gives it."
)

q4 = Exercise(
    name="q4",
    title="Why max pooling is not a convolution",
    kind="explain",
    checker=explanation(
        [
            Concept(
                "what a convolution is",
                r"\blinear|weighted sum|additiv|superposition",
                "what property does every convolution have (the chapter calls it *linear*:"
                " the response to a sum is the sum of the responses)?",
            ),
            Concept(
                "a counter-example",
                r"\w\s*\+\s*\w|\bsum of (the )?two|\btwo maps|\bgap\b|not (equal|the sum)",
                "give a counter-example: two maps whose sum does not pool to the sum of"
                " their pooled values (the chapter's `additivity_gap`).",
            ),
        ],
        min_words=12,
        exercise="q4",
    ),
    hints=[
        "Reread the last part of *Pooling is fixed, not learned*: what is `pool(a + b) -"
        " pool(a) - pool(b)` for a convolution, and what is it for max pooling?",
        "A convolution is linear: `conv(a + b) = conv(a) + conv(b)` for every kernel. Find"
        " two maps for which max pooling breaks that rule, and say so.",
    ],
    solution_text=MODEL_ANSWER,
    reference=lambda: MODEL_ANSWER,
)

EXERCISES = [q1, q2, q3, q4]
