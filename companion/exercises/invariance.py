"""Exercises of the chapter "Invariance" (``book/05_invariance.ipynb``).

- ``q1`` (array): the equivariance error of a convolution, circular vs zero padding.
- ``q2`` (array, aliasing slider): max pooling's output after a one-sample shift.
- ``q3`` (array, a set; digit-shift slider): which shifts leave a max-pooled map's mean alone.
- ``q4`` (choice): read the trained models' stored results; which statement holds for
  every seed? Its options and answer are computed from ``book/results/invariance.json``
  (defined in :mod:`companion.exercises.invariance_results`, listed here).
- ``q5`` (reflection): why pooling alone does not make a CNN invariant, and what does.

``q1`` to ``q3`` come from fixed kernels and signals, the same on every machine.
"""

from __future__ import annotations

import numpy as np

from companion import digits, images, invariance, kernels, ops, pooling
from companion.exercises.invariance_results import STATEMENTS, option_statements, q4
from companion.exercises.reflection import Contradiction, Reflection
from companion.exercises.values import Answer, ArrayExercise

__all__ = [
    "ALIASING_SETTING",
    "EXERCISES",
    "SHIFT",
    "SHIFTS",
    "STATEMENTS",
    "option_statements",
    "pooled_mean_ratios",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
]


# -- q1: array -------------------------------------------------------------------------------
#: q1's shift of the line image: 4 columns to the right, so half the line leaves the image.
SHIFT = (0, 4)
_LINE = images.to_nhwc(images.line_image())
_SOBEL = kernels.get_filter(kernels.kernel("left sobel"), is_color=False)


def _circular(x: np.ndarray) -> np.ndarray:
    return invariance.circular_conv2d(x, _SOBEL)


def _zero(x: np.ndarray) -> np.ndarray:
    return ops.conv2d(x, _SOBEL, 1, "SAME")


CIRCULAR = invariance.equivariance_error(_circular, _LINE, *SHIFT)
ZERO = invariance.equivariance_error(_zero, _LINE, *SHIFT, mode="zero")

q1 = ArrayExercise(
    name="q1",
    title="Equivariance error: circular vs zero padding",
    prompt="Shift the 7x8 line image 4 columns to the right and compute the equivariance"
    " error of the left-Sobel convolution twice, with circular padding (and a circular"
    " shift) and with zero padding (and a zero-filled shift), as `errors = (circular, zero)`.",
    hints=(
        "Copy section 1's cells. The layer is `lambda x: invariance.circular_conv2d(x, sobel)`"
        ' for circular padding and `lambda x: ops.conv2d(x, sobel, 1, "SAME")` for zero'
        " padding; the shift is `dy=0, dx=4`.",
        "`invariance.equivariance_error(layer, line, 0, 4)` for the circular one, and the same"
        ' with `mode="zero"` for the zero-padded one (the shift then lets zeros in instead of'
        " wrapping around).",
    ),
    solution_text=(
        f"`errors = ({CIRCULAR:g}, {ZERO:g})`. `invariance.equivariance_error(lambda x:"
        f" invariance.circular_conv2d(x, sobel), line, 0, 4)` is {CIRCULAR:g};"
        ' `invariance.equivariance_error(lambda x: ops.conv2d(x, sobel, 1, "SAME"), line, 0, 4,'
        f' mode="zero")` is {ZERO:g}, all of it in the last column.'
    ),
    variable="errors",
    expected=(CIRCULAR, ZERO),
    atol=1e-6,
    labels=("the circular error (first)", "the zero-padding error (second)"),
    correct_message=(
        f"circular padding: {CIRCULAR:g}, exactly. Zero padding: {ZERO:g}, all of it in column"
        " 7: the shift pushed the line's right half out of the image, so the shifted image"
        " holds a line one pixel wide and the kernel misses the edge that `shift(conv(x))`"
        " still has there. Try a shift of 3: the line still fits, and the zero-padding error"
        " drops to 0. Zero padding breaks equivariance only where content meets the border."
    ),
    mistakes=(
        Answer(
            answer=(ZERO, CIRCULAR),
            message="the two numbers are swapped: `errors = (circular, zero)`, the circular"
            " one first.",
        ),
        Answer(
            answer=(invariance.equivariance_error(_circular, _LINE, *SHIFT, mode="zero"), ZERO),
            message="your circular error is not 0: the convolution wrapped around, but the"
            ' shift did not. Shift circularly too (`mode="circular"`, the default of'
            " `equivariance_error`), so the line's right half comes back on the left.",
        ),
        Answer(
            answer=(CIRCULAR, 0.0),
            message=f"with zero padding the error is not 0 for the shift {SHIFT}: half of the"
            " line leaves the image. Did you shift by 3 columns (then the line still fits) or"
            " use the circular convolution for both numbers?",
        ),
        Answer(
            answer=(
                CIRCULAR,
                float(invariance.equivariance_map(_zero, _LINE, *SHIFT, mode="zero").sum()),
            ),
            message="your zero-padding error is the sum of the error map. The equivariance"
            " error is its largest value (`equivariance_error`, or `.max()` of"
            " `equivariance_map`).",
        ),
    ),
)


