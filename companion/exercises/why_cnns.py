"""Exercises of the chapter "Why CNNs" (``book/02_why_cnns.ipynb``).

- ``q1`` (compute): the parameters of a dense layer and of a convolution on the digit canvas.
- ``q2`` (predict, shift slider): pixel and pooled similarity at a 3-pixel shift.
- ``q3`` (explain): why a flip is not a shift, and what an edge kernel does with it.
"""

from __future__ import annotations

from typing import Any

from companion import parameters, shifts
from companion.checks import (
    Concept,
    Exercise,
    Incorrect,
    expect_pair,
    expect_two_numbers,
    explanation,
)

__all__ = ["CANVAS", "EXERCISES", "LAYERS", "SHIFT", "q1", "q2", "q3"]

#: The chapter's digit canvas: 32x32 pixels, one (grey) channel.
CANVAS = (32, 32, 1)

#: q1's two layers: a dense layer's units, a convolution's filters and kernel size.
LAYERS = {"units": 64, "filters": 64, "kernel": 5}

#: q2's shift, in pixels to the right (one of the shift slider's steps).
SHIFT = 3

#: How close a predicted pixel similarity must come to the measured one.
TOLERANCE = 0.1


# -- q1: compute ---------------------------------------------------------------------------
def _counts(channels: int = 1, bias: bool = True, kernel: int | None = None) -> tuple[int, int]:
    height, width, _ = CANVAS
    kernel = LAYERS["kernel"] if kernel is None else kernel
    return (
        parameters.dense_parameters((height, width, channels), LAYERS["units"], bias=bias),
        parameters.conv_parameters(kernel, channels, LAYERS["filters"], bias=bias),
    )


def _per_position(conv: int) -> set[int]:
    """A convolution's count wrongly multiplied by its positions (SAME or VALID, with or
    without the biases)."""
    height, width, _ = CANVAS
    valid = (height - LAYERS["kernel"] + 1) * (width - LAYERS["kernel"] + 1)
    weights = conv - LAYERS["filters"]
    return {n * positions for n in (conv, weights) for positions in (height * width, valid)}


def _check_counts(answer: Any) -> str:
    dense, conv = expect_pair(answer, "`counts`", example="(1000, 100)", counts="weights")
    expected_dense, expected_conv = _counts()
    if (dense, conv) == (expected_conv, expected_dense):
        raise Incorrect("right numbers, swapped: `counts = (dense, conv)`, the dense layer first.")
    if (dense, conv) == _counts(channels=3):
        raise Incorrect(
            "you counted 3 input channels. The digit canvas is greyscale: one channel, so"
            " each input position holds one value."
        )
    height, width, _ = CANVAS
    notes = []
    if dense != expected_dense:
        if dense == _counts(bias=False)[0]:
            notes.append(
                f"the dense layer: {dense:,} counts the weights only; each of its"
                f" {LAYERS['units']} units also has a bias."
            )
        else:
            notes.append(
                f"the dense layer: expected {expected_dense:,}, you gave {dense:,}. Each unit"
                f" has one weight per pixel ({height} x {width}) and one bias."
            )
    if conv != expected_conv:
        if conv == _counts(bias=False)[1]:
            notes.append(
                f"the convolution: {conv:,} counts the weights only; each of its"
                f" {LAYERS['filters']} filters also has a bias."
            )
        elif conv == _counts(kernel=3)[1]:
            notes.append("the convolution: that is for 3x3 kernels; these are 5x5.")
        elif conv in _per_position(expected_conv):
            notes.append(
                "the convolution: you multiplied by the number of positions. The same kernel"
                " is used at every position (weight sharing), so the image size does not count."
            )
        else:
            notes.append(
                f"the convolution: expected {expected_conv:,}, you gave {conv:,}. Each filter"
                f" has {LAYERS['kernel']} x {LAYERS['kernel']} weights per input channel and"
                " one bias."
            )
    if notes:
        raise Incorrect(" ".join(note[0].upper() + note[1:] for note in notes))
    return (
        f"{expected_dense:,} against {expected_conv:,}: about {expected_dense // expected_conv}"
        " times fewer for the convolution, and its count would stay the same on a larger"
        " canvas, while the dense layer's grows with every pixel."
    )


q1 = Exercise(
    name="q1",
    title="Count the weights",
    kind="compute",
    checker=_check_counts,
    hints=[
        "The canvas is 32x32 with one channel. A dense unit has one weight per input value"
        " plus a bias; a convolution filter has one weight per kernel entry and input channel"
        " plus a bias.",
        "dense = 32 x 32 x 1 x 64 + 64; conv = 5 x 5 x 1 x 64 + 64."
        " `parameters.dense_parameters` and `parameters.conv_parameters` agree.",
    ],
    solution_text=(
        "`counts = (65_600, 1_664)`: the dense layer has 32 x 32 x 1 x 64 = 65,536 weights"
        " plus 64 biases; the convolution 5 x 5 x 1 x 64 = 1,600 weights plus 64 biases."
        " `parameters.dense_parameters((32, 32, 1), units=64)` and"
        " `parameters.conv_parameters(5, in_channels=1, filters=64)` agree."
    ),
    reference=lambda: _counts(),
    variable="counts",
)


