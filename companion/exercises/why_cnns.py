"""Exercises of the chapter "Why CNNs" (``book/02_why_cnns.ipynb``).

- ``q1`` (array): the parameters of a dense layer and of a convolution on the digit canvas.
- ``q2`` (number, shift slider): the pixel similarity at a 3-pixel shift.
- ``q3`` (choice, shift slider): what the same shift does to the pooled similarity.
- ``q4`` (reflection): why a flip is not a shift, and what an edge kernel does with it.
"""

from __future__ import annotations

from companion import parameters, shifts
from companion.exercises.reflection import Contradiction, Reflection
from companion.exercises.values import Answer, ArrayExercise, ChoiceExercise, NumberExercise, Option

__all__ = ["CANVAS", "EXERCISES", "LAYERS", "SHIFT", "q1", "q2", "q3", "q4"]

#: The chapter's digit canvas: 32x32 pixels, one (grey) channel.
CANVAS = (32, 32, 1)

#: q1's two layers: a dense layer's units, a convolution's filters and kernel size.
LAYERS = {"units": 64, "filters": 64, "kernel": 5}

#: q2's shift, in pixels to the right (one of the shift slider's steps), and its neighbours,
#: whose similarities the chapter prints.
SHIFT = 3


# -- q1: array ----------------------------------------------------------------------------
def _counts(channels: int = 1, bias: bool = True, kernel: int | None = None) -> tuple[int, int]:
    height, width, _ = CANVAS
    kernel = LAYERS["kernel"] if kernel is None else kernel
    return (
        parameters.dense_parameters((height, width, channels), LAYERS["units"], bias=bias),
        parameters.conv_parameters(kernel, channels, LAYERS["filters"], bias=bias),
    )


DENSE, CONV = _counts()
DENSE_WEIGHTS, CONV_WEIGHTS = _counts(bias=False)
_HEIGHT, _WIDTH, _ = CANVAS
_VALID = (_HEIGHT - LAYERS["kernel"] + 1) * (_WIDTH - LAYERS["kernel"] + 1)
_SHARING = (
    "you multiplied by the number of positions. The same kernel is used at every position"
    " (weight sharing), so the image size does not count."
)

q1 = ArrayExercise(
    name="q1",
    title="Count the weights",
    prompt="Count the parameters (weights and biases) of a dense layer with 64 units and of a"
    " convolution with 64 filters of 5x5 on the 32x32 greyscale canvas, as"
    " `counts = (dense, conv)`.",
    hints=(
        "The canvas is 32x32 with one channel. A dense unit has one weight per input value"
        " plus a bias; a convolution filter has one weight per kernel entry and input channel"
        " plus a bias.",
        "dense = 32 x 32 x 1 x 64 + 64; conv = 5 x 5 x 1 x 64 + 64."
        " `parameters.dense_parameters` and `parameters.conv_parameters` agree.",
    ),
    solution_text=(
        f"`counts = ({DENSE:_}, {CONV:_})`: the dense layer has 32 x 32 x 1 x 64 ="
        f" {DENSE_WEIGHTS:,} weights plus 64 biases; the convolution 5 x 5 x 1 x 64 ="
        f" {CONV_WEIGHTS:,} weights plus 64 biases."
        " `parameters.dense_parameters((32, 32, 1), units=64)` and"
        " `parameters.conv_parameters(5, in_channels=1, filters=64)` agree."
    ),
    variable="counts",
    expected=(DENSE, CONV),
    labels=("the dense layer's count (first)", "the convolution's count (second)"),
    correct_message=(
        f"{DENSE:,} against {CONV:,}: about {DENSE // CONV} times fewer for the convolution,"
        " and its count would stay the same on a larger canvas, while the dense layer's grows"
        " with every pixel."
    ),
    mistakes=(
        Answer(
            answer=(CONV, DENSE),
            message="right numbers, swapped: `counts = (dense, conv)`, the dense layer first.",
        ),
        Answer(
            answer=(DENSE_WEIGHTS, CONV_WEIGHTS),
            message="you counted the weights only: each of the 64 units and each of the 64"
            " filters also has a bias.",
        ),
        Answer(
            answer=(DENSE_WEIGHTS, CONV),
            message="the dense layer's count has the weights only: each of its 64 units also"
            " has a bias.",
        ),
        Answer(
            answer=(DENSE, CONV_WEIGHTS),
            message="the convolution's count has the weights only: each of its 64 filters"
            " also has a bias.",
        ),
        Answer(
            answer=_counts(channels=3),
            message="you counted 3 input channels. The digit canvas is greyscale: one channel,"
            " so each input position holds one value.",
        ),
        Answer(
            answer=(DENSE, _counts(kernel=3)[1]),
            message="the convolution's count is for 3x3 kernels; these are 5x5.",
        ),
        *(
            Answer(answer=(DENSE, count * positions), message=_SHARING)
            for count in (CONV, CONV_WEIGHTS)
            for positions in (_HEIGHT * _WIDTH, _VALID)
        ),
    ),
)


