"""Exercises of the chapter "Pixels and RGB" (``book/01_pixels_and_rgb.ipynb``).

- ``q1`` (number): the grey value of a pixel of the cat's eye, with luminance weights.
- ``q2`` (names, RGB-mixer slider): the colours of three mixes of red, green and blue.
- ``q3`` (number): predict ``200 + 100`` in ``uint8``.
- ``q4`` (reflection): why brightening a ``uint8`` photo turns its light parts dark.

None of them needs TensorFlow: the chapter reads without it until its last section.
"""

from __future__ import annotations

import numpy as np

from companion import colour, images
from companion.exercises.names import NameItem, NameMistake, NamesExercise
from companion.exercises.reflection import Contradiction, Reflection
from companion.exercises.values import Answer, NumberExercise

__all__ = ["EXERCISES", "EYE_PIXEL", "MIXES", "q1", "q2", "q3", "q4"]

#: q1's pixel, (row, column) of the chapter's photo: the yellow-green of the cat's eye.
EYE_PIXEL = (135, 160)

#: q2's colours, as (red, green, blue); every value is a step of the RGB mixer's sliders.
MIXES = ((255, 255, 0), (0, 255, 255), (170, 170, 170))

#: q3's sum, in uint8: a light value and the amount added to it.
LIGHT, AMOUNT = 200, 100


# -- q1: number ----------------------------------------------------------------------------
def _eye_rgb() -> np.ndarray:
    return images.photo_uint8("chelsea")[EYE_PIXEL].astype(float)


def _grey_with(weights: tuple[float, float, float]) -> float:
    return float(_eye_rgb() @ np.asarray(weights))


RED, GREEN, BLUE = (int(v) for v in _eye_rgb())
GREY = float(colour.to_grey(_eye_rgb(), "rec601"))

q1 = NumberExercise(
    name="q1",
    title="The grey value of a pixel",
    prompt="Compute the grey value of the cat's eye pixel (row 135, column 160) with the"
    " luminance weights, on the 0-255 scale, as one number `grey`.",
    hints=(
        "Read the pixel's three values with `photo[135, 160]`: they are [red, green, blue]."
        " Then weight them as in the section on greyscale.",
        "grey = 0.299 x red + 0.587 x green + 0.114 x blue; `colour.to_grey(pixel)` does the same.",
    ),
    solution_text=(
        f"`red, green, blue = photo[135, 160]` gives {RED}, {GREEN}, {BLUE}; `grey = 0.299 *"
        f" red + 0.587 * green + 0.114 * blue` is {GREY:.1f} (`colour.to_grey(photo[135, 160])`"
        f" agrees). The plain mean is only {_grey_with(colour.GREY_WEIGHTS['mean']):.1f}: the"
        " eye's yellow-green has much green, which counts most."
    ),
    variable="grey",
    expected=GREY,
    atol=0.5,
    correct_message=(
        f"0.299 x {RED} + 0.587 x {GREEN} + 0.114 x {BLUE} = {GREY:.1f}. The plain mean would"
        f" give {_grey_with(colour.GREY_WEIGHTS['mean']):.1f}: green, which the eye sees best,"
        " counts most."
    ),
    accept=(
        Answer(
            answer=_grey_with(colour.GREY_WEIGHTS["rec709"]),
            message=(
                "those are the BT.709 weights (0.2125, 0.7154, 0.0721; scikit-image's `rgb2gray`),"
                " made for today's sRGB screens and arguably the better choice for this photo."
                f" The chapter uses BT.601's 0.299, 0.587, 0.114, which give {GREY:.1f}: either"
                " way green counts most."
            ),
        ),
    ),
    mistakes=(
        Answer(
            answer=_grey_with(colour.GREY_WEIGHTS["mean"]),
            message="that is the plain mean of the three channels. Luminance weights them:"
            " 0.299 for red, 0.587 for green, 0.114 for blue.",
        ),
        Answer(
            answer=((RED + GREEN + BLUE) % 256) / 3,
            message=f"that is the mean computed in `uint8`, where {RED} + {GREEN} + {BLUE}"
            " wraps around past 255 (the pitfall of the chapter). Besides, the exercise asks"
            " for the luminance weights, not the mean.",
        ),
        Answer(
            answer=_grey_with(colour.GREY_WEIGHTS["rec601"][::-1]),
            message="the weights are in the wrong order (blue, green, red, as OpenCV stores"
            " pixels). The photo's pixels are [red, green, blue]: 0.299 goes with red.",
        ),
        Answer(
            answer=GREY / 3,
            message="you divided by 3 after weighting. The weights already add up to 1, so the"
            " weighted sum is the grey value.",
        ),
        Answer(
            answer=GREY / 255,
            message="that is the grey value on a 0-1 scale. The exercise keeps the photo's"
            " 0-255 scale.",
        ),
        Answer(
            answer=float(RED + GREEN + BLUE),
            message="that is the sum of the channels, without weights: it can exceed 255.",
        ),
        Answer(
            shape=(3,),
            message="you gave three numbers, one per channel: grey is one number, the weighted"
            " sum of the three.",
        ),
    ),
)


