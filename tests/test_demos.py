"""Every slider demo of every chapter: all grid points computed, both faces produced.

Demos are discovered, not listed: any public function named ``*_demo`` in a
module of ``companion.demos`` is swept here.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import json
import pkgutil
import re
from pathlib import Path

import pytest

import companion.demos
from companion.demo import NARROW, WIDE, Control, Demo
from companion.faces import VARIANTS
from companion.layouts import smallest_text


def _demo_factories():
    for module_info in pkgutil.iter_modules(companion.demos.__path__):
        module = importlib.import_module(f"companion.demos.{module_info.name}")
        for name in sorted(vars(module)):
            if (
                name.endswith("_demo")
                and not name.startswith("_")
                and callable(getattr(module, name))
            ):
                yield pytest.param(getattr(module, name), id=f"{module_info.name}.{name}")


FACTORIES = list(_demo_factories())


@functools.cache
def _static_html(factory) -> str:
    """A demo's static face, rendered once for the tests that read it (every rendering)."""
    return factory().static_html()


REPO = Path(__file__).resolve().parent.parent


def test_the_convolution_chapter_demos_are_discovered():
    ids = {param.id for param in FACTORIES}
    assert {"convolution.kernel_walk_demo", "convolution.feature_map_demo"} <= ids


@pytest.mark.parametrize("factory", FACTORIES)
def test_every_grid_point_computes(factory):
    demo = factory()
    assert isinstance(demo, Demo)
    results = demo.sweep()
    assert len(results) == demo.size >= 2


@pytest.mark.parametrize("factory", FACTORIES)
def test_static_face_holds_one_frame_and_one_text_per_grid_point(factory):
    demo = factory()
    html = _static_html(factory)
    data = _static_data(html)
    assert len(data["texts"]) == demo.size
    assert data["sizes"] == [len(control.values) for control in demo.controls]
    assert len(data["variants"]) == len(VARIANTS) - 1
    for frame_set in (data, *data["variants"]):
        assert len(frame_set["frames"]) == demo.size
        assert all(0 <= index < len(frame_set["images"]) for index in frame_set["frames"])
    assert all(text.strip() for text in data["texts"])
    assert html.count('type="range"') == len(demo.controls)
    # What a reader's screen fetches is one rendering: lossless frames (see
    # test_static_frames_are_the_live_frames_pixel_for_pixel) of the largest demo, the
    # feature map, weigh 3.09 MB at 1x; at 2x, about three times that.
    for frame_set, limit in zip((data, *data["variants"]), (3.2e6, 10e6, 10e6), strict=True):
        weight = sum(map(len, frame_set["images"]))
        assert weight < limit, f"{weight / 1e6:.1f} MB of frames in one rendering"


