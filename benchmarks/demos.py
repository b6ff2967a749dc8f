"""Items 1 and 2: every demo's live update over its whole grid, and its static face.

The live update is timed on exactly the code path of the live face
(:func:`companion.faces.live_widget`): the widget is built with
``demo.live()``, the sliders are set to each grid point with their observer
detached, and ``widget.redraw()`` (what a slider move runs: compute, update
the figure in place, render it for the ``Image`` widget) is timed.

The baseline is the naive update that rebuilds the figure on each move: the
same picture (the demo's own view: subplots, imshow, annotations, colour
bars) built anew, updated, drawn in full and encoded to PNG, then dropped.
That is what a slider callback does without the in-place design. (The view's
constructor lays the figure out with one draw, so the naive path draws twice;
the layout solve, which dominates, happens once, as it would in any rebuild.)
``naive_pyplot_update`` keeps a second, lighter baseline for reference:
``pyplot.subplots`` + ``imshow`` of the main arrays only.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import json
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from benchmarks.report import Row, at_least, at_most, format_seconds
from benchmarks.stats import summarize, time_calls

__all__ = ["demo_factories", "live_rows", "main_arrays", "static_rows"]

LIVE_P95 = 0.050  # seconds
LIVE_SPEEDUP = 3.0
# What one reader's screen fetches of a demo is one rendering (wide 1x, wide 2x or narrow
# 2x); the 1x rendering is the live face's frames. tests/test_demos.py enforces this budget.
STATIC_BYTES = 3_200_000


def demo_factories() -> Iterator[tuple[str, Callable[[], Any]]]:
    """Every public ``*_demo`` function of a ``companion.demos`` module, as tests find them."""
    import companion.demos

    for module_info in pkgutil.iter_modules(companion.demos.__path__):
        module = importlib.import_module(f"companion.demos.{module_info.name}")
        for name in sorted(vars(module)):
            value = getattr(module, name)
            if name.endswith("_demo") and not name.startswith("_") and callable(value):
                yield f"{module_info.name}.{name}", value


# -- the live face ---------------------------------------------------------------
def _live_mover(demo: Any) -> tuple[Callable[[dict[str, Any]], None], Callable[[], None]]:
    """(move to a grid point untimed, redraw timed) on the live face's own code path."""
    widget = demo.live()
    redraw = getattr(widget, "redraw", None)
    sliders = getattr(widget, "sliders", None)
    if redraw is not None and sliders is not None:
        for slider in sliders:
            slider.unobserve(redraw, names="value")
        controls = list(demo.controls)

        def move(params: dict[str, Any]) -> None:
            for control, slider in zip(controls, sliders, strict=True):
                slider.value = params[control.name]

        return move, redraw
    # Fallback for a widget without the hooks: the demo's update plus its live frame.
    from companion import figures

    state: dict[str, Any] = {}

    def redraw_fallback() -> None:
        demo.update(**state)
        if hasattr(demo, "frame_png"):
            demo.frame_png()
        else:
            figures.figure_png(demo.view.figure)

    return state.update, redraw_fallback


