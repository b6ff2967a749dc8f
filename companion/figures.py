"""From a matplotlib figure to something a page can show: PNG bytes and alt-texted pictures.

Figures here are built with :class:`matplotlib.figure.Figure` directly (not
pyplot), so nothing is drawn twice and nothing leaks between cells, and they
are made and drawn in the course's style (:mod:`companion.style`).
:class:`Picture` pairs a figure with its alt text and displays as an
``<img alt=...>`` in Jupyter and on the book's pages alike.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from companion._validate import check_real, check_shape
from companion.layouts import MAX_DPI, MAX_FONT, MAX_INCHES, check_figure, raise_small_text
from companion.style import course_style

__all__ = ["FrameRenderer", "Picture", "encode_png", "figure_png", "new_figure", "png_data_uri"]

#: Screen resolution for every figure of the course: readable, and light on the page.
DPI = 80

#: The most pixels a canvas may hold: a full-size figure at :data:`DPI`. The course's largest
#: drawing, a demo frame at twice its resolution, is about 1536 x 930 pixels; a larger canvas
#: would take seconds to draw and hundreds of MB to hold.
MAX_PIXELS = (MAX_INCHES * DPI) ** 2


def _check_canvas(width: float, height: float, dpi: float, func: str, names: str) -> None:
    """Refuse a canvas under a pixel a side or over :data:`MAX_PIXELS`, before it is drawn."""
    columns, rows = width * dpi, height * dpi
    if min(columns, rows) < 1:
        raise ValueError(
            f"{func}: the canvas ({names}) would be {columns:.3g} x {rows:.3g} pixels;"
            " each side needs at least 1 pixel."
        )
    if columns * rows > MAX_PIXELS:
        raise ValueError(
            f"{func}: the canvas ({names}) would be {columns:.0f} x {rows:.0f} pixels; at most"
            f" {MAX_PIXELS:,} pixels ({MAX_INCHES * DPI} x {MAX_INCHES * DPI}) can be drawn."
        )


def new_figure(
    width: float, height: float, *, constrained: bool = True, dpi: float = DPI
) -> Figure:
    """A new Agg-backed figure of ``width`` x ``height`` inches at ``dpi`` in the course's style.

    What is added to it takes the course's sizes when built under
    :func:`companion.style.course_style` (the companion's figure functions are).
    """
    width = check_real(width, "width", "new_figure", 0, MAX_INCHES)
    height = check_real(height, "height", "new_figure", 0, MAX_INCHES)
    dpi = check_real(dpi, "dpi", "new_figure", 0, MAX_DPI)
    _check_canvas(width, height, dpi, "new_figure", "`width` x `height` at `dpi`")
    with course_style():
        layout = "constrained" if constrained else None
        figure = Figure(figsize=(width, height), dpi=dpi, layout=layout)
    FigureCanvasAgg(figure)
    return figure


def freeze_layout(figure: Figure, min_font: float = 0) -> None:
    """Lay the figure out once, then keep that layout: later redraws skip the layout solver.

    Used by demo views, whose axes never move between frames. Texts smaller
    than ``min_font`` points (tick labels included) are raised to it first
    (see :func:`companion.layouts.raise_small_text`), so the layout makes room.
    """
    check_figure(figure, "freeze_layout")
    if min_font != 0:
        check_real(min_font, "min_font", "freeze_layout", 0, MAX_FONT)
    with course_style():
        if min_font:
            figure.canvas.draw()  # makes the tick labels
            raise_small_text(figure, min_font)
        figure.canvas.draw()
    figure.set_layout_engine("none")


def encode_png(rgb: np.ndarray, *, palette: bool = False) -> bytes:
    """PNG bytes of an (H, W, 3) uint8 array; decoding them gives back ``rgb`` exactly.

    ``palette=False`` is the fast path (live sliders): light compression.
    ``palette=True`` is for frames stored in a page, where bytes count: an
    indexed-colour PNG when the frame has at most 256 colours (exactly those
    colours, so nothing is lost), otherwise full RGB; compressed hard either
    way. Quantising a frame with more colours would change them (the colour
    chapter reads its frames pixel by pixel), so it is never done.
    """
    _check_rgb(rgb, "encode_png")
    from PIL import Image

    buffer = io.BytesIO()
    if not palette:
        Image.fromarray(rgb).save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()
    image = Image.fromarray(rgb)
    if image.getcolors(256) is not None:  # None: more than 256 colours
        image = _indexed(rgb)
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def encode_webp(rgb: np.ndarray) -> bytes:
    """Lossless WebP bytes of an (H, W, 3) uint8 array; decoding them gives back ``rgb`` exactly.

    For the frames the site stores: over the course's frames, about 40% of the bytes of the
    smallest lossless PNG, in about the same time, so a reader on a slow network or a
    phone waits half as long for each slider step.
    """
    _check_rgb(rgb, "encode_webp")
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="WEBP", lossless=True, quality=100, method=4)
    return buffer.getvalue()


def _check_rgb(rgb: object, func: str) -> None:
    if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8:
        raise TypeError(f"{func}: `rgb` must be a uint8 numpy array, got {_describe(rgb)}.")
    check_shape(rgb, "(H, W, 3)", "rgb", func, nonempty=True)


def _describe(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return type(value).__name__


def _indexed(rgb: np.ndarray):
    """``rgb`` (at most 256 colours) as a palette image holding exactly its colours."""
    from PIL import Image

    channels = rgb.astype(np.uint32)
    packed = (channels[..., 0] << 16) | (channels[..., 1] << 8) | channels[..., 2]
    colours, indices = np.unique(packed, return_inverse=True)
    height, width = rgb.shape[:2]
    image = Image.frombytes("P", (width, height), indices.astype(np.uint8).tobytes())
    table = np.stack([colours >> 16, (colours >> 8) & 255, colours & 255], axis=1)
    image.putpalette(table.astype(np.uint8).tobytes())
    return image


def _canvas(figure: Figure) -> FigureCanvasAgg:
    canvas = figure.canvas
    return canvas if isinstance(canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)


def figure_png(figure: Figure, *, palette: bool = False) -> bytes:
    """Render the whole of ``figure`` to PNG bytes (see :func:`encode_png`)."""
    check_figure(figure, "figure_png")
    _check_canvas(*figure.get_size_inches(), figure.dpi, "figure_png", "`figure`'s size and dpi")
    canvas = _canvas(figure)
    with course_style():  # ticks are made when first drawn: in the course's sizes too
        canvas.draw()
    return encode_png(np.asarray(canvas.buffer_rgba())[:, :, :3], palette=palette)


class FrameRenderer:
    """Render a demo's frames by redrawing only the artists that change (blitting).

    The figure is drawn once with the ``changing`` artists hidden, and that
    background is kept. Each frame restores it and draws just the changing
    artists on top: a text-heavy figure redraws several times faster. A view
    that declares nothing as changing is fully redrawn each frame (correct,
    slower). Whatever changes between frames must be listed, axis limits and
    colour bars included (list the colour bar's axes).

    ``dpi`` draws the frames at another resolution than the figure's own (twice
    it for screens of two pixels per CSS pixel): renderers of one figure at
    different resolutions may take turns, each sets its own before drawing.
    """

    def __init__(
        self, figure: Figure, changing: Sequence[Artist] = (), *, dpi: float | None = None
    ) -> None:
        self.figure = check_figure(figure, "FrameRenderer")
        self.dpi = (
            figure.dpi if dpi is None else check_real(dpi, "dpi", "FrameRenderer", 0, MAX_DPI)
        )
        _check_canvas(*figure.get_size_inches(), self.dpi, "FrameRenderer", "`figure` at `dpi`")
        self.changing = list(changing)
        self._canvas = _canvas(figure)
        self._background = None
        # Redrawn artists must not cover their axes' frame: redraw the spines
        # too, and draw everything in z-order as a full draw would.
        owners = {id(a.axes): a.axes for a in self.changing if a.axes not in (None, a)}
        spines = [spine for ax in owners.values() for spine in ax.spines.values()]
        self._draw_order = sorted([*self.changing, *spines], key=lambda a: a.get_zorder())

    def _capture_background(self) -> None:
        # Texts are made transparent rather than invisible: an invisible axes
        # title has no extent, and matplotlib would then move it off the axes.
        texts = [a for a in self.changing if isinstance(a, Text)]
        others = [a for a in self.changing if not isinstance(a, Text)]
        alphas = [text.get_alpha() for text in texts]
        shown = [artist.get_visible() for artist in others]
        for text in texts:
            text.set_alpha(0.0)
        for artist in others:
            artist.set_visible(False)
        with course_style():
            self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        for text, alpha in zip(texts, alphas, strict=True):
            text.set_alpha(alpha)
        for artist, visible in zip(others, shown, strict=True):
            artist.set_visible(visible)

    def rgb(self) -> np.ndarray:
        """The current frame as an (H, W, 3) uint8 array (a copy)."""
        if self.figure.dpi != self.dpi:
            self.figure.set_dpi(self.dpi)
        with course_style():
            if not self.changing:
                self._canvas.draw()
            else:
                if self._background is None:
                    self._capture_background()
                self._canvas.restore_region(self._background)
                for artist in self._draw_order:
                    self.figure.draw_artist(artist)
        return np.array(self._canvas.buffer_rgba())[:, :, :3]

    def png(self, *, palette: bool = False) -> bytes:
        """The current frame as PNG bytes."""
        return encode_png(self.rgb(), palette=palette)

    def webp(self) -> bytes:
        """The current frame as lossless WebP bytes (the site's stored frames)."""
        return encode_webp(self.rgb())


def _check_bytes(value: object, name: str, func: str) -> bytes:
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{func}: `{name}` must be bytes, got {type(value).__name__}.")
    return bytes(value)


def png_data_uri(png: bytes) -> str:
    """``data:`` URI of PNG bytes, so a page carries its images inline (works offline)."""
    png = _check_bytes(png, "png", "png_data_uri")
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def webp_data_uri(webp: bytes) -> str:
    """``data:`` URI of WebP bytes (see :func:`png_data_uri`)."""
    webp = _check_bytes(webp, "webp", "webp_data_uri")
    return "data:image/webp;base64," + base64.b64encode(webp).decode("ascii")


def img_tag(png: bytes, alt: str, css_class: str = "cnn-figure") -> str:
    """An ``<img>`` element with inline PNG data; alt text and class escaped for HTML."""
    for name, value in (("alt", alt), ("css_class", css_class)):
        if not isinstance(value, str):
            raise TypeError(f"img_tag: `{name}` must be a str, got {type(value).__name__}.")
    _check_bytes(png, "png", "img_tag")
    return (
        f'<img class="{html.escape(css_class, quote=True)}" src="{png_data_uri(png)}"'
        f' alt="{html.escape(alt, quote=True)}">'
    )


class Picture:
    """A finished figure and its alt text, shown as an accessible image.

    Every drawing function of the companion returns one; the notebook's cell
    just evaluates it. ``picture.figure`` is the matplotlib figure, to adjust.
    """

    def __init__(self, figure: Figure, alt: str) -> None:
        if not isinstance(figure, Figure):
            raise TypeError(
                f"Picture: `figure` must be a matplotlib Figure, got {type(figure).__name__}."
            )
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError("Picture: `alt` must be a non-empty description of the figure.")
        self.figure = figure
        self.alt = alt

    def png(self) -> bytes:
        """The figure as compact, lossless PNG bytes (see :func:`encode_png`)."""
        return figure_png(self.figure, palette=True)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": img_tag(self.png(), self.alt), "text/plain": f"<Picture: {self.alt}>"}

    def __repr__(self) -> str:
        return f"<Picture: {self.alt}>"
