"""Exercises of the chapter "Invariance" (``book/05_invariance.ipynb``).

- ``q1`` (compute): the equivariance error of a convolution, circular vs zero padding.
- ``q2`` (predict, aliasing slider): max pooling's output after a one-sample shift.
- ``q3`` (predict, digit-shift slider): which shifts leave a max-pooled map's mean alone.
- ``q4`` (explain): why pooling alone does not make a CNN invariant, and what does.

Every answer comes from fixed kernels and fixed signals, never from a trained
model, so it is the same on every machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral
from typing import Any

import numpy as np

from companion import images, invariance, kernels, ops
from companion.checks import (
    Concept,
    Exercise,
    Incorrect,
    as_array,
    expect_two_numbers,
    expect_values,
    explanation,
)
from companion.demos.invariance import SHIFTS, aliasing_demo, aliasing_signal, shift_pooling_demo

__all__ = ["ALIASING_SETTING", "EXERCISES", "SHIFT", "q1", "q2", "q3", "q4"]


# -- q1: compute -----------------------------------------------------------------------------
#: q1's shift of the line image: 4 columns to the right, so half the line leaves the image.
SHIFT = (0, 4)


def _line() -> np.ndarray:
    return images.to_nhwc(images.line_image())


def _left_sobel() -> np.ndarray:
    return kernels.get_filter(kernels.kernel("left sobel"), is_color=False)


def _error(conv: str, shift_mode: str) -> float:
    weights = _left_sobel()
    if conv == "circular":
        layer = lambda x: invariance.circular_conv2d(x, weights)  # noqa: E731
    else:
        layer = lambda x: ops.conv2d(x, weights, 1, "SAME")  # noqa: E731
    return invariance.equivariance_error(layer, _line(), *SHIFT, mode=shift_mode)


def _errors() -> tuple[float, float]:
    return _error("circular", "circular"), _error("zero", "zero")


def _zero_map() -> np.ndarray:
    weights = _left_sobel()
    return invariance.equivariance_map(
        lambda x: ops.conv2d(x, weights, 1, "SAME"), _line(), *SHIFT, mode="zero"
    )


def _check_errors(answer: Any) -> str:
    circular, zero = expect_two_numbers(answer, "`errors` (circular, zero)")
    expected_circular, expected_zero = _errors()
    close = np.isclose
    if close(circular, expected_zero) and close(zero, expected_circular):
        raise Incorrect(
            f"the two numbers are swapped: `errors = (circular, zero)`, the circular one first."
            f" You gave circular {circular:g}, zero {zero:g}."
        )
    if not close(circular, expected_circular):
        if close(circular, _error("circular", "zero")):
            raise Incorrect(
                f"your circular error is {circular:g}, not 0: the convolution wrapped around,"
                ' but the shift did not. Shift circularly too (`mode="circular"`, the'
                " default of `equivariance_error`), so the line's right half comes back on the"
                " left."
            )
        raise Incorrect(
            f"expected the circular error to be {expected_circular:g}, you gave {circular:g}."
            " Use `invariance.circular_conv2d(x, filters)` as the layer and the default"
            " circular shift."
        )
    if close(zero, 0):
        raise Incorrect(
            f"with zero padding the error is not 0 for the shift {SHIFT}: half of the line"
            " leaves the image. Did you shift by 3 columns? Then the line still fits"
            " (columns 6 and 7), and 0 is right for that shift. Or did you use the circular"
            " convolution for both numbers?"
        )
    if close(zero, float(_zero_map().sum())):
        raise Incorrect(
            f"{zero:g} is the sum of the error map. The equivariance error is its largest"
            " value (`equivariance_error`, or `.max()` of `equivariance_map`)."
        )
    if not close(zero, expected_zero):
        raise Incorrect(
            f"expected the zero-padding error to be {expected_zero:g}, you gave {zero:g}. Use"
            ' `ops.conv2d(x, filters, 1, "SAME")` as the layer and `mode="zero"` for the shift.'
        )
    return (
        f"circular padding: {expected_circular:g}, exactly. Zero padding: {expected_zero:g}, all"
        " of it in column 7: the shift pushed the line's right half out of the image, so the"
        " shifted image holds a line one pixel wide and the kernel misses the edge that"
        " `shift(conv(x))` still has there (3 in the corner rows, where the kernel also"
        " overlaps the padding). Try a shift of 3: the line still fits, and the zero-padding"
        " error drops to 0. Zero padding breaks equivariance only where content meets the"
        " border."
    )


q1 = Exercise(
    name="q1",
    title="Equivariance error: circular vs zero padding",
    kind="compute",
    checker=_check_errors,
    hints=[
        "Copy section 1's cells. The layer is `lambda x: invariance.circular_conv2d(x, sobel)`"
        ' for circular padding and `lambda x: ops.conv2d(x, sobel, 1, "SAME")` for zero'
        " padding; the shift is `dy=0, dx=4`.",
        "`invariance.equivariance_error(layer, line, 0, 4)` for the circular one, and the same"
        ' with `mode="zero"` for the zero-padded one (the shift then lets zeros in instead of'
        " wrapping around).",
    ],
    solution_text=(
        "`errors = (0.0, 4.0)`. `invariance.equivariance_error(lambda x:"
        " invariance.circular_conv2d(x, sobel), line, 0, 4)` is 0.0;"
        ' `invariance.equivariance_error(lambda x: ops.conv2d(x, sobel, 1, "SAME"), line, 0, 4,'
        ' mode="zero")` is 4.0, all of it in the last column.'
    ),
    reference=_errors,
    variable="errors",
)


# -- q2: predict, then check with the aliasing slider ------------------------------------------
#: q2's setting of the aliasing demo: stride 2, the signal shifted right by one sample.
ALIASING_SETTING = {"stride": 2, "shift": 1}


def _pool(signal: np.ndarray, kind: str = "max") -> np.ndarray:
    stride = ALIASING_SETTING["stride"]
    return invariance.pool1d(signal, kind, stride, stride)


def _max_after_shift() -> np.ndarray:
    return aliasing_demo().result(**ALIASING_SETTING)["max"]


def _check_max_after_shift(answer: Any) -> str:
    given = as_array(answer, "`max_after`").ravel()
    expected = _max_after_shift()
    signal = aliasing_signal()
    moved = np.roll(signal, ALIASING_SETTING["shift"])
    before = _pool(signal)
    if given.size == 6:
        raise Incorrect(
            "six values: that is the stripes' part. Give all 12 outputs, the stripes (0-5) and"
            " the smooth bump (6-11)."
        )
    if given.size != expected.size:
        raise Incorrect(
            f"expected the {expected.size} outputs of stride-2 max pooling on the"
            f" {signal.size}-sample signal (one per window), you gave {given.size}."
        )
    if np.allclose(given, before):
        raise Incorrect(
            "that is the output before the shift: you predicted that max pooling ignores a"
            " one-sample shift. After the shift, the windows (samples 0-1, 2-3, ...) hold"
            " different pairs of samples: write the shifted signal down first."
        )
    if np.allclose(given, np.roll(before, 1)):
        raise Incorrect(
            "you moved the whole output one cell to the right. One output cell is two input"
            " samples: a one-sample shift is half a cell, and no output shift can follow it."
            " Pool the shifted signal's windows one by one."
        )
    if np.allclose(given, _pool(np.roll(signal, -ALIASING_SETTING["shift"]))):
        raise Incorrect(
            "you shifted the signal to the left. The demo's shift moves it right: the last"
            " sample (0) comes round to the front, so the signal starts 0, 1, 1, 0, 0, ..."
        )
    if np.allclose(given, _pool(moved, "avg")):
        raise Incorrect(
            "these are the windows' means: average pooling. Max pooling keeps the larger"
            " sample of each pair."
        )
    if np.allclose(given, moved[:: ALIASING_SETTING["stride"]]):
        raise Incorrect(
            "this keeps the first sample of each pair (plain subsampling); max pooling keeps"
            " the larger of the two."
        )
    expect_values(given, expected, "`max_after`", atol=1e-3)
    return (
        "the stripes' outputs turn from 1, 0, 1, 0, 1, 0 into all ones: no shift of the old"
        " output gives that (the demo's mismatch is 1.00). That is aliasing: the stripes"
        " (period 4) are too fine for a stride-2 grid. The smooth bump's outputs only move, by"
        " about half a step: detail coarser than the grid aliases little."
    )


q2 = Exercise(
    name="q2",
    title="Predict max pooling after a one-sample shift",
    kind="predict",
    checker=_check_max_after_shift,
    hints=[
        "First write down the shifted signal: `np.roll` moves every sample one place right,"
        " and the last sample (0) comes round to the front, so it starts 0, 1, 1, 0, 0, 1,"
        " 1, ... Then cut it into pairs (samples 0-1, 2-3, ...) and keep the larger of each"
        " pair.",
        "The stripes' pairs become (0, 1), (1, 0), (0, 1), ...; the bump's part of the shifted"
        " signal is 0, 0, 0.15, 0.5, 0.85, 1, 0.85, 0.5, 0.15, 0, 0, 0.",
    ],
    solution_text=(
        "`max_after = [1, 1, 1, 1, 1, 1, 0, 0.5, 1, 0.85, 0.15, 0]`. Before the shift it was"
        " `[1, 0, 1, 0, 1, 0, 0.15, 0.85, 1, 0.5, 0, 0]`. `invariance.pool1d(np.roll(signal,"
        ' 1), "max")` agrees.'
    ),
    reference=_max_after_shift,
    variable="max_after",
)


# -- q3: predict, then check with the digit-shift slider ----------------------------------------
def _max_mean_kept() -> list[int]:
    demo = shift_pooling_demo()
    return [dx for dx in SHIFTS if np.isclose(demo.result(dy=0, dx=dx)["bars"][0], 1.0)]


def _check_max_mean_kept(answer: Any) -> str:
    if isinstance(answer, Integral) and not isinstance(answer, bool):
        answer = [answer]
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (Sequence, set, np.ndarray)):
        raise Incorrect(
            "expected a list of shifts, like `[-1, 2]` (or `[]` if none); you gave"
            f" {type(answer).__name__} {answer!r}."
        )
    items = list(answer)
    if not all(isinstance(v, (Integral, np.integer)) and not isinstance(v, bool) for v in items):
        raise Incorrect(f"the shifts are whole numbers of pixels; you gave {answer!r}.")
    given = sorted({int(v) for v in items})
    expected = _max_mean_kept()
    outside = [v for v in given if v not in SHIFTS]
    if outside:
        raise Incorrect(f"the demo's shifts are {list(SHIFTS)}; {outside} is not among them.")
    if given == list(SHIFTS):
        raise Incorrect(
            "you predicted that max pooling's global average ignores every shift. Pooling"
            " with stride 2 follows only some shifts: which ones move every 2x2 window's"
            " content exactly one window along?"
        )
    if given == [0]:
        raise Incorrect(
            "not only the unshifted digit: for some shifts every 2x2 window gets the same"
            " content as before, one window further along, and the map's mean stays the same."
        )
    if given and all(v % 2 for v in given):
        raise Incorrect(
            "the other way round: an odd shift cuts the edge map into new pairs of columns."
            " Which shifts move every window's content exactly one window along?"
        )
    if given != expected:
        raise Incorrect(f"expected the shifts {expected}, you predicted {given}.")
    demo = shift_pooling_demo()
    odd = demo.result(dy=0, dx=1)["bars"][0]
    down = demo.result(dy=1, dx=0)["bars"][0]
    return (
        "even shifts move every 2x2 window's content exactly one window along, so the max-"
        "pooled map only moves and its mean stays at 1.000. Odd shifts pair the edge map's"
        f" columns differently, and the mean drops to {odd:.3f}. Try shifting down by 1"
        f" instead: the mean barely changes ({down:.3f}), because the left Sobel's edges run"
        " up and down, along that shift."
    )


q3 = Exercise(
    name="q3",
    title="Predict which shifts keep the pooled mean",
    kind="predict",
    checker=_check_max_mean_kept,
    hints=[
        "The digit sits far from the border, so the convolution and ReLU follow every shift"
        " exactly (section 1). Only the 2x2/stride-2 max pooling can change the map. Which"
        " shifts move every window's content exactly one window along (section 3)?",
        "A pooling with stride 2 follows shifts that are multiples of 2; for the others its"
        " windows cut the edge map in new places (aliasing), and the maxima change.",
    ],
    solution_text=(
        "`keeps_mean = [-2, 0, 2]`: the even shifts, multiples of the stride. For dx = -1 and 1"
        " the bar drops to about 0.84."
    ),
    reference=_max_mean_kept,
    variable="keeps_mean",
)


# -- q4: explain ----------------------------------------------------------------------------
MODEL_ANSWER = (
    "Pooling is local and strided: each window summarises a small patch, and the output"
    " follows a shift only when the shift is a multiple of the stride. For other shifts the"
    " windows cut the map in new places and the output changes (aliasing); a one-pixel shift"
    " changes an isolated feature's pooled map five times in eight. After pooling, a dense head"
    " still gives every position its own weights, so the network's answer depends on where"
    " the digit is. What helps: a position-free head (global average pooling, exactly"
    " invariant on a torus), blurring before subsampling (blur pooling) so that less aliases,"
    " and above all training on shifted images (data augmentation), which makes the network"
    " learn to ignore shifts."
)

q4 = Exercise(
    name="q4",
    title="Pooling alone is not invariance",
    kind="explain",
    checker=explanation(
        [
            Concept(
                "why pooling falls short",
                r"alias|\bstrides?\b|\bwindows?\b|multiple|\bgrid\b|boundar|\blocal\b|"
                r"dense (head|layer)|position",
                "why does a strided pooling layer not ignore a one-pixel shift (what happens to"
                " its windows, section 3), and what does a dense head do with position?",
            ),
            Concept(
                "what makes a network invariant",
                r"global (average |max )?pool|\bGAP\b|blur|anti-?alias|augment|"
                r"(train|show)\w*[^.]{0,30}shift",
                "what does help, by the chapter's measurements (a different head, a different"
                " pooling, or different training data)?",
            ),
        ],
        min_words=15,
        exercise="q4",
    ),
    hints=[
        "Two parts: first, what a stride-2 pooling does to a shift that is not a multiple of 2"
        " (sections 3 and 4), and what the dense head does after it (section 7). Second, which"
        " changes made the trained networks more consistent (sections 6 to 8).",
        "Name the mechanism (aliasing: windows cut the map in new places) and at least one"
        " remedy: global average pooling, blur pooling or shift augmentation.",
    ],
    solution_text=MODEL_ANSWER,
    reference=lambda: MODEL_ANSWER,
)

EXERCISES = [q1, q2, q3, q4]