def time_live(demo: Any, passes: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds per slider move, every grid point, ``passes`` times over the grid.

    The CPU time (this process's) tells a slow figure from a busy machine.
    """
    move, redraw = _live_mover(demo)
    move(demo.defaults)
    redraw()  # warm-up: first draw of caches (fonts, colour maps)
    wall, cpu = [], []
    for _ in range(passes):
        for params in demo.grid():
            move(params)
            start, start_cpu = time.perf_counter(), time.process_time()
            redraw()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return wall, cpu


# -- the naive baseline ----------------------------------------------------------
def main_arrays(result: Any, limit: int = 3) -> list[np.ndarray]:
    """The first ``limit`` 2-D arrays in a compute result (dicts, sequences, dataclasses)."""
    found: list[np.ndarray] = []
    seen: set[int] = set()

    def walk(value: Any) -> None:
        if len(found) >= limit or id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, np.ndarray):
            if value.ndim >= 2 and value.size and np.issubdtype(value.dtype, np.number):
                image = value
                while image.ndim > 2:  # NHWC / HWC: the first image, its first channel
                    image = image[0] if image.ndim > 3 else image[..., 0]
                found.append(np.asarray(image, dtype=float))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))
        elif hasattr(value, "__dict__"):
            for item in vars(value).values():
                walk(item)

    walk(result)
    return found or [np.zeros((8, 8))]


def naive_update(demo: Any, params: dict[str, Any]) -> bytes:
    """A slider move done the naive way: the demo's figure rebuilt from scratch."""
    from companion.figures import figure_png

    params = demo.check_params(params)
    result = demo.compute(**params)
    demo.describe(params, result)
    view = demo.make_view()
    view.update(result)
    return figure_png(view.figure)


def naive_pyplot_update(demo: Any, params: dict[str, Any]) -> bytes:
    """A lighter naive move: a new pyplot figure with only the result's main arrays."""
    import matplotlib.pyplot as plt

    params = demo.check_params(params)
    result = demo.compute(**params)
    demo.describe(params, result)
    arrays = main_arrays(result)
    figure, axes = plt.subplots(1, len(arrays), figsize=(9.6, 3.2), dpi=80, squeeze=False)
    for ax, array in zip(axes[0], arrays, strict=False):
        ax.imshow(array, cmap="viridis")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def time_naive(demo: Any, max_points: int | None) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds per naive move, over the grid (every k-th point if ``max_points``)."""
    points = list(demo.grid())
    if max_points is not None and len(points) > max_points:
        step = len(points) / max_points
        points = [points[int(i * step)] for i in range(max_points)]
    naive_update(demo, points[0])  # warm-up
    wall, cpu = [], []
    for params in points:
        start, start_cpu = time.perf_counter(), time.process_time()
        naive_update(demo, params)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def live_rows(*, passes: int, naive_points: int | None, log=print) -> list[Row]:
    """One row per demo: live-update median/p95 over the grid, speed-up vs naive."""
    import matplotlib

    matplotlib.use("Agg")
    rows = []
    for name, factory in demo_factories():
        log(f"live update: {name}")
        demo = factory()
        samples, cpu = time_live(demo, passes)
        naive_wall, naive_cpu = time_naive(factory(), naive_points)
        naive = summarize(naive_wall)
        live, live_cpu = summarize(samples), summarize(cpu)
        cpu_ratio = summarize(naive_cpu).median / max(live_cpu.median, 1e-9)
        row = Row(
            "live update",
            f"{name} ({demo.size} points)",
            live,
            baseline="naive rebuild",
            baseline_summary=naive,
            note=(
                f"CPU {format_seconds(live_cpu.median)}, p95 {format_seconds(live_cpu.p95)},"
                f" {cpu_ratio:.3g}x vs naive"
            ),
            samples=samples,
        )
        row.checks = [
            at_most(live.p95, LIVE_P95, "p95 <= 50 ms"),
            at_least(row.ratio or 0.0, LIVE_SPEEDUP, ">= 3x vs naive"),
        ]
        rows.append(row)
    return rows


# -- the static face ---------------------------------------------------------------
def rendering_bytes(static_html: str) -> int:
    """Bytes of the 1x wide rendering's frames (data URIs) in a demo's static face."""
    payload = re.search(
        r'<script type="application/json" class="cnn-demo-data">(.*?)</script>', static_html
    )
    if payload is None:
        raise ValueError("rendering_bytes: `static_html` holds no demo data block.")
    data = json.loads(payload.group(1).replace("<\\/", "</"))
    return sum(map(len, data["images"]))


def static_rows(*, repeats: int, log=print) -> list[Row]:
    """One row per demo: time to build its figure and precompute all frames, and the bytes."""
    rows = []
    for name, factory in demo_factories():
        log(f"static face: {name}")
        output: dict[str, str] = {}

        def build(factory=factory, output=output) -> None:
            output["html"] = factory().static_html()

        samples = time_calls(build, repeats, warmup=0)
        size = rendering_bytes(output["html"])
        rows.append(
            Row(
                "static face",
                name,
                summarize(samples),
                size=size,
                checks=[at_most(size, STATIC_BYTES, "1x frames <= 3.2 MB (tests' budget)")],
                samples=samples,
            )
        )
    return rows
