"""The two faces of a :class:`companion.demo.Demo`: live widgets and a static scrubber.

The static face is plain HTML: ``<input type="range">`` sliders (keyboard
usable, labelled), one ``<img>`` with alt text, a caption read out by screen
readers, and a JSON block with every frame as an inline PNG. The book's
``cnn-demo.js`` (served from the site) wires the sliders; without it the
default frame still shows. Identical frames are stored once.

The faces need only what a demo shows, not the :class:`companion.demo.Demo`
class itself: they take any object of the :class:`Scrubbable` shape, so
``demo`` imports ``faces`` and never the other way round.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from companion.figures import png_data_uri

__all__ = ["Scrubbable", "live_widget", "static_frames", "static_html"]

_ids = itertools.count()


class Slider(Protocol):
    """What a face reads from one control (see :class:`companion.demo.Control`)."""

    name: str
    label: str
    values: Sequence[Any]
    default: Any
    ordinal: bool | None

    @property
    def labels(self) -> list[str]: ...

    @property
    def default_index(self) -> int: ...


class Scrubbable(Protocol):
    """What a face needs from a demo: its controls, its grid, and a redraw that returns text."""

    title: str
    controls: Sequence[Slider]

    @property
    def defaults(self) -> dict[str, Any]: ...

    def grid(self) -> Iterator[dict[str, Any]]: ...

    def update(self, **params: Any) -> str: ...

    def frame_png(self, *, palette: bool = False) -> bytes: ...


def static_frames(demo: Scrubbable) -> tuple[list[str], list[int], list[str]]:
    """Render every grid point: (unique PNG data URIs, frame -> image index, frame texts)."""
    images: list[str] = []
    seen: dict[str, int] = {}
    frames: list[int] = []
    texts: list[str] = []
    for params in demo.grid():
        texts.append(demo.update(**params))
        png = demo.frame_png(palette=True)
        digest = hashlib.sha1(png).hexdigest()
        if digest not in seen:
            seen[digest] = len(images)
            images.append(png_data_uri(png))
        frames.append(seen[digest])
    demo.update(**demo.defaults)
    return images, frames, texts


def _default_index(demo: Scrubbable) -> int:
    """Where the default frame sits in the grid.

    The page's ``cnn-demo.js`` (``frameIndex``) applies the same rule to the
    sliders' positions: row-major, the last control fastest, as ``demo.grid()``
    orders the frames.
    """
    index = 0
    for control in demo.controls:
        index = index * len(control.values) + control.default_index
    return index


def _named_track(slider: str, labels: Sequence[str], chosen: int) -> str:
    """A slider over categories with every category's name along it, end to end.

    The names are for the eye (``aria-hidden``): the slider already tells a
    screen reader the chosen one through ``aria-valuetext``.
    """
    chosen_class = ' class="cnn-demo-chosen"'
    names = "".join(
        f"<span{chosen_class if i == chosen else ''}>{html.escape(label)}</span>"
        for i, label in enumerate(labels)
    )
    return (
        f'<span class="cnn-demo-track" style="--cnn-demo-count: {len(labels)}">{slider}'
        f'<span class="cnn-demo-names" aria-hidden="true">{names}</span></span>'
    )


def static_html(demo: Scrubbable, *, all_frames: bool = True) -> str:
    """The demo as one offline HTML block; ``all_frames=False`` keeps only the default frame."""
    uid = f"cnn-demo-{next(_ids)}"
    if all_frames:
        images, frames, texts = static_frames(demo)
        start = _default_index(demo)
        src, text = images[frames[start]], texts[start]
    else:
        text = demo.update(**demo.defaults)
        src = png_data_uri(demo.frame_png(palette=True))
    parts = [
        f'<div class="cnn-demo" id="{uid}" role="group" aria-labelledby="{uid}-title"'
        f"{' data-cnn-demo' if all_frames else ''}>",
        f'<p class="cnn-demo-title" id="{uid}-title">{html.escape(demo.title)}</p>',
    ]
    if all_frames:
        parts.append('<div class="cnn-demo-controls">')
        for i, control in enumerate(demo.controls):
            labels = control.labels
            value = control.default_index
            slider = (
                f'<input type="range" min="0" max="{len(labels) - 1}" step="1" value="{value}"'
                f' data-control="{i}" aria-valuetext="{html.escape(labels[value], quote=True)}"'
                f' aria-label="{html.escape(control.label, quote=True)}"'
                f"{' disabled' if len(labels) == 1 else ''}>"
            )
            if not getattr(control, "ordinal", True) and len(labels) > 1:
                slider = _named_track(slider, labels, value)
            parts.append(
                f'<label class="cnn-demo-control"><span class="cnn-demo-label">'
                f"{html.escape(control.label)}</span>{slider}"
                f'<output class="cnn-demo-value">{html.escape(labels[value])}</output></label>'
            )
        parts.append("</div>")
    else:
        parts.append(
            '<p class="cnn-demo-note">A static snapshot: run the notebook for live sliders.</p>'
        )
    parts.append(f'<img class="cnn-demo-frame" src="{src}" alt="{html.escape(text, quote=True)}">')
    parts.append(f'<p class="cnn-demo-caption" aria-live="polite">{html.escape(text)}</p>')
    if all_frames:
        data = {
            "sizes": [len(control.values) for control in demo.controls],
            "labels": [control.labels for control in demo.controls],
            "images": images,
            "frames": frames,
            "texts": texts,
        }
        # "</" cannot appear inside a <script> block; JSON allows escaping it.
        payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
        parts.append(f'<script type="application/json" class="cnn-demo-data">{payload}</script>')
    parts.append("</div>")
    return "".join(parts)


def live_widget(demo: Scrubbable) -> Any:
    """The live face: one slider per control, redrawing the demo's figure in place."""
    import ipywidgets as widgets

    sliders = []
    for control in demo.controls:
        slider = widgets.SelectionSlider(
            options=list(zip(control.labels, control.values, strict=True)),
            value=control.default,
            description=control.label,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        sliders.append(slider)
    text = demo.update(**demo.defaults)
    image = widgets.Image(value=demo.frame_png(), format="png")
    caption = widgets.HTML(value=f"<p>{html.escape(text)}</p>")

    def redraw(_change: Any = None) -> None:
        params = {c.name: s.value for c, s in zip(demo.controls, sliders, strict=True)}
        caption.value = f"<p>{html.escape(demo.update(**params))}</p>"
        image.value = demo.frame_png()

    for slider in sliders:
        slider.observe(redraw, names="value")
    title = widgets.HTML(value=f"<strong>{html.escape(demo.title)}</strong>")
    box = widgets.VBox([title, *sliders, image, caption])
    box.redraw = redraw  # exposed for tests and benchmarks
    box.sliders = sliders
    box.image = image
    return box