# -- q2: array, then check with the aliasing slider -------------------------------------------
#: q2's setting of the aliasing demo: stride 2, the signal shifted right by one sample.
ALIASING_SETTING = {"stride": 2, "shift": 1}
_SIGNAL = invariance.aliasing_signal()
_STRIDE, _MOVE = ALIASING_SETTING["stride"], ALIASING_SETTING["shift"]


def _pool(signal: np.ndarray, kind: str = "max") -> np.ndarray:
    return invariance.pool1d(signal, kind, _STRIDE, _STRIDE)


MAX_BEFORE = _pool(_SIGNAL)
MAX_AFTER = _pool(np.roll(_SIGNAL, _MOVE))

q2 = ArrayExercise(
    name="q2",
    title="Predict max pooling after a one-sample shift",
    prompt="Predict the 12 outputs of max pooling (window 2, stride 2) of the aliasing demo's"
    " signal after it moves one sample to the right (circularly), as a list `max_after`.",
    hints=(
        "First write down the shifted signal: `np.roll` moves every sample one place right,"
        " and the last sample (0) comes round to the front, so it starts 0, 1, 1, 0, 0, 1,"
        " 1, ... Then cut it into pairs (samples 0-1, 2-3, ...) and keep the larger of each"
        " pair.",
        "The stripes' pairs become (0, 1), (1, 0), (0, 1), ...; the bump's part of the shifted"
        " signal is 0, 0, 0.15, 0.5, 0.85, 1, 0.85, 0.5, 0.15, 0, 0, 0.",
    ),
    solution_text=(
        f"`max_after = {[float(v) for v in MAX_AFTER]}`. Before the shift it was"
        f" `{[float(v) for v in MAX_BEFORE]}`."
        ' `invariance.pool1d(np.roll(invariance.aliasing_signal(), 1), "max")` agrees.'
    ),
    variable="max_after",
    expected=MAX_AFTER,
    atol=1e-3,
    correct_message=(
        "the stripes' outputs turn from 1, 0, 1, 0, 1, 0 into all ones: no shift of the old"
        " output gives that (the demo's mismatch is 1.00). That is aliasing: the stripes"
        " (period 4) are too fine for a stride-2 grid. The smooth bump's outputs only move, by"
        " about half a step: detail coarser than the grid aliases little."
    ),
    mistakes=(
        Answer(
            shape=(MAX_AFTER.size // 2,),
            message="six values: that is the stripes' part. Give all 12 outputs, the stripes"
            " (0-5) and the smooth bump (6-11).",
        ),
        Answer(
            answer=MAX_BEFORE,
            message="that is the output before the shift: you predicted that max pooling"
            " ignores a one-sample shift. After the shift, the windows (samples 0-1, 2-3, ...)"
            " hold different pairs of samples: write the shifted signal down first.",
        ),
        Answer(
            answer=np.roll(MAX_BEFORE, 1),
            message="you moved the whole output one cell to the right. One output cell is two"
            " input samples: a one-sample shift is half a cell, and no output shift can follow"
            " it. Pool the shifted signal's windows one by one.",
        ),
        Answer(
            answer=_pool(np.roll(_SIGNAL, -_MOVE)),
            message="you shifted the signal to the left. The demo's shift moves it right: the"
            " last sample (0) comes round to the front, so the signal starts 0, 1, 1, 0, 0, ...",
        ),
        Answer(
            answer=_pool(np.roll(_SIGNAL, _MOVE), "avg"),
            message="these are the windows' means: average pooling. Max pooling keeps the"
            " larger sample of each pair.",
        ),
        Answer(
            answer=np.roll(_SIGNAL, _MOVE)[::_STRIDE],
            message="this keeps the first sample of each pair (plain subsampling); max pooling"
            " keeps the larger of the two.",
        ),
    ),
)


# -- q3: array (a set), then check with the digit-shift slider ---------------------------------
#: The digit-shift slider's horizontal shifts, and its test digit and edge kernel.
SHIFTS = (-2, -1, 0, 1, 2)
DIGIT_INDEX, EDGE_KERNEL = 0, "left sobel"


def pooled_mean_ratios(dy: int = 0) -> np.ndarray:
    """The global mean of the max-pooled edge map of the test digit shifted by ``dy`` and each
    ``SHIFTS`` step of ``dx``, relative to the unshifted digit (the demo's bars)."""
    if dy not in SHIFTS:
        raise ValueError(f"pooled_mean_ratios: `dy` must be one of {SHIFTS}, got {dy!r}.")
    digit = digits.train_test().x_test[DIGIT_INDEX]
    shifts = [(0, 0)] + [(dy, dx) for dx in SHIFTS]  # the unshifted reference first
    return pooling.shifted_pipeline(digit, EDGE_KERNEL, shifts).mean_ratios()[1:]


_RATIOS = pooled_mean_ratios()
KEEPS_MEAN = [dx for dx, ratio in zip(SHIFTS, _RATIOS, strict=True) if np.isclose(ratio, 1.0)]
_ODD = float(_RATIOS[SHIFTS.index(1)])
_DOWN = float(pooled_mean_ratios(dy=1)[SHIFTS.index(0)])

q3 = ArrayExercise(
    name="q3",
    title="Predict which shifts keep the pooled mean",
    prompt="For which horizontal shifts dx (from -2 to 2, dy = 0) does the global average of"
    " the max-pooled map stay at exactly 1.000? Answer with a list `keeps_mean`.",
    hints=(
        "The digit sits far from the border, so the convolution and ReLU follow every shift"
        " exactly (section 1). Only the 2x2/stride-2 max pooling can change the map. Which"
        " shifts move every window's content exactly one window along (section 3)?",
        "A pooling with stride 2 follows shifts that are multiples of 2; for the others its"
        " windows cut the edge map in new places (aliasing), and the maxima change.",
    ),
    solution_text=(
        f"`keeps_mean = {KEEPS_MEAN}`: the even shifts, multiples of the stride (0 is the"
        f" unshifted digit). For dx = -1 and 1 the bar drops to about {_ODD:.2f}."
    ),
    variable="keeps_mean",
    expected=KEEPS_MEAN,
    ordered=False,
    value_range=(min(SHIFTS), max(SHIFTS)),
    correct_message=(
        "even shifts move every 2x2 window's content exactly one window along, so the max-"
        "pooled map only moves and its mean stays at 1.000. Odd shifts pair the edge map's"
        f" columns differently, and the mean drops to {_ODD:.3f}. Try shifting down by 1"
        f" instead: the mean barely changes ({_DOWN:.3f}), because the left Sobel's edges run"
        " up and down, along that shift."
    ),
    accept=(
        Answer(
            answer=[v for v in KEEPS_MEAN if v != 0],
            message=f"the shifts that keep it are {[v for v in KEEPS_MEAN if v != 0]}, and the"
            " unshifted digit (dx = 0) keeps it too, trivially. Even shifts move every 2x2"
            " window's content exactly one window along, so the max-pooled map only moves;"
            f" odd shifts pair the columns differently, and the mean drops to {_ODD:.3f}.",
        ),
    ),
    mistakes=(
        Answer(
            answer=list(SHIFTS),
            message="you predicted that max pooling's global average ignores every shift."
            " Pooling with stride 2 follows only some shifts: which ones move every 2x2"
            " window's content exactly one window along?",
        ),
        Answer(
            answer=[0],
            message="not only the unshifted digit: for some shifts every 2x2 window gets the"
            " same content as before, one window further along, and the map's mean stays the"
            " same.",
        ),
        Answer(
            answer=[-1, 1],
            message="the other way round: an odd shift cuts the edge map into new pairs of"
            " columns. Which shifts move every window's content exactly one window along?",
        ),
        Answer(
            answer=[-1, 0, 1],
            message="a one-pixel shift is half a pooling window: it cuts the edge map into new"
            " pairs of columns. Which shifts move every window's content exactly one window"
            " along?",
        ),
    ),
)


# -- q5: reflection ----------------------------------------------------------------------------
MODEL_ANSWER = (
    "Pooling is local and strided: it tolerates a shift of a pixel or two (with a dense head,"
    " max pooling changed its answer less often than no pooling, for every seed), but its output"
    " follows a shift only when the shift is a multiple of the stride. For other shifts the"
    " windows cut the map in new places and the output changes (aliasing), and a dense head"
    " after pooling still gives every position its own weights: the max-pooled dense-head"
    " CNN was no more consistent than an MLP. What helped, as measured: a position-free head"
    " (global average pooling, +0.3 consistency), blur pooling (fewer changes of the answer),"
    " and above all training on shifted images (augmentation, +0.7 consistency)."
)

q5 = Reflection(
    name="q5",
    title="Pooling alone is not invariance",
    prompt="A classmate quotes the article: translation invariance is a result of the pooling"
    " operation. Explain in two or three sentences why pooling alone does not make a CNN"
    " invariant, and what does, with this chapter's measurements.",
    hints=(
        "Two parts: first, what a stride-2 pooling does to a shift that is not a multiple of 2"
        " (sections 3 and 4), and what the dense head does after it (section 7). Second, which"
        " changes made the trained networks more consistent (sections 6 to 8).",
        "Name the mechanism (aliasing: windows cut the map in new places) and at least one"
        " remedy: global average pooling, blur pooling or shift augmentation.",
    ),
    solution_text=MODEL_ANSWER,
    model_answer=MODEL_ANSWER,
    rubric=(
        "Strided pooling follows only shifts that are multiples of its stride; other shifts"
        " change its output (aliasing).",
        "A dense head after pooling still gives each position its own weights.",
        "Pooling does buy a little tolerance to shifts of a pixel or two, not invariance.",
        "What helps, as measured: a global-average-pooling head, blur pooling, and above all"
        " training on shifted images (augmentation).",
    ),
    contradictions=(
        Contradiction(
            r"(?<!global average )(?<!global max )(?<!blur )(?<!blur-)\bpool\w*\b[^.]*\b"
            r"(?:makes?|made|gives?|renders?|is|are)\b[^.]*?\b(?:fully |completely |perfectly |"
            r"totally |truly )?(?:translation[- ]|shift[- ])?invariant\b",
            "pooling alone does not make the network invariant: a strided pooling follows only"
            " shifts that are multiples of its stride, and the chapter's pooled networks"
            " changed their answer under one-pixel shifts.",
        ),
        Contradiction(
            r"\b(?:gap|global average pooling|blur[- ]?pool\w*|anti-?alias\w*|augment\w*)\b"
            r"[^.]*\b(?:(?:is|are)\s+(?:not\s+(?:needed|necessary|required|useful)|unnecessary|"
            r"useless|pointless|redundant)|(?:do|does)\s*(?:n't|not)\s+(?:help|matter))",
            "the chapter measured the opposite: a GAP head, blur pooling and above all shift"
            " augmentation made the networks clearly more consistent than pooling alone.",
            negated=True,
        ),
        Contradiction(
            r"\bdense (?:head|layers?)\b[^.]*\b(?:is|are)\s+(?:translation[- ]|shift[- ])?"
            r"invariant\b",
            "a dense head gives every position its own weights, so it is not invariant: moving"
            " the digit changes which weights see it.",
        ),
    ),
)

EXERCISES = [q1, q2, q3, q4, q5]
