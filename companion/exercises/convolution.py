"""Exercises of the chapter "Convolution math" (``book/03_convolution_math.ipynb``).

- ``q1`` (array): the left-Sobel feature map of the line image.
- ``q2`` (array, kernel-walk slider): predict the last row of the article's output.
- ``q3`` (array, feature-map slider): predict a feature map's shape.
- ``q4`` (code): write the output-size rule, ``output_size(n, k, s, padding)``.
- ``q5`` (code): write a one-channel ``conv2d(image, kernel, stride, padding)``.
- ``q6`` (choice): what a shift of the input does to the feature map.
- ``q7`` (reflection): equivariant or invariant, in the learner's words.
"""

from __future__ import annotations

import inspect

import numpy as np

from companion import images, kernels, ops
from companion.exercises import solutions, window_cases
from companion.exercises.functions import FunctionExercise
from companion.exercises.reflection import Contradiction, Reflection
from companion.exercises.values import Answer, ArrayExercise, ChoiceExercise, Option

__all__ = ["EXERCISES", "PHOTO_SHAPE", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]


def _feature_map(kernel_name: str, strides: int = 1, padding: str = "SAME") -> np.ndarray:
    image = images.to_nhwc(images.line_image())
    filters = kernels.get_filter(kernels.kernel(kernel_name), is_color=False)
    return ops.conv2d(image, filters, strides, padding)[0, :, :, 0]


# -- q1: array -----------------------------------------------------------------------------
LEFT_MAP = _feature_map("left sobel")

q1 = ArrayExercise(
    name="q1",
    title="The left Sobel on the line image",
    prompt="Compute the feature map of the line image with the left Sobel kernel, stride 1"
    " and SAME padding, as a 2-D array `left_map` of shape (7, 8).",
    hints=(
        'Reuse the chapter\'s cells: the kernel is `kernels.kernel("left sobel")`; turn it'
        " into a 4-D filter with `kernels.get_filter(..., is_color=False)`.",
        '`ops.conv2d(images.to_nhwc(image), filters, strides=1, padding="SAME")` (or'
        " `tf.nn.conv2d` on `x`) gives shape (1, 7, 8, 1); keep the 2-D map with"
        " `[0, :, :, 0]`.",
    ),
    solution_text=(
        '`filters = kernels.get_filter(kernels.kernel("left sobel"), is_color=False)`, then'
        ' `left_map = ops.conv2d(images.to_nhwc(image), filters, 1, "SAME")[0, :, :, 0]`.'
    ),
    variable="left_map",
    expected=LEFT_MAP,
    atol=1e-4,
    correct_message=(
        "the left Sobel answers -4 on the two columns around the line's left edge and +4"
        " around its right edge (the 3x3 window holds three rows of the edge, weighted 1, 2,"
        " 1), and only ±3 in the first and last rows, where one kernel row sits on the zero"
        " padding."
    ),
    mistakes=(
        Answer(
            shape=_feature_map("left sobel", padding="VALID").shape,
            message='your map is 5x6, the VALID size: the exercise asks for `padding="SAME"`,'
            " which keeps the 7x8 size.",
        ),
        Answer(
            shape=_feature_map("left sobel", strides=2).shape,
            message="your map is 4x4: that is stride 2. Use `strides=1`.",
        ),
        Answer(
            answer=-LEFT_MAP,
            message="every value has the opposite sign: the kernel was flipped (true"
            " convolution, as `scipy.signal.convolve2d` does). `conv2d` slides the kernel"
            " unflipped.",
        ),
        Answer(
            answer=np.maximum(LEFT_MAP, 0),
            message="these are the values after ReLU (no negatives left); the exercise asks"
            " for the feature map before ReLU.",
        ),
        Answer(
            answer=_feature_map("vertical"),
            message="this is the 2x2 vertical kernel's map from the chapter; use"
            ' `kernels.kernel("left sobel")`.',
        ),
    ),
)


# -- q2: array, then check with the kernel-walk slider ----------------------------------------
LAST_ROW = _feature_map("vertical")[-1]

q2 = ArrayExercise(
    name="q2",
    title="Predict the last row",
    prompt="Predict the 8 values of the last output row (row 6) of the vertical kernel on the"
    " line image (SAME padding), as a list `last_row`.",
    hints=(
        "At output row 6 the 2x2 window covers image row 6 and the row below it. What does"
        " SAME padding put below the image?",
        "The row below the image is zeros, so only the kernel's top row (+1, -1) counts:"
        " the value is (pixel under the +1) - (pixel under the -1), for each column.",
    ),
    solution_text=(
        "`last_row = [0, 0, -1, 0, 1, 0, 0, 0]`: column 2 sees 0 - 1 = -1, column 4 sees"
        " 1 - 0 = +1, everywhere else the two pixels are equal (and column 7 reaches the zero"
        " column on the right)."
    ),
    variable="last_row",
    expected=LAST_ROW,
    correct_message=(
        "only the kernel's top row sees the image there; its bottom row multiplies the zero"
        " padding, so each edge gives half the answer of the rows above: -1 and +1."
    ),
    mistakes=(
        Answer(
            answer=2 * LAST_ROW,
            message="those are the values of the rows above (-2 and +2). In the last row the"
            " kernel's bottom row sits on the zero row that SAME padding adds below the image:"
            " move the sliders to output row 6 and look at the window.",
        ),
        Answer(
            answer=-LAST_ROW,
            message="right places, opposite signs. The kernel is +1 on its left column and -1"
            " on its right: it is positive where the left is brighter than the right.",
        ),
        Answer(
            answer=np.zeros_like(LAST_ROW),
            message="not all zero: the kernel's top row is still on the image's last row,"
            " which has the line in columns 3 and 4.",
        ),
    ),
)