# -- q2: names, then check with the RGB mixer ----------------------------------------------
_PAINT = NameMistake(
    ("brown", "olive", "khaki", "mud", "muddy"),
    "that is what red and green *paint* make. Light adds up: red light plus green light is"
    " brighter than either.",
)

q2 = NamesExercise(
    name="q2",
    title="Predict a colour from its RGB values",
    prompt="Predict the colour of each mix of (red, green, blue): (255, 255, 0), (0, 255, 255)"
    " and (170, 170, 170), as a list of three colour names `colours`.",
    hints=(
        "A screen mixes light, not paint: each channel adds its light to the others. Red"
        " light and green light together look brighter, not darker.",
        "Full red plus full green is yellow. Full green plus full blue is the colour between"
        " them on a rainbow's edge. Three equal values, neither 0 nor 255, are a grey.",
    ),
    solution_text=(
        '`colours = ["yellow", "cyan", "grey"]`: red + green light = yellow, green + blue'
        " = cyan, and (170, 170, 170), all three equal at two thirds of full strength, is a"
        " light grey."
    ),
    variable="colours",
    items=(
        NameItem(
            "(255, 255, 0)",
            "yellow",
            accept=("bright yellow", "lemon", "lemon yellow", "pure yellow"),
            mistakes=(
                _PAINT,
                NameMistake(("orange",), "orange needs less green than red, like (255, 170, 0)."),
                NameMistake(
                    ("white",), "white needs blue too: all three channels at full strength."
                ),
            ),
        ),
        NameItem(
            "(0, 255, 255)",
            "cyan",
            accept=(
                "aqua",
                "aquamarine",
                "turquoise",
                "light blue",
                "sky blue",
                "blue green",
                "greenish blue",
                "bright cyan",
            ),
            mistakes=(
                NameMistake(
                    ("teal",),
                    "teal is a dark cyan, about (0, 128, 128); here green and blue are both at"
                    " full strength.",
                ),
                NameMistake(
                    ("green", "blue"),
                    "both green and blue are at full strength, so you see both mixed, not one.",
                ),
            ),
        ),
        NameItem(
            "(170, 170, 170)",
            "grey",
            accept=("gray", "light grey", "light gray", "silver", "medium grey", "medium gray"),
            mistakes=(
                NameMistake(
                    ("white",),
                    "white needs all three at 255; equal amounts below that give a grey.",
                ),
                NameMistake(("black",), "black is all three at 0; 170 of 255 is light."),
                NameMistake(
                    ("dark grey", "dark gray", "charcoal"),
                    "170 of 255 is two thirds of full strength: a light grey, not a dark one.",
                ),
            ),
        ),
    ),
    correct_message=(
        "yellow, cyan and a light grey. Light mixes by adding: red and green light give"
        " yellow, green and blue give cyan, and equal amounts of all three give a grey"
        " (white only when all three are 255)."
    ),
    retry="set the mixer's sliders to that mix and look at the swatch.",
)


# -- q3: number: predict the wrap-around ----------------------------------------------------
WRAPPED = int((np.array([LIGHT], dtype=np.uint8) + np.uint8(AMOUNT))[0])

