"""From a matplotlib figure to something a page can show: PNG bytes and alt-texted pictures.

Figures here are built with :class:`matplotlib.figure.Figure` directly (not
pyplot), so nothing is drawn twice and nothing leaks between cells.
:class:`Picture` pairs a figure with its alt text and displays as an
``<img alt=...>`` in Jupyter and on the book's pages alike.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["Picture", "figure_png", "new_figure", "png_data_uri"]

#: Screen resolution for every figure of the course: readable, and light on the page.
DPI = 80


def new_figure(width: float, height: float, *, constrained: bool = True) -> Figure:
    """A new Agg-backed figure of ``width`` x ``height`` inches at the course's DPI."""
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained" if constrained else None)
    FigureCanvasAgg(figure)
    return figure


def freeze_layout(figure: Figure) -> None:
    """Lay the figure out once, then keep that layout: later redraws skip the layout solver.

    Used by demo views, whose axes never move between frames.
    """
    figure.canvas.draw()
    figure.set_layout_engine("none")


def figure_png(figure: Figure, *, palette: bool = False) -> bytes:
    """Render ``figure`` to PNG bytes.

    ``palette=False`` is the fast path (live sliders): Agg's pixels, light
    compression. ``palette=True`` quantises to 256 colours and compresses
    hard, for frames stored in a page (about 3x smaller, visually the same).
    """
    from PIL import Image

    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(figure)
    canvas.draw()
    rgb = np.asarray(canvas.buffer_rgba())[:, :, :3]
    image = Image.fromarray(rgb)
    buffer = io.BytesIO()
    if palette:
        image = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE)
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def png_data_uri(png: bytes) -> str:
    """``data:`` URI of PNG bytes, so a page carries its images inline (works offline)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def img_tag(png: bytes, alt: str, css_class: str = "cnn-figure") -> str:
    """An ``<img>`` element with inline PNG data and alt text (escaped)."""
    return (
        f'<img class="{css_class}" src="{png_data_uri(png)}" alt="{html.escape(alt, quote=True)}">'
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
        """The figure as (palette) PNG bytes."""
        return figure_png(self.figure, palette=True)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": img_tag(self.png(), self.alt), "text/plain": f"<Picture: {self.alt}>"}

    def __repr__(self) -> str:
        return f"<Picture: {self.alt}>"