# -- q2: number, then check with the shift slider -----------------------------------------
def _pixel_similarity(dx: int) -> float:
    return shifts.shift_report(shifts.digit_on_canvas(), dx).pixel_similarity


PIXELS, BEFORE, AFTER = (_pixel_similarity(dx) for dx in (SHIFT, SHIFT - 1, SHIFT + 1))

#: How close a prediction must come: half the step to the neighbouring shifts' values, so
#: an answer is right exactly when it is closer to this shift's similarity than to theirs.
TOLERANCE = min(abs(PIXELS - BEFORE), abs(PIXELS - AFTER)) / 2

q2 = NumberExercise(
    name="q2",
    title="Predict the pixel similarity at a 3-pixel shift",
    prompt=f"Predict the pixel similarity of the seven and its copy shifted {SHIFT} px to the"
    f" right, as one number `pixels` from 0 to 1 (within {TOLERANCE:.2f}).",
    hints=(
        f"The chapter measured the pixel similarity at {SHIFT - 1} px ({BEFORE:.2f}) and at"
        f" {SHIFT + 1} px ({AFTER:.2f}). A larger shift overlaps less: where would"
        f" {SHIFT} px fall?",
        "Each extra pixel of shift takes away about the same share of the overlap here.",
    ),
    solution_text=(
        f"`pixels = {PIXELS:.2f}`: `shifts.shift_report(digit, dx={SHIFT}).pixel_similarity`."
        f" It falls between {BEFORE:.2f} ({SHIFT - 1} px) and {AFTER:.2f} ({SHIFT + 1} px)."
    ),
    variable="pixels",
    expected=PIXELS,
    atol=TOLERANCE,
    value_range=(0.0, 1.0),
    correct_message=(
        f"the slider says {PIXELS:.2f}: {SHIFT} pixels to the right and over a third of the"
        " pixel comparison is gone, although the seven has not changed at all."
    ),
    mistakes=(
        Answer(
            answer=1.0,
            message="the pixels do change: a dense layer compares pixel by pixel, and after a"
            " shift the seven's strokes sit on other pixels.",
        ),
        Answer(
            answer=BEFORE,
            message=f"that is the similarity at {SHIFT - 1} px; {SHIFT} px overlaps less.",
        ),
        Answer(
            answer=AFTER,
            message=f"that is the similarity at {SHIFT + 1} px; {SHIFT} px still overlaps more.",
        ),
    ),
)


# -- q3: choice, then check with the shift slider -------------------------------------------
POOLED = shifts.shift_report(shifts.digit_on_canvas(), SHIFT).pooled_similarity

