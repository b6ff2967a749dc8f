"""Every slider demo of every chapter: all grid points computed, both faces produced.

Demos are discovered, not listed: any public function named ``*_demo`` in a
module of ``companion.demos`` is swept here.
"""

from __future__ import annotations

import importlib
import itertools
import json
import pkgutil
import re

import pytest

import companion.demos
from companion.demo import Control, Demo


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
    html = demo.static_html()
    data = _static_data(html)
    assert len(data["frames"]) == len(data["texts"]) == demo.size
    assert data["sizes"] == [len(control.values) for control in demo.controls]
    assert all(0 <= index < len(data["images"]) for index in data["frames"])
    assert all(text.strip() for text in data["texts"])
    assert html.count('type="range"') == len(demo.controls)
    # Lossless frames (see test_static_frames_are_the_live_frames_pixel_for_pixel) weigh
    # about 3x the old 256-colour ones: the largest demo, the feature map, is 3.09 MB.
    assert len(html) < 3_200_000, "a demo's frames must stay under 3.2 MB of HTML"


def _static_data(html: str) -> dict:
    payload = re.search(
        r'<script type="application/json" class="cnn-demo-data">(.*?)</script>', html
    )
    return json.loads(payload.group(1).replace("<\\/", "</"))


def _decode_png(png: bytes | memoryview):
    import io

    import numpy as np
    from PIL import Image

    png = bytes(png)  # a widget holds its value as a memoryview
    assert png.startswith(b"\x89PNG")
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.mark.parametrize("factory", FACTORIES)
def test_static_frames_are_the_live_frames_pixel_for_pixel(factory):
    """Every frame the site flips to is exactly what the live slider draws there.

    The static face's frame for slider positions (i, j, ...) is found by the
    page script's rule (row-major, last slider fastest); the live face, a
    separate instance, is moved to the same positions by its sliders.
    """
    import base64

    data = _static_data(factory().static_html())
    live = factory().live()
    sizes = [len(slider.options) for slider in live.sliders]
    for positions in itertools.product(*(range(size) for size in sizes)):
        for slider, position in zip(live.sliders, positions, strict=True):
            slider.index = position
        index = 0
        for size, position in zip(sizes, positions, strict=True):
            index = index * size + position
        uri = data["images"][data["frames"][index]]
        assert uri.startswith("data:image/png;base64,")
        stored = _decode_png(base64.b64decode(uri.split(",", 1)[1]))
        drawn = _decode_png(live.image.value)
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
    parser.feed(demo.static_html())
    expected = [
        control.labels
        for control in demo.controls
        if isinstance(control.values[0], str) and len(control.values) > 1
    ]
    assert parser.tracks == expected


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


@pytest.mark.parametrize("factory", FACTORIES)
def test_frames_drawn_by_blitting_match_a_full_redraw(factory):
    """A view's ``changing`` list must name everything its update touches.

    Two instances of the demo walk the same grid points: one renders its
    frames by blitting only, the other draws its figure in full every time.
    """
    import numpy as np

    from companion.figures import figure_png

    blitting, drawing = factory(), factory()
    grid = list(blitting.grid())
    for params in grid[:: max(1, len(grid) // 6)]:
        blitting.update(**params)
        blitting.frame_png()
        blitted = blitting._renderer.rgb()
        drawing.update(**params)
        figure_png(drawing.view.figure)
        canvas = drawing.view.figure.canvas
        full = np.asarray(canvas.buffer_rgba())[:, :, :3].astype(int)
        differing = int((np.abs(blitted.astype(int) - full).max(axis=-1) > 40).sum())
        assert differing == 0, f"{differing} pixels differ at {params}"
