"""Every demo cell of every chapter, run in a real kernel under ipywidgets 8 and 7.

A learner's frontend (JupyterLab, Colab, a hub) shows a demo through the
kernel's messages: the cell's output must carry a widget view whose model the
kernel opened, plus one static frame for viewers without widgets; moving a
slider is a ``comm_msg`` from the frontend, and the kernel must answer with a
new PNG for the demo's ``Image`` model. This test plays the frontend's part
with ``jupyter_client``, once with the venv's ipywidgets 8 and once with
Colab's ipywidgets 7 (``make venv`` installs it in ``.venv/widgets7``).

Demo cells are found, not listed: a chapter's code cell whose last statement
calls a ``*_demo`` function. Names a cell takes from earlier, non-demo cells
come from :data:`PRELUDES`: ``results`` is the stored experiment file, and
``retrained`` (the chapter's live-trained TensorFlow network) is stood in for
by a fixed linear model with the same ``predict(batch) -> logits`` shape, so
no TensorFlow training runs here; the demo's display path is the same.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import queue
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import missing

REPO = Path(__file__).resolve().parent.parent
BOOK = REPO / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))
WIDGETS7 = REPO / ".venv" / "widgets7"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
RESULTS_FILE = BOOK / "results" / "invariance.json"
TIMEOUT = 240  # seconds for one cell on a busy 2-core machine

STAND_IN_MODEL = """
import numpy as np

class _LinearStandIn:
    # What the chapter's retrained network offers the demo: predict(batch) -> logits.
    def __init__(self):
        self.weights = None

    def predict(self, batch):
        flat = np.asarray(batch, dtype=np.float64).reshape(len(batch), -1)
        if self.weights is None:
            self.weights = np.random.default_rng(0).normal(size=(flat.shape[1], 10))
        return flat @ self.weights

retrained = _LinearStandIn()
"""

#: Code that binds a name a demo cell takes from an earlier, non-demo cell of its chapter.
PRELUDES = {
    "results": "from companion import experiments\nresults = experiments.load_results()",
    "retrained": STAND_IN_MODEL,
}


# -- the chapters' demo cells ------------------------------------------------------------------
@dataclass
class DemoCell:
    index: int
    source: str
    needs: set[str] = field(default_factory=set)


def _bound_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def _loaded_names(tree: ast.AST) -> set[str]:
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


def _shows_a_demo(tree: ast.Module) -> bool:
    """The cell's value (its last statement) is a call to a ``*_demo`` function."""
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return False
    call = tree.body[-1].value
    if not isinstance(call, ast.Call):
        return False
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name.endswith("_demo")


def demo_cells(chapter: Path) -> list[DemoCell]:
    """The chapter's demo cells in order, each with the names it needs from before it."""
    notebook = json.loads(chapter.read_text(encoding="utf-8"))
    cells, bound = [], set(dir(builtins))
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython magics (the setup cell): never a demo
            continue
        if _shows_a_demo(tree):
            cells.append(DemoCell(index, source, _loaded_names(tree) - bound - _bound_names(tree)))
            bound |= _bound_names(tree)
    return cells


DEMO_CHAPTERS = [chapter for chapter in CHAPTERS if demo_cells(chapter)]


def test_every_chapter_with_a_slider_demo_is_covered():
    stems = {chapter.stem for chapter in DEMO_CHAPTERS}
    assert {"01_pixels_and_rgb", "03_convolution_math", "04_pooling_types"} <= stems
    assert sum(len(demo_cells(chapter)) for chapter in DEMO_CHAPTERS) >= 10


# -- a frontend's side of the kernel protocol --------------------------------------------------
@dataclass
class Model:
    """A widget model as the frontend knows it: its state and binary buffers."""

    name: str
    state: dict[str, Any]
    buffers: dict[str, bytes]


def _buffers(data: dict[str, Any], buffers: list[bytes]) -> dict[str, bytes]:
    paths = data.get("buffer_paths", [])
    return {"/".join(map(str, path)): bytes(buf) for path, buf in zip(paths, buffers, strict=True)}


