"""Exercises of the chapter "Pixels and RGB" (``book/01_pixels_and_rgb.ipynb``).

- ``q1`` (compute): the grey value of a pixel of the cat's eye, with luminance weights.
- ``q2`` (predict, RGB-mixer slider): the colours of three mixes of red, green and blue.
- ``q3`` (explain): why brightening a ``uint8`` photo turns its light parts dark.

None of them needs TensorFlow: the chapter reads without it until its last section.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from companion import colour, images
from companion.checks import Concept, Exercise, Incorrect, expect_number, explanation

__all__ = ["EXERCISES", "EYE_PIXEL", "MIXES", "q1", "q2", "q3"]

#: q1's pixel, (row, column) of the chapter's photo: the yellow-green of the cat's eye.
EYE_PIXEL = (135, 160)

#: q2's colours, as (red, green, blue); every value is a step of the RGB mixer's sliders.
MIXES = ((255, 255, 0), (0, 255, 255), (170, 170, 170))


def _eye_rgb() -> np.ndarray:
    return images.photo_uint8("chelsea")[EYE_PIXEL]


# -- q1: compute ---------------------------------------------------------------------------
def _eye_grey() -> float:
    return float(colour.to_grey(_eye_rgb(), "rec601"))


def _grey_with(weights: tuple[float, float, float]) -> float:
    return float(_eye_rgb().astype(float) @ np.asarray(weights))


def _check_eye_grey(answer: Any) -> str:
    red, green, blue = (int(v) for v in _eye_rgb())
    expected = _eye_grey()
    if isinstance(answer, (list, tuple, np.ndarray)) and np.size(answer) == 3:
        raise Incorrect(
            "you gave three numbers, one per channel: grey is one number, the weighted sum"
            " of the three."
        )
    given = expect_number(answer, expected, "`grey`", atol=np.inf)
    if abs(given - expected) <= 0.3:
        return (
            f"0.299 x {red} + 0.587 x {green} + 0.114 x {blue} = {expected:.1f}. The plain mean"
            f" would give {_grey_with(colour.GREY_WEIGHTS['mean']):.1f}: green, which the eye"
            " sees best, counts most."
        )
    mistakes = [
        (
            _grey_with(colour.GREY_WEIGHTS["mean"]),
            "that is the plain mean of the three channels. Luminance weights them:"
            " 0.299 for red, 0.587 for green, 0.114 for blue.",
        ),
        (
            ((red + green + blue) % 256) / 3,
            f"that is the mean computed in `uint8`, where {red} + {green} + {blue} wraps"
            " around past 255 (the pitfall of the chapter). Besides, the exercise asks for"
            " the luminance weights, not the mean.",
        ),
        (
            _grey_with(colour.GREY_WEIGHTS["rec601"][::-1]),
            "the weights are in the wrong order (blue, green, red, as OpenCV stores"
            " pixels). The photo's pixels are [red, green, blue]: 0.299 goes with red.",
        ),
        (
            _grey_with(colour.GREY_WEIGHTS["rec709"]),
            "those are the BT.709 weights (scikit-image's `rgb2gray`); the chapter's"
            " luminance uses BT.601: 0.299, 0.587, 0.114.",
        ),
        (
            expected / 3,
            "you divided by 3 after weighting. The weights already add up to 1, so the"
            " weighted sum is the grey value.",
        ),
        (
            expected / 255,
            "that is the grey value on a 0-1 scale. The exercise keeps the photo's 0-255 scale.",
        ),
        (
            float(red + green + blue),
            "that is the sum of the channels, without weights: it can exceed 255.",
        ),
    ]
    for value, message in mistakes:
        if abs(given - value) <= 0.3:
            raise Incorrect(f"{message} (You gave {given:g}; expected about {expected:.1f}.)")
    raise Incorrect(
        f"expected about {expected:.1f} for `grey`, you gave {given:g}. The pixel is"
        f" [red, green, blue] = [{red}, {green}, {blue}]."
    )


q1 = Exercise(
    name="q1",
    title="The grey value of a pixel",
    kind="compute",
    checker=_check_eye_grey,
    hints=[
        "Read the pixel's three values with `photo[135, 160]`: they are [red, green, blue]."
        " Then weight them as in the section on greyscale.",
        "grey = 0.299 x red + 0.587 x green + 0.114 x blue; `colour.to_grey(pixel)` does the same.",
    ],
    solution_text=(
        "`red, green, blue = photo[135, 160]` gives 158, 132, 57; `grey = 0.299 * red +"
        " 0.587 * green + 0.114 * blue` is 131.2 (`colour.to_grey(photo[135, 160])` agrees)."
        " The plain mean is only 115.7: the eye's yellow-green has much green, which counts"
        " most."
    ),
    reference=_eye_grey,
    variable="grey",
)


# -- q2: predict, then check with the RGB mixer ----------------------------------------------
#: What each mix is called (any of the words, as part of the learner's name for it).
_NAMES = {
    (255, 255, 0): ("yellow", "lemon"),
    (0, 255, 255): (
        "cyan",
        "aqua",
        "turquoise",
        "teal",
        "light blue",
        "sky blue",
        "blue green",
        "greenish blue",
    ),
    (170, 170, 170): ("grey", "gray", "silver"),
}

#: Typical wrong names per mix, each with the reason it is not that colour.
_WRONG = {
    (255, 255, 0): [
        (
            ("brown", "olive", "khaki", "mud"),
            "that is what red and green *paint* make. Light adds up: red light plus green"
            " light is brighter than either.",
        ),
        (("orange",), "orange needs less green than red, like (255, 170, 0)."),
    ],
    (0, 255, 255): [
        (
            ("green", "blue"),
            "both green and blue are at full strength, so you see both mixed, not one.",
        ),
    ],
    (170, 170, 170): [
        (
            ("white",),
            "white needs all three at 255; equal amounts below that give a grey.",
        ),
        (("black",), "black is all three at 0; 170 of 255 is light."),
    ],
}


def _mix_names() -> list[str]:
    return [_NAMES[mix][0] for mix in MIXES]


def _normalise(name: str) -> str:
    return re.sub(r"[\s_-]+", " ", name.strip().lower())


def _check_mix_names(answer: Any) -> str:
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
        raise Incorrect(
            'expected a list of three colour names, like `colours = ["red", "green",'
            ' "blue"]`; you gave a value of type ' + f"{type(answer).__name__}."
        )
    if len(answer) != len(MIXES):
        raise Incorrect(f"expected {len(MIXES)} colour names, one per mix, you gave {len(answer)}.")
    for mix, name in zip(MIXES, answer, strict=True):
        if not isinstance(name, str):
            raise Incorrect(f"write each colour as a name in quotes; for {mix} you gave {name!r}.")
        said = _normalise(name)
        if any(word in said for word in _NAMES[mix]):
            continue
        for words, reason in _WRONG[mix]:
            if any(re.search(rf"\b{word}\b", said) for word in words):
                raise Incorrect(f"{mix} is not {name!r}: {reason} Set the mixer to it and look.")
        raise Incorrect(
            f"for {mix} you said {name!r}; set the mixer's sliders to red {mix[0]}, green"
            f" {mix[1]}, blue {mix[2]} and look at the swatch."
        )
    return (
        "yellow, cyan and a light grey. Light mixes by adding: red and green light give"
        " yellow, green and blue give cyan, and equal amounts of all three give a grey"
        " (white only when all three are 255)."
    )


q2 = Exercise(
    name="q2",
    title="Predict a colour from its RGB values",
    kind="predict",
    checker=_check_mix_names,
    hints=[
        "A screen mixes light, not paint: each channel adds its light to the others. Red"
        " light and green light together look brighter, not darker.",
        "Full red plus full green is yellow. Full green plus full blue is the colour between"
        " them on a rainbow's edge. Three equal values, neither 0 nor 255, are a grey.",
    ],
    solution_text=(
        '`colours = ["yellow", "cyan", "grey"]`: red + green light = yellow, green + blue'
        " = cyan, and (170, 170, 170), all three equal at two thirds of full strength, is a"
        " light grey."
    ),
    reference=_mix_names,
    variable="colours",
)


# -- q3: explain ---------------------------------------------------------------------------
MODEL_ANSWER = (
    "The photo is stored as uint8, 8 bits per value, so it can only hold 0 to 255. Adding"
    " 100 to a light value such as 200 gives 300, which does not fit: numpy drops the carry"
    " and the value wraps around to 300 - 256 = 44, nearly black, without any error. To"
    " brighten safely, cast to a wider type first (int16 or float), add, then clip to 0-255"
    " and cast back: `colour.brighten(photo, 100)` does that."
)

q3 = Exercise(
    name="q3",
    title="Why brightening turns white into black",
    kind="explain",
    checker=explanation(
        [
            Concept(
                "what happens to a sum above 255",
                r"wrap|overflow|modul|% ?256|- ?256|minus 256|\b44\b",
                "what happens to 200 + 100 in `uint8`: what does it become, and why?",
            ),
            Concept(
                "the range of uint8",
                r"\b255\b|\b256\b|8[ -]?bits?|eight bits|\bbyte",
                "which values a `uint8` can hold, and why (how many bits)?",
            ),
            Concept(
                "a safe way to brighten",
                r"cast|astype|float|int16|int32|wider|larger type|bigger type|clip",
                "how to compute the brighter photo without the wrap-around (in which type,"
                " and what to do with values above 255)?",
            ),
        ],
        exercise="q3",
    ),
    hints=[
        "Try it on one value: `np.array([200], dtype=np.uint8) + 100`. What comes out, and"
        " how is it related to 300?",
        "A `uint8` has 8 bits: 0 to 255. A result of 256 or more loses its carry bit, so it"
        " becomes the result minus 256. The chapter's `int16` and `np.clip` cell shows the"
        " cure.",
    ],
    solution_text=MODEL_ANSWER,
    reference=lambda: MODEL_ANSWER,
)

EXERCISES = [q1, q2, q3]
