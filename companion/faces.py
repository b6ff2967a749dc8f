"""The two faces of a :class:`companion.demo.Demo`: live widgets and a static scrubber.

The static face is plain HTML: ``<input type="range">`` sliders (keyboard
usable, labelled), one picture with alt text, a caption read out by screen
readers, and a JSON block with every frame as an inline image: lossless WebP,
pixel for pixel the live face's PNG at half its bytes or less. The book's
``cnn-demo.js`` (served from the site) wires the sliders; without it the
default frame still shows. Identical frames are stored once.

Each frame exists in :data:`VARIANTS`: the wide layout at one and at two image
pixels per CSS pixel, and the narrow layout (phones) at two. The picture's
``<source media=...>`` and ``srcset`` let the browser fetch only the one its
screen needs; every frame of the wide layout at one pixel per CSS pixel is
exactly the live face's frame.

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
from dataclasses import dataclass, field
from typing import Any, Protocol

from companion.figures import png_data_uri, webp_data_uri
from companion.layouts import NARROW, WIDE, Layout, smallest_text

__all__ = ["VARIANTS", "FrameSet", "Scrubbable", "Variant", "live_widget", "static_html"]

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

    def view_for(self, layout: Layout) -> Any: ...

    def draw(self, params: dict[str, Any], layout: Layout = WIDE) -> str: ...

    def frame_png(
        self, *, palette: bool = False, layout: Layout = WIDE, scale: int = 1
    ) -> bytes: ...

    def frame_webp(self, *, layout: Layout = WIDE, scale: int = 1) -> bytes: ...


@dataclass(frozen=True)
class Variant:
    """One rendering of a demo's frames: a layout, at ``scale`` image pixels per CSS pixel."""

    layout: Layout
    scale: int

    @property
    def name(self) -> str:
        return f"{self.layout.name}-{self.scale}x"


#: The frames the static face stores: the wide layout at 1x first (the live face's frames,
#: the ``<img>``'s ``src``), then what high-density screens and phones fetch instead.
VARIANTS = (Variant(WIDE, 1), Variant(WIDE, 2), Variant(NARROW, 2))


@dataclass
class FrameSet:
    """A variant's frames: unique lossless WebP data URIs, and each grid point's image index.

    ``width`` and ``height`` are the frame's size in CSS pixels, ``text_px`` its smallest
    type in CSS pixels at that size.
    """

    variant: Variant
    images: list[str] = field(default_factory=list)
    frames: list[int] = field(default_factory=list)
    width: int = 0
    height: int = 0
    text_px: float = 0.0

    def add(self, webp: bytes, seen: dict[str, int]) -> None:
        digest = hashlib.sha1(webp).hexdigest()
        if digest not in seen:
            seen[digest] = len(self.images)
            self.images.append(webp_data_uri(webp))
        self.frames.append(seen[digest])

    def uri(self, index: int) -> str:
        return self.images[self.frames[index]]


def render_frames(demo: Scrubbable, variant: Variant) -> tuple[FrameSet, list[str]]:
    """Every grid point drawn in ``variant``: its frames, and each frame's text."""
    frames, texts, seen = FrameSet(variant), [], {}
    layout, scale = variant.layout, variant.scale
    for params in demo.grid():
        texts.append(demo.draw(params, layout))
        frames.add(demo.frame_webp(layout=layout, scale=scale), seen)
    demo.draw(demo.defaults, layout)
    figure = demo.view_for(layout).figure
    figure.set_dpi(layout.dpi)  # the figure as the layout shows it, whatever drew last
    width, height = figure.get_size_inches()
    frames.width, frames.height = round(width * layout.dpi), round(height * layout.dpi)
    frames.text_px = round(layout.pixels(smallest_text(figure)), 2)
    return frames, texts


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


def _srcset(*candidates: tuple[str, int]) -> str:
    return ", ".join(f"{uri} {scale}x" for uri, scale in candidates)


def _picture(sets: Sequence[FrameSet], index: int, text: str) -> str:
    """The frame at grid point ``index`` as a ``<picture>``: one source per layout, the
    wide one last (the ``<img>``), each with its candidates at 1x and 2x."""
    by_layout: dict[str, list[FrameSet]] = {}
    for frame_set in sets:
        by_layout.setdefault(frame_set.variant.layout.name, []).append(frame_set)
    wide = by_layout.pop(WIDE.name)
    parts = ['<picture class="cnn-demo-picture">']
    for group in by_layout.values():
        first = group[0]
        srcset = _srcset(*((s.uri(index), s.variant.scale) for s in group))
        parts.append(
            f'<source media="{first.variant.layout.media}" srcset="{srcset}"'
            f' width="{first.width}" height="{first.height}" data-text-px="{first.text_px}">'
        )
    base = wide[0]
    srcset = _srcset(*((s.uri(index), s.variant.scale) for s in wide))
    parts.append(
        f'<img class="cnn-demo-frame" src="{base.uri(index)}" srcset="{srcset}"'
        f' width="{base.width}" height="{base.height}" data-text-px="{base.text_px}"'
        f' alt="{html.escape(text, quote=True)}"></picture>'
    )
    return "".join(parts)