q3 = ChoiceExercise(
    name="q3",
    title="Predict the pooled similarity at a 3-pixel shift",
    prompt=f"After the same {SHIFT}-pixel shift, what happens to the similarity of the globally"
    ' max-pooled edge features? Choose one, as `pooled = "a"` (or b, c, d).',
    hints=(
        "Global max pooling keeps one number per edge kernel: the largest answer anywhere"
        " in its feature map. Does it matter *where* that answer is?",
        f"Does a {SHIFT}-pixel shift move any stroke of the seven out of the 32x32 canvas?"
        " If not, every edge is found, with the same strength.",
    ),
    solution_text=(
        f'`pooled = "b"`: the slider says {POOLED:.2f}. The feature maps move with the digit,'
        " and their maxima do not change while it stays inside the canvas."
    ),
    variable="pooled",
    options=(
        Option(
            "a",
            "It drops about as much as the pixel similarity: the seven moved by the same pixels.",
            "the pixels moved, but the pooled features are the feature maps' maxima, wherever"
            " they are: while the digit stays inside the canvas, every edge gives the same"
            " maximum.",
        ),
        Option(
            "b",
            "It stays at 1.00: every edge is still found, with the same strength, elsewhere.",
            f"the slider says {POOLED:.2f}. The feature maps move with the digit (equivariance)"
            " and global max pooling forgets where their maxima are, so the pooled features"
            " do not change while the digit stays inside the canvas.",
        ),
        Option(
            "c",
            "It drops a little, to about 0.9: pooling is only approximately invariant.",
            "that is true of small pooling windows with a stride (chapter Pooling types), but"
            " this is *global* max pooling over the whole map: it finds the same maxima after"
            " any shift that keeps the digit inside the canvas.",
        ),
        Option(
            "d",
            "It rises above 1: the shifted seven matches the kernels better.",
            "a cosine similarity is at most 1 (the same direction); and the kernels meet the"
            " same strokes as before, only elsewhere.",
        ),
    ),
    expected="b",
)


# -- q4: reflection -------------------------------------------------------------------------
MODEL_ANSWER = (
    "A shift moves every pixel by the same amount, in the same direction; a flip mirrors the"
    " image, moving pixels near the middle a little and those at the edges a lot, so no shift"
    " can turn the seven into its mirror image (the best shift only reaches a similarity of"
    " 0.67). The vertical-edge kernel [[1, -1], [1, -1]] answers +2 on the step's edge and -2"
    " on the mirrored one: the sign changes, and after ReLU nothing is left. A CNN that should"
    " ignore flips has to learn it, by training on flipped copies (data augmentation)."
)

q4 = Reflection(
    name="q4",
    title="A flip is not a shift",
    prompt="A classmate says a flip only moves pixels around, like a shift, so a CNN handles a"
    " flipped seven as it handles a shifted one. Explain why a flip is not a shift, what the"
    " vertical-edge kernel answers on a mirrored edge, and where tolerance to flips comes from.",
    hints=(
        "Compare how far a pixel at the left edge, one in the middle and one at the right"
        " edge move, first in a shift by 3 pixels, then in a left-right flip.",
        "Re-read the cell with the step and the mirrored step: which sign does the vertical"
        " kernel give on each edge, and what does ReLU keep? Then: what makes a trained"
        " network ignore flips, if not its convolutions?",
    ),
    solution_text=MODEL_ANSWER,
    model_answer=MODEL_ANSWER,
    rubric=(
        "A shift moves every pixel by the same amount; a flip moves them by different amounts,"
        " so no shift gives the mirror image.",
        "The vertical-edge kernel answers with the opposite sign on the mirrored edge (+2"
        " becomes -2), and ReLU removes it.",
        "Tolerance to flips is learnt, by training on flipped copies (data augmentation).",
    ),
    contradictions=(
        Contradiction(
            r"\b(?:a |the )?(?:flip|mirror(?:ing)?)s? (?:is|are) (?:just |simply |really |"
            r"basically |also )?(?:a |like a |kind of |a kind of )*(?:shift|translation)",
            "a flip is not a shift: a shift moves every pixel by the same amount, a flip moves"
            " them by different amounts (those at the edges most).",
        ),
        Contradiction(
            r"\b(?:conv\w*|cnns?|networks?|kernels?)\b[^.]*\b(?:invariant|equivariant)\s+to\s+"
            r"(?:a\s+|the\s+)?(?:flip|mirror)",
            "convolution is equivariant to shifts, not to flips: a mirrored edge gets the"
            " opposite sign from the same kernel.",
        ),
        Contradiction(
            r"(?:flip|mirror)\w*[^.]*\b(?:same|identical)\s+(?:answer|response|value|output|"
            r"sign)|\b(?:same|identical)\s+(?:answer|response|value|output|sign)[^.]*(?:flip|mirror)",
            "on the mirrored edge the vertical-edge kernel answers with the opposite sign"
            " (+2 becomes -2), and ReLU removes it.",
        ),
    ),
)

EXERCISES = [q1, q2, q3, q4]
