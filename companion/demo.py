"""One demo, two faces: a slider demo defined once, shown live or static.

A :class:`Demo` is three things:

- its **controls**: each a :class:`Control` with a finite list of values;
- a pure **compute** step: keyword parameters -> a result (arrays, numbers);
- a **view**: a figure built once, with ``update(result)`` that changes its
  artists in place (``set_data``, ``set_text``), and ``describe`` that puts
  the frame into words (alt text and caption). Views are built and updated
  in the course's style (:mod:`companion.style`). ``make_view(layout)``
  builds the view for a :class:`companion.layouts.Layout`: :data:`WIDE` (the
  default, panels side by side) or :data:`NARROW` (stacked for phones).

From that single definition come

- the **live face** (:meth:`Demo.live`): ipywidgets sliders whose callbacks
  recompute and redraw the existing figure: Jupyter, Colab, Binder, a hub;
- the **static face** (:meth:`Demo.static_html`): every frame of the grid
  rendered ahead of time into one self-contained HTML block whose sliders flip
  frames in the browser, with no kernel and no network (the book's pages); in
  each layout, and at twice the resolution for sharp screens;
- the **sweep** (:meth:`Demo.sweep`): every grid point computed, for tests;
- the timed update path used by the benchmarks (:meth:`Demo.update`).

Displaying a demo in a notebook picks the faces with the environment variable
``COMPANION_DEMO_FACES``: ``live`` (default: the widget, plus one static frame
for viewers without widgets) or ``static`` (all frames; set by the book build).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Protocol

from matplotlib.figure import Figure

from companion import faces
from companion.figures import FrameRenderer
from companion.layouts import NARROW, WIDE, Layout
from companion.style import course_style

__all__ = ["NARROW", "WIDE", "Control", "Demo", "Layout", "View", "widget_view_bundle"]

FACES_ENV = "COMPANION_DEMO_FACES"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"

#: The most values one slider offers, and the most frames one demo has: the static
#: face renders every frame into the page, so a grid must stay small.
MAX_VALUES = 64
MAX_FRAMES = 256


@dataclass(frozen=True)
class Control:
    """One slider: a name (the compute step's keyword), a label, and its finite values.

    ``ordinal`` says whether the values lie on a scale (strides, shifts) or are
    names of categories (SAME/VALID, max/average, kernels), which the static
    face shows by name along the slider; left out, it is True when every value
    is a number.
    """

    name: str
    values: Sequence[Any]
    label: str = ""
    default: Any = None
    format: Callable[[Any], str] = str
    ordinal: bool | None = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"Control: `name` must be a Python identifier, got {self.name!r}.")
        values = tuple(itertools.islice(self.values, MAX_VALUES + 1))
        if not values:
            raise ValueError(f"Control {self.name!r}: `values` must not be empty.")
        if len(values) > MAX_VALUES:
            raise ValueError(f"Control {self.name!r}: `values` may hold at most {MAX_VALUES}.")
        object.__setattr__(self, "values", values)
        if self.default is None:
            object.__setattr__(self, "default", values[0])
        elif self.default not in values:
            raise ValueError(
                f"Control {self.name!r}: `default` {self.default!r} is not one of `values`."
            )
        if not self.label:
            object.__setattr__(self, "label", self.name.replace("_", " "))
        if self.ordinal is None:
            numbers = all(isinstance(v, Real) and not isinstance(v, bool) for v in values)
            object.__setattr__(self, "ordinal", numbers)
        elif not isinstance(self.ordinal, bool):
            raise TypeError(
                f"Control {self.name!r}: `ordinal` must be True, False or None,"
                f" got {type(self.ordinal).__name__}."
            )

    @property
    def labels(self) -> list[str]:
        """Each value as the slider shows it."""
        return [self.format(value) for value in self.values]

    @property
    def default_index(self) -> int:
        return self.values.index(self.default)


class View(Protocol):
    """What a demo draws on: a figure made once and changed in place.

    A view may also list, as ``changing``, the artists its ``update`` touches
    (images, texts, patches, whole colour-bar axes): frames then redraw only
    those (see :class:`companion.figures.FrameRenderer`).
    """

    figure: Figure

    def update(self, result: Any) -> None: ...


@dataclass
class Demo:
    """A slider demo defined once; see the module docstring for its faces."""

    title: str
    controls: Sequence[Control]
    compute: Callable[..., Any]
    make_view: Callable[..., View]
    describe: Callable[[dict[str, Any], Any], str]
    _views: dict[str, View] = field(default_factory=dict, init=False, repr=False)
    _renderers: dict[tuple[str, float], FrameRenderer] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        names = [control.name for control in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"Demo {self.title!r}: control names must be unique, got {names}.")
        if self.size > MAX_FRAMES:
            raise ValueError(
                f"Demo {self.title!r}: `controls` make {self.size} frames, more than {MAX_FRAMES}"
                " (the static face renders each one)."
            )

    # -- the grid ----------------------------------------------------------
    @property
    def defaults(self) -> dict[str, Any]:
        return {control.name: control.default for control in self.controls}

    @property
    def size(self) -> int:
        """Number of frames: the product of the controls' lengths."""
        total = 1
        for control in self.controls:
            total *= len(control.values)
        return total

    def grid(self) -> Iterator[dict[str, Any]]:
        """Every combination of control values, row-major (last control fastest)."""
        names = [control.name for control in self.controls]
        for values in itertools.product(*(control.values for control in self.controls)):
            yield dict(zip(names, values, strict=True))

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        """Fill defaults and reject unknown names or values off the grid."""
        known = {control.name: control for control in self.controls}
        unknown = set(params) - set(known)
        if unknown:
            raise ValueError(
                f"{self.title}: unknown control(s) {sorted(unknown)}; known: {sorted(known)}."
            )
        merged = {**self.defaults, **params}
        for name, value in merged.items():
            if value not in known[name].values:
                allowed = list(known[name].values)
                raise ValueError(f"{self.title}: `{name}` must be one of {allowed}, got {value!r}.")
        return merged

    # -- compute and draw ----------------------------------------------------
    def result(self, **params: Any) -> Any:
        """The pure compute step at one grid point (defaults for missing controls)."""
        return self.compute(**self.check_params(params))

    def sweep(self) -> list[Any]:
        """Compute every grid point (tests call this: nothing may raise)."""
        return [self.compute(**params) for params in self.grid()]

    @property
    def view(self) -> View:
        """The demo's wide figure (the live face's), built on first use and then reused."""
        return self.view_for(WIDE)

    def view_for(self, layout: Layout) -> View:
        """The demo's figure in ``layout``, built on first use and then reused."""
        if not isinstance(layout, Layout):
            raise TypeError(f"{self.title}: `layout` must be a Layout, got {layout!r:.80}.")
        if layout.name not in self._views:
            with course_style():
                self._views[layout.name] = self.make_view(layout=layout)
        return self._views[layout.name]

    def renderer(self, layout: Layout = WIDE, scale: int = 1) -> FrameRenderer:
        """What draws the frames of ``layout`` at ``scale`` image pixels per CSS pixel."""
        if scale not in (1, 2):
            raise ValueError(f"{self.title}: `scale` must be 1 or 2, got {scale!r}.")
        key = (layout.name, scale)
        if key not in self._renderers:
            view = self.view_for(layout)
            changing = getattr(view, "changing", ())
            self._renderers[key] = FrameRenderer(view.figure, changing, dpi=layout.dpi * scale)
        return self._renderers[key]

    def frame_png(self, *, palette: bool = False, layout: Layout = WIDE, scale: int = 1) -> bytes:
        """The figure's current frame as PNG, redrawing only the view's ``changing`` artists."""
        return self.renderer(layout, scale).png(palette=palette)

    def frame_webp(self, *, layout: Layout = WIDE, scale: int = 1) -> bytes:
        """The current frame as lossless WebP: what the static face stores (half the bytes)."""
        return self.renderer(layout, scale).webp()

    def update(self, **params: Any) -> str:
        """Recompute at ``params`` and redraw the existing figure; return the frame's text."""
        return self.draw(params, WIDE)

    def draw(self, params: dict[str, Any], layout: Layout = WIDE) -> str:
        """Recompute at ``params`` and redraw the figure of ``layout``; return the frame's text."""
        params = self.check_params(params)
        result = self.compute(**params)
        view = self.view_for(layout)
        with course_style():  # titles set by an update take the course's sizes
            view.update(result)
        return self.describe(params, result)

    # -- faces -----------------------------------------------------------------
    def live(self, *, layout: Layout = WIDE, scale: int = 1):
        """The live face: ipywidgets sliders driving the figure (see :mod:`companion.faces`).

        ``scale=2`` draws twice the pixels, shown at the same size: sharp on a
        high-density screen, each move a little slower.
        """
        return faces.live_widget(self, layout=layout, scale=scale)

    def static_html(self, *, all_frames: bool = True) -> str:
        """The static face: frames precomputed into one offline HTML block."""
        return faces.static_html(self, all_frames=all_frames)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        """One output for every frontend: the live widget, one static frame, and plain text.

        JupyterLab, Colab and a hub render the widget view; viewers without
        widgets (GitHub, nbviewer, a saved notebook) show the frame.
        """
        if os.environ.get(FACES_ENV, "live") == "static":
            return {"text/html": self.static_html(), "text/plain": f"<Demo: {self.title}>"}
        bundle = widget_view_bundle(self.live())
        bundle["text/html"] = self.static_html(all_frames=False)
        bundle["text/plain"] = f"<Demo: {self.title}>"
        return bundle


def widget_view_bundle(widget: Any) -> dict[str, Any]:
    """The MIME bundle that shows ``widget`` live, built the same way on ipywidgets 7 and 8.

    ipywidgets 8 gives widgets a ``_repr_mimebundle_``; 7 (long Colab's) has
    only ``_ipython_display_``, which displays at once and returns nothing. Both
    have ``get_view_spec()``, the view's reference, so the bundle is built from it;
    then the widget's on-displayed callbacks run, as each major's display does.
    """
    spec = getattr(widget, "get_view_spec", None)
    if spec is None:
        raise TypeError(
            f"widget_view_bundle: `widget` must be an ipywidgets widget, got {type(widget)!r}."
        )
    bundle = {VIEW_MIME: spec()}
    displayed = getattr(widget, "_handle_displayed", None)
    if displayed is not None:
        displayed()
    return bundle
