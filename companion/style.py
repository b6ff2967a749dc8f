"""The course's look in one place: colours, font sizes and the matplotlib style sheet.

Every figure of the companion is built and drawn under the style sheet
``course.mplstyle`` (shipped beside this module), through
:func:`course_style` or the :func:`styled` decorator. The sheet sets the
defaults (title and label sizes, the colour cycle); the names below are what
code passes when it needs something else, so no figure spells a colour or a
size as a literal.

Colours are colour-blind safe: the orange/purple pair and Okabe & Ito's
palette stay apart under protanopia, deuteranopia and tritanopia (the tests
check it with Machado et al.'s simulation). Used by every chapter's figures.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import matplotlib

__all__ = [
    "ACCURACY",
    "CHANNEL_COLOURS",
    "DARK",
    "DARK_RGB",
    "DIVERGING",
    "GREEN",
    "GREYS",
    "GUIDE",
    "LARGE",
    "LIGHT",
    "LIGHT_RGB",
    "MEDIUM",
    "NO_DATA",
    "OKABE_ITO",
    "ORANGE",
    "PADDING",
    "PURPLE",
    "SEQUENTIAL",
    "SKY",
    "SMALL",
    "SMALLER",
    "STYLE_SHEET",
    "TINIEST",
    "TINY",
    "course_style",
    "styled",
]

#: The style sheet, package data of the companion.
STYLE_SHEET = Path(__file__).with_name("course.mplstyle")

# -- colours -----------------------------------------------------------------------------
#: The highlight: a window, a box, a cursor, the curve that moves.
ORANGE = "#e66100"
#: The second series, told apart from orange by every colour vision.
PURPLE = "#5d3a9b"
#: A third series (Okabe & Ito's sky blue).
SKY = "#56b4e9"
#: A fourth series: models' confidences (Okabe & Ito's bluish green).
GREEN = "#009e73"
#: Okabe & Ito's colour-blind-safe palette (without black), for many series.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
#: The three channels of an RGB pixel, each drawn in its own colour (and always labelled).
CHANNEL_COLOURS = {"red": "#d62728", "green": "#2ca02c", "blue": "#1f77b4"}
#: Behind a map where it has no value (a pooled map smaller than its panel).
NO_DATA = "0.85"
#: Over the zero padding around an image.
PADDING = "0.75"
#: Reference lines and curves: the unshifted input, the value 1, a slider's position.
GUIDE = "0.4"
#: Text and edges on a light ground; an empty swatch.
DARK = "black"
#: Text on a dark ground (a dark cell of a map, a filled bar).
LIGHT = "white"
#: :data:`DARK` and :data:`LIGHT` as 0-255 RGB triples, for bitmaps drawn by hand (glyphs).
DARK_RGB = (0, 0, 0)
LIGHT_RGB = (255, 255, 255)

# -- colour maps ---------------------------------------------------------------------------
#: Non-negative maps (the sheet's ``image.cmap``): perceptually uniform, colour-blind safe.
SEQUENTIAL = "viridis"
#: Signed maps, centred on zero: negative blue, positive red, zero white.
DIVERGING = "RdBu_r"
#: One intensity per pixel (a channel, a grey image, a digit): 0 black, the top white.
GREYS = "gray"
#: Accuracies from 0 to 1: uniform in lightness, and told apart by every colour vision.
ACCURACY = "cividis"

# -- font sizes, in points -----------------------------------------------------------------
#: Figure titles (the sheet's ``figure.titlesize``).
LARGE = 11
#: Axes titles, axis labels, text (the sheet's ``axes.titlesize`` and ``font.size``).
MEDIUM = 10
#: Titles and notes in crowded rows of panels; numbers in matrix cells.
SMALL = 9
#: Legends (the sheet's ``legend.fontsize``), colour-bar labels, numbers in small cells.
SMALLER = 8
#: Tick labels of image panels (pixel coordinates); numbers in the smallest cells.
TINY = 7
#: Tick labels in the most crowded rows and on small colour bars.
TINIEST = 6


@functools.lru_cache(maxsize=1)
def _sheet() -> dict[str, Any]:
    """The sheet's settings, read once (``rc_context`` would parse the file on every use)."""
    return dict(matplotlib.rc_params_from_file(STYLE_SHEET, use_default_template=False))


@contextmanager
def course_style() -> Iterator[None]:
    """Build or draw figures in the course's style; the session's own style comes back after.

    >>> import matplotlib
    >>> with course_style():
    ...     matplotlib.rcParams["axes.titlesize"]
    10.0
    """
    with matplotlib.rc_context(_sheet()):
        yield


F = TypeVar("F", bound=Callable[..., Any])


def styled(func: F) -> F:
    """Decorate a function that builds a figure so it runs under :func:`course_style`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with course_style():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
