"""Exercises of the chapter "Pooling types" (``book/04_pooling_types.ipynb``).

- ``q1`` (array): max pooling of a small 4x4 feature map, by hand.
- ``q2`` (array, pooling-explorer slider): the shape of a pooled map.
- ``q3`` (array, shift slider): the circle's pooled 4x4 after a one-pixel shift.
- ``q4`` (code): write a one-channel ``max_pool2d(image, size, stride, padding)``.
- ``q5`` (choice): is max pooling a convolution with some kernel?
- ``q6`` (reflection): why no convolution kernel gives max pooling.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from companion import images, ops, pooling
from companion.exercises import solutions, window_cases
from companion.exercises.functions import FunctionExercise
from companion.exercises.reflection import Contradiction, Reflection
from companion.exercises.values import Answer, ArrayExercise, ChoiceExercise, Option

__all__ = [
    "EXERCISES",
    "EXPLORER_SETTING",
    "GRID",
    "SHIFT",
    "SHIFT_CIRCLE",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
]

#: q1's feature map, before ReLU (so one 2x2 block is all negative).
GRID = np.array([[1, 4, 2, 0], [3, 2, 7, 1], [-2, -1, 0, 5], [-3, -5, 6, 2]], dtype=float)


def _pool_grid(pool: Any, ksize: int = 2, strides: int = 2) -> np.ndarray:
    return pool(images.to_nhwc(GRID), ksize, strides, "VALID")[0, :, :, 0]


# -- q1: array -----------------------------------------------------------------------------
MAX_OUT = _pool_grid(ops.max_pool2d)
#: The 2x2 windows of q1's pooling (stride 2), each flattened: shape (2, 2, 4).
_BLOCKS = np.lib.stride_tricks.sliding_window_view(GRID, (2, 2))[::2, ::2].reshape(2, 2, 4)
_FURTHEST = np.take_along_axis(_BLOCKS, np.abs(_BLOCKS).argmax(axis=2)[..., None], axis=2)[..., 0]

q1 = ArrayExercise(
    name="q1",
    title="Max pooling by hand",
    prompt="Pool the 4x4 map `grid` by hand: 2x2 max pooling with stride 2, as a 2x2 array"
    " `max_out`.",
    hints=(
        "Cut the 4x4 map into four 2x2 blocks (rows 0-1 and 2-3, columns 0-1 and 2-3) and"
        " write down the largest value of each block, in the same place.",
        "The top-left block holds 1, 4, 3 and 2, so the top-left output is 4. Careful with the"
        " bottom-left block: all its values are negative.",
    ),
    solution_text=(
        "`max_out = np.array([[4, 7], [-1, 6]])`: the blocks' maxima. `ops.max_pool2d("
        'images.to_nhwc(grid), 2, 2, "VALID")[0, :, :, 0]` (or `tf.nn.max_pool2d`) agrees.'
    ),
    variable="max_out",
    expected=MAX_OUT,
    correct_message=(
        "each output cell is the largest value of one 2x2 block; 4 of the 16 values survive."
        " The bottom-left block shows that max pooling keeps the largest value, -1, even when"
        " every value is negative."
    ),
    mistakes=(
        Answer(
            shape=(3, 3),
            message="your output is 3x3: that is stride 1, where the 2x2 windows overlap. With"
            " stride 2 the windows tile the 4x4 map: four blocks, a 2x2 output.",
        ),
        Answer(
            answer=float(GRID.max()),
            message="one number is global max pooling (the whole map as one window). Here each"
            " 2x2 block gives its own maximum: a 2x2 output.",
        ),
        Answer(
            answer=_pool_grid(ops.avg_pool2d),
            message="these are the means of the blocks: average pooling. Max pooling keeps the"
            " largest value of each block.",
        ),
        Answer(
            answer=np.maximum(MAX_OUT, 0),
            message="the bottom-left block is all negative (-2, -1, -3, -5), and its maximum is"
            " negative too. There is no ReLU in this exercise: pool the map as it is.",
        ),
        Answer(
            answer=_FURTHEST,
            message="in the bottom-left block you kept the value furthest from zero. Max"
            " pooling keeps the largest: of -2, -1, -3 and -5 that is -1.",
        ),
        Answer(
            answer=np.abs(_FURTHEST),
            message="you kept the largest absolute value. Max pooling keeps the largest value"
            " itself: in the bottom-left block, -1.",
        ),
        Answer(
            answer=MAX_OUT.T,
            message="right values, wrong places: your output is transposed. The top-right"
            " output cell summarises the top-right block (rows 0-1, columns 2-3).",
        ),
        Answer(
            answer=GRID[::2, ::2],
            message="these are the top-left values of the blocks (plain subsampling); max"
            " pooling looks at all four values of each block and keeps the largest.",
        ),
    ),
)


# -- q2: array (a shape), then check with the pooling explorer ---------------------------------
#: q2's setting of the pooling explorer: a 3x3 window, stride 2, VALID padding.
EXPLORER_SETTING = {"window": 3, "stride": 2, "padding": "VALID"}
SIZE = pooling.explorer_map().shape[0]
WINDOW, STRIDE = EXPLORER_SETTING["window"], EXPLORER_SETTING["stride"]


def _pooled_shape(stride: int, padding: str) -> tuple[int, int]:
    rows, cols = pooling.explorer_map().shape
    return ops.output_size(rows, WINDOW, stride, padding), ops.output_size(
        cols, WINDOW, stride, padding
    )


POOLED_SHAPE = _pooled_shape(STRIDE, "VALID")

q2 = ArrayExercise(
    name="q2",
    title="Predict a pooled map's shape",
    prompt=f"Predict the shape of the pooling explorer's output for its {SIZE}x{SIZE} map, a"
    f" {WINDOW}x{WINDOW} window, stride {STRIDE} and VALID padding, as"
    " `pooled_shape = (rows, columns)`.",
    hints=(
        f"The explorer's map is {SIZE}x{SIZE}. With VALID padding, where can a {WINDOW}x{WINDOW}"
        f" window's top-left corner sit? With stride {STRIDE}, which of those positions are used?",
        "Pooling follows the convolution's rule. Per axis, VALID gives ceil((n - k + 1) / s)"
        f" positions: ceil(({SIZE} - {WINDOW} + 1) / {STRIDE}).",
    ),
    solution_text=(
        f"`pooled_shape = {POOLED_SHAPE}`: ceil(({SIZE} - {WINDOW} + 1) / {STRIDE}) ="
        f' {POOLED_SHAPE[0]} per axis. `ops.output_size({SIZE}, {WINDOW}, {STRIDE}, "VALID")`'
        " agrees."
    ),
    variable="pooled_shape",
    expected=POOLED_SHAPE,
    correct_message=(
        f"the window's top-left corner sits at 0, {STRIDE}, ..., {STRIDE * (POOLED_SHAPE[0] - 1)}"
        f" (the window then covers rows {STRIDE * (POOLED_SHAPE[0] - 1)} to"
        f" {STRIDE * (POOLED_SHAPE[0] - 1) + WINDOW - 1}, the last ones): {POOLED_SHAPE[0]}"
        " positions per axis. The explorer's output panel says the same."
    ),
    mistakes=(
        Answer(
            answer=_pooled_shape(STRIDE, "SAME"),
            message=f"{_pooled_shape(STRIDE, 'SAME')} is the SAME size (ceil({SIZE} / {STRIDE})"
            f" per axis). VALID adds no padding: only the positions where the {WINDOW}x{WINDOW}"
            " window fits count.",
        ),
        Answer(
            answer=_pooled_shape(1, "VALID"),
            message=f"{_pooled_shape(1, 'VALID')} is the VALID size with stride 1. With stride"
            f" {STRIDE} the window skips positions.",
        ),
        Answer(
            answer=((SIZE - WINDOW) // STRIDE,) * 2,
            message=f"close: you counted the {SIZE - WINDOW} steps of size {STRIDE} but forgot"
            " the first position. Count positions: 0, 2, 4, ... up to the last one where the"
            " window fits.",
        ),
    ),
)


# -- q3: array, then check with the shift slider -------------------------------------------------
#: q3's circle (the one next to a pooling-grid line) and its shift (down, right).
SHIFT_CIRCLE = "near a grid line: (39, 39)"
SHIFT = (0, 1)
_CIRCLE = images.circle_image(center=pooling.CIRCLE_CENTRES[SHIFT_CIRCLE])
BEFORE = pooling.pooled_after_shift(_CIRCLE, 0, 0, "max")
AFTER = pooling.pooled_after_shift(_CIRCLE, *SHIFT, "max")
CHANGED = int(np.sum(BEFORE != AFTER))

q3 = ArrayExercise(
    name="q3",
    title="Predict what a one-pixel shift does",
    prompt="Predict the max-pooled 4x4 summary of the circle near a grid line after it moves"
    " 1 pixel to the right, as a 4x4 array of 0s and 1s `after_shift`.",
    hints=(
        "The circle is centred at (39, 39) with radius 8, so it spans rows and columns 31 to"
        " 47. Four rounds of 2x2 pooling summarise 16x16 blocks, whose edges lie between"
        " columns 15|16, 31|32 and 47|48. Which of the circle's pixels change block when"
        " it moves one pixel to the right?",
        "Set the demo to this circle with no shift and read its max-pooled 4x4. The pixels"
        " of column 31 move into column 32 (block column 2) and those of column 47 into"
        " column 48 (block column 3). Max pooling asks only: is anything in this block?",
    ),
    solution_text=(
        f"`after_shift = {AFTER.astype(int).tolist()}`: block (2, 1) loses its only pixels"
        " (column 31 -> 32), block (2, 3) gains the circle's right edge (column 47 -> 48)."
        f" {CHANGED} of 16 cells change."
    ),
    variable="after_shift",
    expected=AFTER,
    correct_message=(
        f"{CHANGED} of the 16 cells change after a one-pixel shift: the circle's left edge"
        " leaves block column 1 and its right edge enters block column 3. The same shift of"
        " the article's circle, which sits well inside its blocks, changes nothing."
    ),
    mistakes=(
        Answer(
            answer=BEFORE,
            message="that is the summary before the shift: you predicted that max pooling"
            " ignores this shift. Look at the circle's leftmost and rightmost pixels (columns"
            " 31 and 47) and the block edges at columns 32 and 48.",
        ),
        Answer(
            answer=np.roll(BEFORE, 1, axis=1),
            message="you moved the whole summary one cell to the right. One cell of the 4x4"
            " summary is a 16x16 block of the image: a 1-pixel shift moves the circle by a"
            " sixteenth of a cell, so only pixels next to a block edge change blocks.",
        ),
        Answer(
            answer=np.maximum(BEFORE, AFTER),
            message="you added the block that the circle's right edge moves into, but the left"
            " edge moves too: the pixels in column 31 go to column 32, and their block (row 2,"
            " column 1) has nothing left in it.",
        ),
    ),
)


# -- q4: code: a one-channel max_pool2d ------------------------------------------------------------
q4 = FunctionExercise(
    name="q4",
    title="Write max_pool2d",
    prompt="Write `max_pool2d(image, size, stride, padding)` for one 2-D image and a square"
    " window: the same numbers as `tf.nn.max_pool2d` (and `companion.ops.max_pool2d`), with"
    " SAME and VALID padding and any stride.",
    hints=(
        "It is the convolution's loop with `window.max()` in place of `np.sum(window *"
        " kernel)`: same positions, same output size, same stride.",
        "SAME pads as the convolution does (the odd row or column at the bottom/right), but"
        " the padding must never win the maximum: pad with `-np.inf`, not zeros.",
    ),
    solution_text="See the solution cell: pad with -inf for SAME, then one maximum per window.",
    variable="max_pool2d",
    function_name="max_pool2d",
    signature="max_pool2d(image, size, stride, padding)",
    truth=window_cases.pool_truth,
    cases=window_cases.pool_cases,
    solution_function=solutions.max_pool2d,
    solution_code=inspect.getsource(solutions.max_pool2d),
    mistakes=window_cases.POOL_MISTAKES,
)


# -- q5: choice: is max pooling a convolution? ----------------------------------------------------
q5 = ChoiceExercise(
    name="q5",
    title="Is max pooling a convolution?",
    prompt="Average pooling is a convolution with a constant kernel. Is max pooling a"
    ' convolution with some kernel? Choose one, as `verdict = "a"` (or b, c, d).',
    hints=(
        "A convolution is linear: conv(a + b) = conv(a) + conv(b), for every kernel. Try"
        " `pooling.additivity_gap(ops.max_pool2d, a, b, ...)` on two small maps.",
        "Take two 2x2 maps, each with a single 1 in a different place: each max-pools to 1."
        " What does their sum pool to?",
    ),
    solution_text=(
        '`verdict = "c"`: max pooling is not linear (pool(a + b) can differ from pool(a) +'
        " pool(b)), and every convolution is, so no kernel gives it."
    ),
    variable="verdict",
    options=(
        Option(
            "a",
            "Yes: a kernel of ones, then keep the largest sum.",
            "a kernel of ones sums the window (that is average pooling, times the window"
            " size); picking the largest value is not a weighted sum of the window.",
        ),
        Option(
            "b",
            "Yes, with a kernel that training finds: we just have not found it yet.",
            "no kernel can exist: every convolution is linear, and max pooling is not, so no"
            " training could find one. (A learned layer can *approximate* it with ReLUs, but"
            " that is no longer one convolution.)",
        ),
        Option(
            "c",
            "No: max pooling is not linear, and every convolution is.",
            "every convolution gives conv(a + b) = conv(a) + conv(b). Max pooling does not:"
            " two maps with a single 1 in different places of a window each pool to 1, their"
            " sum pools to 1, not 2. So no kernel gives max pooling.",
        ),
        Option(
            "d",
            "Only with stride 1: with a larger stride it is subsampling.",
            "the stride decides where the window stops, not what it computes: at every stop"
            " max pooling takes a maximum, which no weighted sum gives, whatever the stride.",
        ),
    ),
    expected="c",
)


# -- q6: reflection ----------------------------------------------------------------------------
MODEL_ANSWER = (
    "A convolution is linear: each output is a weighted sum with fixed weights, so the"
    " response to the sum of two maps is the sum of their responses. Max pooling is not"
    " linear: two maps a and b, each with a single 1 in different places of the same 2x2"
    " window, each pool to 1, but a + b also pools to 1, not 2. No kernel can do that, because"
    " max pooling picks the largest value, and which pixel that is depends on the input,"
    " while a kernel weights the same positions the same way for every input. Average"
    " pooling is linear, so a constant kernel gives it."
)

q6 = Reflection(
    name="q6",
    title="Why max pooling is not a convolution",
    prompt="A classmate says max pooling is a convolution too, and we just have not found its"
    " kernel. Explain in a sentence or two why no kernel can give max pooling, with a"
    " counter-example.",
    hints=(
        "Reread the last part of *Pooling is fixed, not learned*: what is `pool(a + b) -"
        " pool(a) - pool(b)` for a convolution, and what is it for max pooling?",
        "A convolution is linear: `conv(a + b) = conv(a) + conv(b)` for every kernel. Find"
        " two maps for which max pooling breaks that rule, and say so.",
    ),
    solution_text=MODEL_ANSWER,
    model_answer=MODEL_ANSWER,
    rubric=(
        "Every convolution is linear: the response to a sum is the sum of the responses.",
        "Max pooling is not: a counter-example, two maps whose sum does not pool to the sum"
        " of their pooled values.",
        "Which value max pooling keeps depends on the input; a kernel weights the same"
        " positions the same way for every input.",
    ),
    contradictions=(
        Contradiction(
            r"\bmax(?:imum)?[ -]?pool\w*\b[^.]*\b(?:is|are)\s+(?:also\s+|just\s+|simply\s+|"
            r"really\s+|basically\s+)?(?:a\s+)?(?:kind of\s+|special\s+|type of\s+)?(?:linear|"
            r"convolution)",
            "max pooling is not linear and no convolution: pool(a + b) can differ from"
            " pool(a) + pool(b), which no kernel allows.",
        ),
        Contradiction(
            r"\b(?:conv\w*|kernels?)\b[^.]*\b(?:is|are)\s+(?:also\s+)?(?:non-?linear|"
            r"not linear)",
            "every convolution is linear: it is a weighted sum with fixed weights, so"
            " conv(a + b) = conv(a) + conv(b).",
            negated=True,
        ),
    ),
)

EXERCISES = [q1, q2, q3, q4, q5, q6]
