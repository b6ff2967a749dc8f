"""Every slider demo of every chapter: all grid points computed, both faces produced.

Demos are discovered, not listed: any public function named ``*_demo`` in a
module of ``companion.demos`` is swept here.
"""

from __future__ import annotations

import importlib
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
    payload = re.search(
        r'<script type="application/json" class="cnn-demo-data">(.*?)</script>', html
    )
    data = json.loads(payload.group(1).replace("<\\/", "</"))
    assert len(data["frames"]) == len(data["texts"]) == demo.size
    assert data["sizes"] == [len(control.values) for control in demo.controls]
    assert all(0 <= index < len(data["images"]) for index in data["frames"])
    assert all(text.strip() for text in data["texts"])
    assert html.count('type="range"') == len(demo.controls)
    assert len(html) < 1_600_000, "a demo's frames must leave room in a 2.5 MB page"


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