def static_html(demo: Scrubbable, *, all_frames: bool = True) -> str:
    """The demo as one offline HTML block; ``all_frames=False`` keeps only the default frame."""
    uid = f"cnn-demo-{next(_ids)}"
    if all_frames:
        sets = []
        for variant in VARIANTS:
            frame_set, texts = render_frames(demo, variant)
            sets.append(frame_set)
        start = _default_index(demo)
        text = texts[start]
        picture = _picture(sets, start, text)
    else:
        text = demo.draw(demo.defaults)
        src = png_data_uri(demo.frame_png(palette=True))
        picture = f'<img class="cnn-demo-frame" src="{src}" alt="{html.escape(text, quote=True)}">'
    parts = [
        f'<div class="cnn-demo" id="{uid}" role="group" aria-labelledby="{uid}-title"'
        f"{' data-cnn-demo' if all_frames else ''}>",
        f'<p class="cnn-demo-title" id="{uid}-title">{html.escape(demo.title)}</p>',
    ]
    parts.append('<div class="cnn-demo-body">')
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
    parts.append(f'<div class="cnn-demo-figure">{picture}')
    parts.append(f'<p class="cnn-demo-caption" aria-live="polite">{html.escape(text)}</p>')
    parts.append("</div></div>")
    if all_frames:
        base, *others = sets
        data = {
            "sizes": [len(control.values) for control in demo.controls],
            "labels": [control.labels for control in demo.controls],
            "images": base.images,
            "frames": base.frames,
            "texts": texts,
            # The other renderings, each filling the srcset of the <img> (media "") or of
            # the <source> with its media query.
            "variants": [
                {
                    "media": s.variant.layout.media,
                    "density": s.variant.scale,
                    "images": s.images,
                    "frames": s.frames,
                }
                for s in others
            ],
        }
        # "</" cannot appear inside a <script> block; JSON allows escaping it.
        payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
        parts.append(f'<script type="application/json" class="cnn-demo-data">{payload}</script>')
    parts.append("</div>")
    return "".join(parts)


def _live_control(widgets: Any, control: Slider) -> Any:
    """A control's widget: named buttons for categories, a slider for values on a scale."""
    options = list(zip(control.labels, control.values, strict=True))
    if not getattr(control, "ordinal", True) and len(options) > 1:
        return widgets.ToggleButtons(
            options=options,
            value=control.default,
            description=control.label,
            style={"description_width": "initial", "button_width": "auto"},
        )
    return widgets.SelectionSlider(
        options=options,
        value=control.default,
        description=control.label,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="420px", max_width="100%"),
    )


def live_widget(demo: Scrubbable, *, layout: Layout = WIDE, scale: int = 1) -> Any:
    """The live face: one control per slider of the demo, redrawing its figure in place.

    Categories (SAME/VALID, max/average, kernels) are named buttons, values on
    a scale a slider. The frame is drawn at ``scale`` image pixels per CSS
    pixel and shown at the layout's width (sharp on high-density screens at 2).
    """
    import ipywidgets as widgets

    controls = [_live_control(widgets, control) for control in demo.controls]
    text = demo.draw(demo.defaults, layout)
    image = widgets.Image(
        value=demo.frame_png(layout=layout, scale=scale),
        format="png",
        layout=widgets.Layout(width=f"{layout.css_width}px", max_width="100%", height="auto"),
    )
    caption = widgets.HTML(value=f"<p>{html.escape(text)}</p>")

    def redraw(_change: Any = None) -> None:
        params = {c.name: w.value for c, w in zip(demo.controls, controls, strict=True)}
        caption.value = f"<p>{html.escape(demo.draw(params, layout))}</p>"
        image.value = demo.frame_png(layout=layout, scale=scale)

    for control in controls:
        control.observe(redraw, names="value")
    title = widgets.HTML(value=f"<strong>{html.escape(demo.title)}</strong>")
    box = widgets.VBox([title, *controls, image, caption])
    box.redraw = redraw  # exposed for tests and benchmarks
    box.sliders = controls
    box.image = image
    return box
