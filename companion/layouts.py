"""Figure layouts for two kinds of screen: a wide row of panels, and a narrow stack for phones.

A demo's frames are pictures: on a phone, a 768-pixel frame shrinks to under
half its size and its numbers to a few pixels. So every demo view is built
for a :class:`Layout`: :data:`WIDE` (the panels side by side, for a page's
column) or :data:`NARROW` (fewer panels per row, larger type, for a screen
about 360 CSS pixels wide). A layout sets the figure's width and resolution,
and the smallest type it may hold: :func:`raise_small_text` lifts every text
of a figure to it before the layout is frozen, and :func:`smallest_text`
reports the smallest one, in CSS pixels at the frame's own size (what the
static face writes into the page and the browser tests check).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from companion._validate import check_real

__all__ = [
    "LAYOUTS",
    "NARROW",
    "WIDE",
    "Layout",
    "raise_small_text",
    "smallest_text",
    "two_over_one",
]

#: Points per inch: type sizes are in points, pixels are dpi / 72 of them.
POINTS = 72

#: The largest type size accepted, in points (an inch): above any title of the course.
MAX_FONT = 72

#: The largest side of a figure, in inches (3,200 pixels at 80 dpi): wider than any
#: page; a larger canvas would take gigabytes to draw.
MAX_INCHES = 40

#: The finest resolution a figure is drawn at (demo frames for screens of 2 pixels per CSS pixel).
MAX_DPI = 400


@dataclass(frozen=True)
class Layout:
    """How a demo's figure is arranged for one kind of screen.

    ``width`` is the figure's width in inches and ``dpi`` its pixels per inch
    when shown at its own size (one image pixel per CSS pixel); ``min_font``
    the smallest type in points; ``media`` the CSS media query under which
    the static face shows this layout ("" for the default).
    """

    name: str
    width: float
    dpi: float
    min_font: float
    media: str = ""

    def __post_init__(self) -> None:
        for name in ("name", "media"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"Layout: `{name}` must be a str, got {type(value).__name__}.")
        if not self.name:
            raise ValueError("Layout: `name` must not be empty.")
        for name, top in (("width", MAX_INCHES), ("dpi", MAX_DPI), ("min_font", MAX_FONT)):
            check_real(getattr(self, name), name, "Layout", 0, top)

    @property
    def narrow(self) -> bool:
        """Whether panels are stacked for a phone rather than set side by side."""
        return self.name != "wide"

    @property
    def css_width(self) -> int:
        """The frame's width in CSS pixels at its own size."""
        return round(self.width * self.dpi)

    def pixels(self, points: float) -> float:
        """A type size in points as CSS pixels at the frame's own size."""
        return points * self.dpi / POINTS


#: The panels in one row, 768 pixels wide, type at least 9 pt (10 px): a laptop's page column.
WIDE = Layout("wide", width=9.6, dpi=80, min_font=9)
#: Two panels a row at most, 340 pixels wide, type at least 7 pt (9.7 px): phones.
NARROW = Layout("narrow", width=3.4, dpi=100, min_font=7, media="(max-width: 600px)")
LAYOUTS = (WIDE, NARROW)


def two_over_one(
    figure: Figure,
    *,
    width_ratios: tuple[float, float] = (1, 1),
    height_ratios: tuple[float, float] = (1, 1),
) -> tuple[Axes, Axes, Axes]:
    """Three panels on a phone: two side by side, the third under them at full width
    (top left, top right, bottom): the narrow form of a wide row of three."""
    check_figure(figure, "two_over_one")
    for name, ratios in (("width_ratios", width_ratios), ("height_ratios", height_ratios)):
        if not isinstance(ratios, (tuple, list)) or len(ratios) != 2:
            raise TypeError(
                f"two_over_one: `{name}` must be a pair of numbers, got {ratios!r:.80}."
            )
        for ratio in ratios:
            check_real(ratio, name, "two_over_one", 0, 100)
    grid = figure.add_gridspec(
        2, 2, width_ratios=list(width_ratios), height_ratios=list(height_ratios)
    )
    return (
        figure.add_subplot(grid[0, 0]),
        figure.add_subplot(grid[0, 1]),
        figure.add_subplot(grid[1, :]),
    )


def check_figure(figure: object, func: str) -> Figure:
    """``figure`` if it is a matplotlib Figure, else a TypeError naming it (for the figures
    layer: this module and :mod:`companion.figures`)."""
    if not isinstance(figure, Figure):
        raise TypeError(
            f"{func}: `figure` must be a matplotlib Figure, got {type(figure).__name__}."
        )
    return figure


def _texts(figure: Figure) -> Iterator[Artist]:
    """Every visible, non-empty text of ``figure``, and every artist with a ``fontsize``."""
    for artist in figure.findobj(lambda a: isinstance(a, Text) or hasattr(a, "fontsize")):
        if not artist.get_visible():
            continue
        if isinstance(artist, Text) and not artist.get_text().strip():
            continue
        yield artist


def _size(artist: Artist) -> float:
    return float(artist.get_fontsize() if isinstance(artist, Text) else artist.fontsize)


def raise_small_text(figure: Figure, minimum: float) -> None:
    """Lift every text of ``figure`` smaller than ``minimum`` points to it (ticks included).

    Call it after a first draw (ticks are made when drawn) and before the
    layout is frozen, so the layout makes room for the larger type.
    """
    check_figure(figure, "raise_small_text")
    check_real(minimum, "minimum", "raise_small_text", 0, MAX_FONT)
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t for t in axis.get_ticklabels() if t.get_text()]
            if labels and labels[0].get_fontsize() < minimum:
                axis.set_tick_params(labelsize=minimum)
    for artist in _texts(figure):
        if _size(artist) < minimum:
            if isinstance(artist, Text):
                artist.set_fontsize(minimum)
            else:
                artist.fontsize = minimum


def smallest_text(figure: Figure) -> float:
    """The smallest text size of ``figure`` in points (0 if it has no text)."""
    check_figure(figure, "smallest_text")
    sizes = [_size(artist) for artist in _texts(figure)]
    return min(sizes, default=0.0)