# -- q3: array (a shape), then check with the feature-map slider ------------------------------
PHOTO_SHAPE = (96, 144)
ROWS, COLS = PHOTO_SHAPE


def _shape(stride: int, padding: str) -> tuple[int, int]:
    return ops.output_size(ROWS, 3, stride, padding), ops.output_size(COLS, 3, stride, padding)


OUTLINE_SHAPE = _shape(2, "VALID")

q3 = ArrayExercise(
    name="q3",
    title="Predict a feature map's shape",
    prompt=f"Predict the shape of the feature map of the outline kernel (3x3) on the {ROWS}x{COLS}"
    " photo with stride 2 and VALID padding, as `shape = (rows, columns)`.",
    hints=(
        f"The demo's photo is {ROWS}x{COLS}. With VALID padding, where can a 3x3 kernel's"
        " top-left corner sit? With stride 2, which of those positions are used?",
        "Per axis, VALID gives ceil((n - k + 1) / s) positions: for the rows,"
        f" ceil(({ROWS} - 3 + 1) / 2).",
    ),
    solution_text=(
        f"`shape = {OUTLINE_SHAPE}`: rows ceil(({ROWS} - 3 + 1) / 2) = {OUTLINE_SHAPE[0]},"
        f" columns ceil(({COLS} - 3 + 1) / 2) = {OUTLINE_SHAPE[1]}."
        f' `ops.output_size({ROWS}, 3, 2, "VALID")` agrees.'
    ),
    variable="shape",
    expected=OUTLINE_SHAPE,
    labels=("the number of rows (first)", "the number of columns (second)"),
    correct_message=(
        f"the kernel's top-left corner can sit at 0, 2, ..., {2 * (OUTLINE_SHAPE[0] - 1)} along"
        f" the rows: {OUTLINE_SHAPE[0]} positions (and {OUTLINE_SHAPE[1]} along the columns)."
        " The slider's caption says the same."
    ),
    mistakes=(
        Answer(
            answer=_shape(2, "SAME"),
            message=f"{_shape(2, 'SAME')} is the SAME size (the photo halved). VALID only counts"
            " positions where the 3x3 kernel fits inside the photo.",
        ),
        Answer(
            answer=_shape(1, "VALID"),
            message=f"{_shape(1, 'VALID')} is the VALID size with stride 1. With stride 2 the"
            " kernel skips every second position.",
        ),
        Answer(
            answer=((ROWS - 3) // 2, (COLS - 3) // 2),
            message=f"close: you divided the {ROWS - 3} steps by the stride but forgot the"
            " first position. Count positions: 0, 2, 4, ... up to the last one that fits.",
        ),
        Answer(
            answer=(OUTLINE_SHAPE[1], OUTLINE_SHAPE[0]),
            message="right numbers, swapped: a shape is (rows, columns), the height first.",
        ),
    ),
)


# -- q4: code: the output-size rule ------------------------------------------------------------
q4 = FunctionExercise(
    name="q4",
    title="Write the output-size rule",
    prompt="Write `output_size(n, k, s, padding)`: how many positions a window of k values"
    " takes along an axis of n values with stride s, for SAME and VALID, as TensorFlow"
    " counts them.",
    hints=(
        "VALID: the window's first position is 0 and its last is the largest multiple of s"
        " with that position + k <= n. SAME: the padding makes room for every step of s.",
        "VALID: `(n - k) // s + 1`. SAME: `ceil(n / s)`, which in integers is `-(-n // s)`.",
    ),
    solution_text="See the solution cell: VALID gives `(n - k) // s + 1`, SAME `-(-n // s)`.",
    variable="output_size",
    function_name="output_size",
    signature="output_size(n, k, s, padding)",
    truth=window_cases.size_truth,
    cases=window_cases.size_cases,
    solution_function=solutions.output_size,
    solution_code=inspect.getsource(solutions.output_size),
    mistakes=window_cases.SIZE_MISTAKES,
)


# -- q5: code: a one-channel conv2d ----------------------------------------------------------
q5 = FunctionExercise(
    name="q5",
    title="Write conv2d",
    prompt="Write `conv2d(image, kernel, stride, padding)` for one 2-D image and one 2-D kernel:"
    " the same numbers as `tf.nn.conv2d` (and `companion.ops.conv2d`), with SAME and VALID"
    " padding and any stride.",
    hints=(
        "Start with VALID and stride 1: two loops over the output's rows and columns; at each"
        " position take the window of the image under the kernel and sum `window * kernel`."
        " Then add the stride (the window starts at `i * stride`), then SAME.",
        "SAME: the output has `ceil(n / stride)` positions per axis; pad the image with"
        " `max((out - 1) * stride + k - n, 0)` zeros per axis, half before and the odd one"
        " after (bottom/right), with `np.pad`. Do not flip the kernel.",
    ),
    solution_text="See the solution cell: pad for SAME, then one weighted sum per position.",
    variable="conv2d",
    function_name="conv2d",
    signature="conv2d(image, kernel, stride, padding)",
    truth=window_cases.conv_truth,
    cases=window_cases.conv_cases,
    solution_function=solutions.conv2d,
    solution_code=inspect.getsource(solutions.conv2d),
    mistakes=window_cases.CONV_MISTAKES,
)


# -- q6: choice: predict what a shift does -----------------------------------------------------
q6 = ChoiceExercise(
    name="q6",
    title="Shift the line",
    prompt="Shift the line image one pixel to the right. What happens to its feature map with"
    ' the vertical kernel (stride 1, SAME)? Choose one, as `moved = "a"` (or b, c, d).',
    hints=(
        "The same kernel is used at every position. Does the edge answer differently when"
        " it is one pixel further right?",
        "Compute it: `images.shift(image, 0, 1)`, then the chapter's `conv2d` cell; compare"
        " where the -2 and +2 columns are, and their values.",
    ),
    solution_text=(
        '`moved = "b"`: the -2 and +2 columns move one column to the right with the line,'
        " with the same values. That is equivariance."
    ),
    variable="moved",
    options=(
        Option(
            "a",
            "It stays the same: convolution is translation invariant.",
            "the -2 and +2 columns do not stay where they were: they move with the line."
            " Staying the same would be invariance, which convolution does not give.",
        ),
        Option(
            "b",
            "It moves one pixel to the right, with the same values.",
            "the same kernel meets the same edge one column further right, so the same answer"
            " appears one column further right: f(shift(x)) = shift(f(x)), equivariance.",
        ),
        Option(
            "c",
            "Its values change: the edge now meets other weights of the kernel.",
            "the kernel slides over every position with the same weights, so the edge meets"
            " the same weights, one position further right; only where it answers changes.",
        ),
        Option(
            "d",
            "It moves one pixel to the left: the kernel is read backwards.",
            "the output position is where the kernel's window sits, so the answer moves with"
            " the edge, to the right. (Flipping the kernel would change signs, not directions.)",
        ),
    ),
    expected="b",
)


# -- q7: reflection ---------------------------------------------------------------------------
MODEL_ANSWER = (
    "The feature map is not the same: it moves one pixel to the right with the line, and its"
    " values (the -2 and +2 columns) stay the same, only their position changes. The same"
    " kernel is used at every position, so the same edge gives the same response wherever it"
    " is. That is equivariance, f(shift(x)) = shift(f(x)); invariance would mean f(shift(x)) ="
    " f(x), which convolution does not give."
)

q7 = Reflection(
    name="q7",
    title="Equivariant or invariant?",
    prompt="A classmate says convolution is translation invariant: shift the image and the"
    " feature map stays the same. Explain in a sentence or two what happens to the feature"
    " map, and name the property.",
    hints=(
        "Compare the two maps of the cell above: where are the -2 and +2 columns before and"
        " after the shift? Do their values change?",
        "Look up *equivariance* and *invariance* in the glossary: which one says the output"
        " moves with the input?",
    ),
    solution_text=MODEL_ANSWER,
    model_answer=MODEL_ANSWER,
    rubric=(
        "The feature map moves with the line (one pixel to the right).",
        "Its values stay the same: the same kernel is used at every position.",
        "The property is equivariance, f(shift(x)) = shift(f(x)), not invariance.",
    ),
    contradictions=(
        Contradiction(
            r"\b(?:conv\w*|feature maps?|the maps?|it)\b[^.]*\b(?:is|are|stays?|remains?)\s+"
            r"(?:translation |shift |fully |completely |totally )?invariant\b",
            "convolution is equivariant, not invariant: its feature map moves with the input"
            " (f(shift(x)) = shift(f(x))); invariance would mean it stays where it was.",
        ),
        Contradiction(
            r"\b(?:feature maps?|the maps?|output|it)\b[^.]*\b(?:(?:stays?|remains?)\s+"
            r"(?:exactly |just )?(?:the same|unchanged|identical)|is\s+unchanged)\b|"
            r"\b(?:leaves?|keeps?)\s+(?:the |its )?(?:feature )?(?:map|output)\s+"
            r"(?:the same|unchanged)",
            "the feature map does not stay the same: its -2 and +2 columns move one column to"
            " the right with the line.",
        ),
    ),
)

EXERCISES = [q1, q2, q3, q4, q5, q6, q7]