class Frontend:
    """A kernel driven the way JupyterLab or Colab drives one: execute, display, comm."""

    def __init__(self, env: dict[str, str]) -> None:
        from jupyter_client.manager import KernelManager

        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel(env=env, cwd=str(BOOK))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT)
        self.models: dict[str, Model] = {}

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)

    def _drain(self, msg_id: str) -> tuple[list[dict], list[dict], list[str]]:
        """Read iopub until the request is done: (outputs, widget updates, error texts)."""
        outputs, updates, errors = [], [], []
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                msg = self.client.get_iopub_msg(timeout=max(1.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"the kernel did not finish within {TIMEOUT} s") from None
            kind, content = msg["msg_type"], msg["content"]
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                data = content["data"]
                self.models[content["comm_id"]] = Model(
                    data["state"].get("_model_name", ""),
                    data["state"],
                    _buffers(data, msg.get("buffers", [])),
                )
            elif kind == "comm_msg" and content["comm_id"] in self.models:
                data = content["data"]
                if data.get("method") == "update":
                    model = self.models[content["comm_id"]]
                    model.state.update(data["state"])
                    model.buffers.update(_buffers(data, msg.get("buffers", [])))
                    updates.append({"comm_id": content["comm_id"], "state": data["state"]})
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if kind in ("display_data", "execute_result"):
                outputs.append(content["data"])
            elif kind == "error":
                errors.append("\n".join(content["traceback"]))
            elif kind == "stream" and content["name"] == "stderr":
                errors.append(content["text"])
            elif kind == "status" and content["execution_state"] == "idle":
                return outputs, updates, errors

    def execute(self, code: str) -> tuple[list[dict], list[str]]:
        msg_id = self.client.execute(code, allow_stdin=False)
        outputs, _, errors = self._drain(msg_id)
        return outputs, errors

    def move(self, comm_id: str, state: dict[str, Any]) -> list[dict]:
        """Send a frontend's state change (a slider moved) and return the kernel's updates."""
        content = {"comm_id": comm_id, "data": {"method": "update", "state": state}}
        content["data"]["buffer_paths"] = []
        msg = self.client.session.msg("comm_msg", content)
        self.client.shell_channel.send(msg)
        _, updates, errors = self._drain(msg["header"]["msg_id"])
        assert not errors, errors
        return updates


def _child_ids(model: Model) -> list[str]:
    return [child.removeprefix("IPY_MODEL_") for child in model.state.get("children", [])]


ENVIRONMENTS = {"ipywidgets8": None, "ipywidgets7": WIDGETS7}


def _kernel_env(widgets: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COMPANION_DEMO_FACES", "PYTHONPATH")}
    if widgets is not None:
        env["PYTHONPATH"] = str(widgets)
    return env


# -- the test ----------------------------------------------------------------------------------
@pytest.mark.parametrize("widgets", list(ENVIRONMENTS), ids=list(ENVIRONMENTS))
@pytest.mark.parametrize("chapter", DEMO_CHAPTERS, ids=[c.stem for c in DEMO_CHAPTERS])
def test_demo_cells_show_a_live_widget_whose_slider_redraws(chapter, widgets):
    folder = ENVIRONMENTS[widgets]
    if folder is not None and not (folder / "ipywidgets").is_dir():
        missing(f"ipywidgets 7 is not installed in {folder}: run `make venv`")
    major = widgets.removeprefix("ipywidgets")
    frontend = Frontend(_kernel_env(folder))
    not_run = []
    try:
        outputs, errors = frontend.execute(
            "import sys, ipywidgets\n"
            f"assert sys.prefix == {sys.prefix!r}, sys.prefix  # this venv's kernel\n"
            f"assert ipywidgets.__version__.startswith('{major}.'), ipywidgets.__version__"
        )
        assert not errors, errors
        for cell in demo_cells(chapter):
            where = f"{chapter.name} cell {cell.index}"
            unknown = cell.needs - set(PRELUDES)
            assert not unknown, f"{where} needs {sorted(unknown)}: add them to PRELUDES"
            if "results" in cell.needs and not RESULTS_FILE.is_file():
                not_run.append(f"{where} (needs the stored results {RESULTS_FILE.name})")
                continue
            for name in sorted(cell.needs):
                _, errors = frontend.execute(PRELUDES[name])
                assert not errors, f"{where}, prelude {name}: {errors}"
            outputs, errors = frontend.execute(cell.source)
            assert not errors, f"{where} failed under ipywidgets {major}:\n{errors[0][-3000:]}"
            shown = [data for data in outputs if VIEW_MIME in data]
            assert len(shown) == 1, f"{where}: expected one widget view, got {outputs}"
            bundle = shown[0]
            assert "<img" in bundle.get("text/html", ""), f"{where}: no static frame"
            box = frontend.models.get(bundle[VIEW_MIME]["model_id"])
            assert box is not None, f"{where}: the view's model was never opened by the kernel"
            children = [frontend.models[i] for i in _child_ids(box)]
            image = next(m for m in children if m.name == "ImageModel")
            before = image.buffers["value"]
            assert before.startswith(b"\x89PNG"), f"{where}: the image is not a PNG"
            # Categorical controls are named buttons, every name shown (ipywidgets 7 and 8).
            for model in children:
                if model.name == "ToggleButtonsModel":
                    labels = model.state["_options_labels"]
                    assert len(labels) > 1 and all(label.strip() for label in labels), (
                        f"{where}: buttons of {model.state['description']!r} without names"
                    )
            # A slider, or the named buttons of a categorical control: both select by index.
            slider_id = next(
                i
                for i in _child_ids(box)
                if frontend.models[i].name in ("SelectionSliderModel", "ToggleButtonsModel")
                and len(frontend.models[i].state["_options_labels"]) > 1
            )
            slider = frontend.models[slider_id]
            new_index = (slider.state["index"] + 1) % len(slider.state["_options_labels"])
            frontend.move(slider_id, {"index": new_index})
            after = image.buffers["value"]
            assert after.startswith(b"\x89PNG") and after != before, (
                f"{where}: moving {slider.state['description']!r} did not redraw the image"
            )
    finally:
        frontend.close()
    if not_run:
        missing("not run: " + "; ".join(not_run))


# -- the bundle itself -------------------------------------------------------------------------
def test_widget_bundle_is_the_one_ipywidgets_8_makes_itself():
    import ipywidgets

    from companion.demo import widget_view_bundle

    slider = ipywidgets.IntSlider()
    own = slider._repr_mimebundle_()  # ipywidgets 8 only: the reference
    assert widget_view_bundle(slider)[VIEW_MIME] == own[VIEW_MIME]
    assert own[VIEW_MIME]["model_id"] == slider.model_id


def test_widget_bundle_refuses_what_is_not_a_widget():
    from companion.demo import widget_view_bundle

    with pytest.raises(TypeError, match="`widget`"):
        widget_view_bundle("a slider")