# -- q2: predict, then check with the shift slider -------------------------------------------
def _measured() -> tuple[float, float]:
    report = shifts.shift_report(shifts.digit_on_canvas(), SHIFT)
    return round(report.pixel_similarity, 2), round(report.pooled_similarity, 2)


def _check_similarities(answer: Any) -> str:
    pixels, pooled = expect_two_numbers(
        answer, "`similarities` (pixels, pooled)", example="(0.5, 0.5)"
    )
    expected_pixels, expected_pooled = _measured()
    if max(pixels, pooled) > 1.0001 or min(pixels, pooled) < 0:
        raise Incorrect(
            "these similarities run from 0 (nothing in common) to 1 (the same picture);"
            f" you gave {pixels:g} and {pooled:g}. Write 62% as 0.62."
        )
    if abs(pooled - expected_pixels) <= TOLERANCE and abs(pixels - expected_pooled) < 0.01:
        raise Incorrect("swapped: the pixel similarity comes first, then the pooled one.")
    notes = []
    if abs(pixels - expected_pixels) > TOLERANCE:
        if pixels > expected_pixels:
            notes.append(
                f"the pixel similarity is lower than {pixels:g}: at 2 px it was already 0.79,"
                " and a larger shift overlaps less."
            )
        else:
            notes.append(
                f"the pixel similarity is higher than {pixels:g}: at 4 px it was still 0.46,"
                " and a smaller shift overlaps more."
            )
    if abs(pooled - expected_pooled) > 0.01:
        notes.append(
            f"the pooled similarity is not {pooled:g}: at {SHIFT} px the digit is still well"
            " inside the canvas, so every edge is still found, with the same strength."
        )
    if notes:
        raise Incorrect(
            " Also, ".join(notes) + f" Move the demo's slider to {SHIFT} px and read the caption."
        )
    return (
        f"the slider says pixels {expected_pixels:.2f}, pooled {expected_pooled:.2f}. Three"
        " pixels to the right and a third of the pixel comparison is gone, while the pooled"
        " edge features have not changed at all."
    )


q2 = Exercise(
    name="q2",
    title="Predict the similarities at a 3-pixel shift",
    kind="predict",
    checker=_check_similarities,
    hints=[
        "The chapter measured the pixel similarity at 2 px (0.79) and at 4 px (0.46). Where"
        " between them would 3 px fall?",
        "For the pooled similarity: does a 3-pixel shift move any stroke of the seven out of"
        " the 32x32 canvas? If not, global max pooling finds every edge with the same"
        " strength.",
    ],
    solution_text=(
        "`similarities = (0.62, 1.0)`: the pixel similarity falls between 0.79 (2 px) and"
        " 0.46 (4 px), to 0.62; the pooled similarity stays 1.00, because the feature maps"
        " move with the digit and their maxima do not change while it stays inside the canvas."
    ),
    reference=_measured,
    variable="similarities",
)


# -- q3: explain ---------------------------------------------------------------------------
MODEL_ANSWER = (
    "A shift moves every pixel by the same amount, in the same direction; a flip mirrors the"
    " image, moving pixels near the middle a little and those at the edges a lot, so no shift"
    " can turn the seven into its mirror image (the best shift only reaches a similarity of"
    " 0.67). The vertical-edge kernel [[1, -1], [1, -1]] answers +2 on the step's edge and -2"
    " on the mirrored one: the sign changes, and after ReLU nothing is left. A CNN that should"
    " ignore flips has to learn it, by training on flipped copies (data augmentation)."
)

q3 = Exercise(
    name="q3",
    title="A flip is not a shift",
    kind="explain",
    checker=explanation(
        [
            Concept(
                "why no shift gives a flip",
                r"same (amount|distance|way|direction)|every pixel|each pixel|all pixels"
                r"|different amount|no shift|0\.67",
                "how far does each pixel move in a shift, and in a flip? Can any shift turn"
                " the seven into its mirror image?",
            ),
            Concept(
                "what the edge kernel answers",
                r"\bsign|negativ|opposite|-2|−2|\bminus|relu|invert",
                "what does the vertical-edge kernel `[[1, -1], [1, -1]]` answer on the"
                " mirrored step, and what is left after ReLU?",
            ),
            Concept(
                "where flip tolerance comes from",
                r"augment|train|learn|example",
                "if a network should treat a flipped image as the same, where does it get"
                " that from?",
            ),
        ],
        exercise="q3",
    ),
    hints=[
        "Compare how far a pixel at the left edge, one in the middle and one at the right"
        " edge move, first in a shift by 3 pixels, then in a left-right flip.",
        "Re-read the cell with the step and the mirrored step: which sign does the vertical"
        " kernel give on each edge, and what does ReLU keep? Then: what makes a trained"
        " network ignore flips, if not its convolutions?",
    ],
    solution_text=MODEL_ANSWER,
    reference=lambda: MODEL_ANSWER,
)

EXERCISES = [q1, q2, q3]