@pytest.mark.parametrize("factory", FACTORIES)
def test_static_face_offers_each_screen_its_rendering(factory):
    """A <picture>: phones get the narrow layout (a <source> with its media query), other
    screens the wide one at 1x or 2x (the <img>'s srcset); each with its size and type size."""
    from html.parser import HTMLParser

    class Picture(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = []

        def handle_starttag(self, tag, attrs):
            if tag in ("picture", "source", "img"):
                self.tags.append((tag, dict(attrs)))

    demo = factory()
    parser = Picture()
    html = _static_html(factory)
    parser.feed(html)
    assert [tag for tag, _ in parser.tags] == ["picture", "source", "img"]
    (_, source), (_, img) = parser.tags[1:]
    data = _static_data(html)
    start = next(i for i, p in enumerate(demo.grid()) if p == demo.defaults)
    narrow = data["variants"][1]
    assert source["media"] == NARROW.media == narrow["media"]
    assert source["srcset"] == f"{narrow['images'][narrow['frames'][start]]} 2x"
    wide_2x = data["variants"][0]
    assert img["src"] == data["images"][data["frames"][start]]
    assert img["srcset"] == f"{img['src']} 1x, {wide_2x['images'][wide_2x['frames'][start]]} 2x"
    assert (int(img["width"]), int(source["width"])) == (WIDE.css_width, NARROW.css_width)
    assert float(source["data-text-px"]) >= 9 and float(img["data-text-px"]) > 0


def test_layouts_switch_where_the_page_stacks_for_phones():
    assert NARROW.media == "(max-width: 600px)"
    css = (REPO / "book" / "_static" / "cnn-demo.css").read_text()
    assert f"@media {NARROW.media}" in css


@pytest.mark.parametrize(
    ("layout", "smallest_px"), [(NARROW, 9), (WIDE, 10)], ids=["narrow", "wide"]
)
@pytest.mark.parametrize("factory", FACTORIES)
def test_frames_print_nothing_too_small_at_their_own_size(factory, layout, smallest_px):
    """A frame is shown at about its own size: on a phone the narrow one (340 CSS px), on a
    laptop the wide one (768 CSS px in a page column of 740-800). Its smallest text, tick
    labels and the numbers in matrix cells included, must be at least 9 px on a phone and
    10 px on a laptop (tick labels there were 7.8 px: 7 pt at 80 dpi)."""
    demo = factory()
    demo.draw(demo.defaults, layout)
    demo.frame_png(layout=layout)
    figure = demo.view_for(layout).figure
    assert layout.pixels(smallest_text(figure)) >= smallest_px
    width, _ = figure.get_size_inches() * layout.dpi
    assert round(width) == layout.css_width == {NARROW: 340, WIDE: 768}[layout]


def _static_data(html: str) -> dict:
    payload = re.search(
        r'<script type="application/json" class="cnn-demo-data">(.*?)</script>', html
    )
    return json.loads(payload.group(1).replace("<\\/", "</"))


def _decode_image(data: bytes | memoryview):
    import io

    import numpy as np
    from PIL import Image

    data = bytes(data)  # a widget holds its value as a memoryview
    assert data.startswith(b"\x89PNG") or (data[:4], data[8:16]) == (b"RIFF", b"WEBPVP8L")
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


@pytest.mark.parametrize("variant", range(len(VARIANTS)), ids=[v.name for v in VARIANTS])
@pytest.mark.parametrize("factory", FACTORIES)
def test_static_frames_are_the_live_frames_pixel_for_pixel(factory, variant):
    """Every frame the site flips to is exactly what the live slider draws there.

    The static face's frame for slider positions (i, j, ...) is found by the
    page script's rule (row-major, last slider fastest); the live face, a
    separate instance drawing the same layout at the same resolution, is moved
    to the same positions by its controls. Every rendering is checked: the
    wide one at 1x (the live face's default) and those of sharp screens and phones.
    """
    import base64

    page = _static_data(_static_html(factory))
    data = page if variant == 0 else page["variants"][variant - 1]
    layout, scale = VARIANTS[variant].layout, VARIANTS[variant].scale
    live = factory().live(layout=layout, scale=scale)
    sizes = [len(slider.options) for slider in live.sliders]
    for positions in itertools.product(*(range(size) for size in sizes)):
        for slider, position in zip(live.sliders, positions, strict=True):
            slider.index = position
        index = 0
        for size, position in zip(sizes, positions, strict=True):
            index = index * size + position
        uri = data["images"][data["frames"][index]]
        assert uri.startswith("data:image/webp;base64,")  # lossless WebP (VP8L)
        stored = _decode_image(base64.b64decode(uri.split(",", 1)[1]))
        drawn = _decode_image(live.image.value)
        assert stored.shape == drawn.shape
        differing = int((stored != drawn).any(axis=-1).sum())
        assert differing == 0, f"{differing} pixels differ at slider positions {positions}"


@pytest.mark.parametrize("factory", FACTORIES)
def test_live_face_redraws_when_a_slider_moves(factory):
    demo = factory()
    widget = demo.live()
    before = widget.image.value
    slider = next(s for s in widget.sliders if len(s.options) > 1)
    slider.index = (slider.index + 1) % len(slider.options)
    assert widget.image.value != before


@pytest.mark.parametrize("factory", FACTORIES)
def test_notebook_bundle_carries_both_faces(factory, monkeypatch):
    monkeypatch.delenv("COMPANION_DEMO_FACES", raising=False)
    bundle = factory()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<img" in bundle["text/html"]


def test_static_faces_setting_drops_the_widget(monkeypatch):
    monkeypatch.setenv("COMPANION_DEMO_FACES", "static")
    factory = FACTORIES[0].values[0]
    bundle = factory()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert "data-cnn-demo" in bundle["text/html"]


def test_control_rejects_a_default_off_its_values():
    with pytest.raises(ValueError, match=r"`default`"):
        Control("stride", (1, 2), default=3)


@pytest.mark.parametrize(
    ("values", "ordinal"),
    [((1, 2, 3), True), ((0.5, 1.0), True), (("SAME", "VALID"), False), ((True, False), False)],
)
def test_control_knows_whether_its_values_lie_on_a_scale(values, ordinal):
    assert Control("x", values).ordinal is ordinal
    assert Control("x", values, ordinal=not ordinal).ordinal is (not ordinal)


def test_control_refuses_an_ordinal_that_is_not_a_bool():
    with pytest.raises(TypeError, match=r"`ordinal`"):
        Control("x", (1, 2), ordinal="yes")


@pytest.mark.parametrize("factory", FACTORIES)
def test_static_face_names_every_category_of_a_categorical_slider(factory):
    from html.parser import HTMLParser

    class Names(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tracks, self._depth = [], 0

        def handle_starttag(self, tag, attrs):
            if ("class", "cnn-demo-names") in attrs:
                self.tracks.append([])
                self._depth = 1
            elif self._depth and tag == "span":
                self._depth += 1

        def handle_endtag(self, tag):
            if self._depth and tag == "span":
                self._depth -= 1

        def handle_data(self, data):
            if self._depth == 2:
                self.tracks[-1].append(data)

    demo = factory()
    parser = Names()
    parser.feed(_static_html(factory))
    expected = [
        control.labels
        for control in demo.controls
        if isinstance(control.values[0], str) and len(control.values) > 1
    ]
    assert parser.tracks == expected


@pytest.mark.parametrize("factory", FACTORIES)
def test_live_face_names_every_category_on_its_own_button(factory):
    """Categories (SAME/VALID, max/average, kernels) are named buttons, all visible at once;
    values on a scale stay a slider."""
    import ipywidgets

    demo = factory()
    widget = demo.live()
    for control, shown in zip(demo.controls, widget.sliders, strict=True):
        if not control.ordinal and len(control.values) > 1:
            assert isinstance(shown, ipywidgets.ToggleButtons), control.name
            assert list(shown._options_labels) == control.labels
            assert shown.value == control.default
        else:
            assert isinstance(shown, ipywidgets.SelectionSlider), control.name


@pytest.mark.parametrize("factory", FACTORIES)
def test_a_step_that_changes_nothing_says_why(factory):
    """Where moving one control a step leaves the frame as it was (SAME padding that adds
    nothing), the caption on both sides of the step says so, naming both values."""
    import hashlib

    demo = factory()
    grid = list(demo.grid())
    texts = [demo.update(**params) for params in grid]
    frames = []
    for params in grid:
        demo.update(**params)
        frames.append(hashlib.sha1(demo.frame_png()).hexdigest())
    sizes = [len(control.values) for control in demo.controls]
    silent = []
    for index, params in enumerate(grid):
        stride = 1
        for number in reversed(range(len(sizes))):
            control = demo.controls[number]
            position = control.values.index(params[control.name])
            if position + 1 < sizes[number] and frames[index] == frames[index + stride]:
                names = control.labels[position : position + 2]
                for text in (texts[index], texts[index + stride]):
                    if not (all(name in text for name in names) and "the same" in text):
                        silent.append(f"{control.name} {names}: {text!r}")
            stride *= sizes[number]
    assert not silent, "unchanged frames with an unexplained caption:\n" + "\n".join(silent)


def test_control_needs_values():
    with pytest.raises(ValueError, match=r"`values` must not be empty"):
        Control("stride", ())


def test_demo_rejects_parameters_off_the_grid():
    demo = FACTORIES[0].values[0]()
    name = demo.controls[0].name
    with pytest.raises(ValueError, match=rf"`{name}` must be one of"):
        demo.result(**{name: "not a value"})
    with pytest.raises(ValueError, match=r"unknown control"):
        demo.result(nonsense=1)


@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=lambda layout: layout.name)
@pytest.mark.parametrize("factory", FACTORIES)
def test_frames_drawn_by_blitting_match_a_full_redraw(factory, layout):
    """A view's ``changing`` list must name everything its update touches.

    Two instances of the demo walk the same grid points: one renders its
    frames by blitting only, the other draws its figure in full every time.
    """
    import numpy as np

    from companion.figures import figure_png

    blitting, drawing = factory(), factory()
    grid = list(blitting.grid())
    for params in grid[:: max(1, len(grid) // 6)]:
        blitting.draw(params, layout)
        blitting.frame_png(layout=layout)
        blitted = blitting.renderer(layout).rgb()
        drawing.draw(params, layout)
        figure = drawing.view_for(layout).figure
        figure_png(figure)
        canvas = figure.canvas
        full = np.asarray(canvas.buffer_rgba())[:, :, :3].astype(int)
        differing = int((np.abs(blitted.astype(int) - full).max(axis=-1) > 40).sum())
        assert differing == 0, f"{differing} pixels differ at {params}"