q3 = NumberExercise(
    name="q3",
    title="Predict a sum in uint8",
    prompt=f"Predict what `np.array([{LIGHT}], dtype=np.uint8) + {AMOUNT}` holds, as one"
    " number `wrapped`, before you run it.",
    hints=(
        "A `uint8` has 8 bits: it holds the whole numbers 0 to 255 and nothing else. What"
        f" can numpy do with {LIGHT} + {AMOUNT} = {LIGHT + AMOUNT}?",
        "numpy keeps the result in `uint8` and drops what does not fit in 8 bits: 256 is"
        f" the first value it loses. Subtract 256 from {LIGHT + AMOUNT}.",
    ),
    solution_text=(
        f"`wrapped = {WRAPPED}`: {LIGHT} + {AMOUNT} = {LIGHT + AMOUNT} needs 9 bits; numpy"
        f" keeps the lowest 8, which is {LIGHT + AMOUNT} - 256 = {WRAPPED}."
    ),
    variable="wrapped",
    expected=WRAPPED,
    correct_message=(
        f"{LIGHT + AMOUNT} does not fit in 8 bits, so numpy keeps {LIGHT + AMOUNT} - 256 ="
        f" {WRAPPED}, without an error or a warning: a light value turns nearly black."
    ),
    mistakes=(
        Answer(
            answer=LIGHT + AMOUNT,
            message=f"a `uint8` cannot hold {LIGHT + AMOUNT}: its largest value is 255. The"
            " array keeps its type, so the sum has to become a value from 0 to 255.",
        ),
        Answer(
            answer=255,
            message="numpy does not clip (saturate) sums in `uint8`: that is what"
            " `colour.brighten` does on purpose, by computing in a wider type first.",
        ),
        Answer(
            answer=LIGHT + AMOUNT - 255,
            message="close: the wrap-around is modulo 256 (the count of values 0 to 255), not 255.",
        ),
    ),
)


# -- q4: reflection -------------------------------------------------------------------------
MODEL_ANSWER = (
    "The photo is stored as uint8, 8 bits per value, so it can only hold 0 to 255. Adding"
    " 100 to a light value such as 200 gives 300, which does not fit: numpy drops the carry"
    " and the value wraps around to 300 - 256 = 44, nearly black, with no error. To brighten"
    " safely, convert to a wider type first (int16 or float), add, then clip to 0-255 and"
    " convert back: `colour.brighten(photo, 100)` does that."
)

q4 = Reflection(
    name="q4",
    title="Why brightening turns white into black",
    prompt="Explain in two or three sentences what `photo + 100` does to a light value such"
    " as 200, why, and how to brighten the photo safely.",
    hints=(
        "Try it on one value: `np.array([200], dtype=np.uint8) + 100`. What comes out, and"
        " how is it related to 300?",
        "A `uint8` has 8 bits: 0 to 255. A result of 256 or more loses its carry bit, so it"
        " becomes the result minus 256. The chapter's `int16` and `np.clip` cell shows the"
        " cure.",
    ),
    solution_text=MODEL_ANSWER,
    model_answer=MODEL_ANSWER,
    rubric=(
        "A `uint8` holds only 0 to 255 (8 bits).",
        "A sum above 255 wraps around (300 becomes 300 - 256 = 44), silently, without an error.",
        "To brighten safely: compute in a wider type (int16 or float), clip to 0-255, convert"
        " back.",
    ),
    contradictions=(
        Contradiction(
            r"\b(?:stays?|remains?|becomes?|turns? into|goes to|is capped at|is clipped to|"
            r"gets clipped to|saturates? at|clips? at|caps? at|is limited to)\s+(?:at\s+)?255\b",
            "numpy does not clip a `uint8` sum at 255: it wraps around, so 200 + 100 becomes"
            " 44. Clipping is what you do yourself, after computing in a wider type.",
        ),
        Contradiction(
            r"\b(?:raises?|throws?|gives?|shows?)\b[^.]*\b(?:error|exception)\b",
            "on arrays numpy raises no error: the sum wraps around silently, which is what"
            " makes the bug hard to see.",
        ),
    ),
)

EXERCISES = [q1, q2, q3, q4]
