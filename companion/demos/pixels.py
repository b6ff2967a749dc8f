"""Slider demos of the chapter "Pixels and RGB": an RGB mixer and a pixel inspector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.patches import Rectangle

from companion import colour, images, style
from companion._validate import check_int
from companion.demo import Control, Demo
from companion.figures import freeze_layout, new_figure
from companion.layouts import WIDE, Layout, two_over_one
from companion.plots import draw_matrix

__all__ = ["Mix", "PixelWindow", "pixel_inspector_demo", "rgb_mixer_demo"]

#: Channel values the mixer offers: 4 levels per channel, 64 colours in all.
MIXER_LEVELS = (0, 85, 170, 255)


# -- demo 1: the RGB mixer ------------------------------------------------------------
@dataclass(frozen=True)
class Mix:
    """One frame of the mixer: the colour's channels, hex code, 24 bits and two greys."""

    rgb: tuple[int, int, int]
    hex_code: str
    bits: str
    mean: float
    luma: float


def rgb_mixer_demo(levels: tuple[int, ...] = MIXER_LEVELS) -> Demo:
    """Three sliders (red, green, blue) -> the colour, its values, hex code, bits and greys."""

    def compute(red: int, green: int, blue: int) -> Mix:
        return Mix(
            rgb=(red, green, blue),
            hex_code=colour.hex_code(red, green, blue),
            bits=colour.pixel_bits(red, green, blue),
            mean=float(colour.to_grey([red, green, blue], "mean")),
            luma=float(colour.to_grey([red, green, blue], "rec601")),
        )

    def describe(params: dict[str, Any], result: Mix) -> str:
        red, green, blue = result.rgb
        return (
            f"Red {red}, green {green}, blue {blue}: hex {result.hex_code}, stored as the 24 bits "
            f"{result.bits}. As grey: mean {result.mean:.0f}, luminance {result.luma:.0f}."
        )

    return Demo(
        title="Demo: mix a colour from red, green and blue",
        controls=[
            Control("red", levels, default=levels[-1]),
            Control("green", levels, default=levels[len(levels) // 2]),
            Control("blue", levels),
        ],
        compute=compute,
        make_view=_MixerView,  # takes the layout
        describe=describe,
    )


class _MixerView:
    """Wide: swatch, bars and numbers side by side; narrow: the numbers under the other two."""

    def __init__(self, layout: Layout = WIDE) -> None:
        if layout.narrow:
            self.figure = figure = new_figure(layout.width, 3.3, dpi=layout.dpi)
            ax_swatch, ax_bars, ax_text = two_over_one(
                figure, width_ratios=(1, 1.6), height_ratios=(1, 1.05)
            )
        else:
            self.figure = figure = new_figure(9.6, 2.4, dpi=layout.dpi)
            ax_swatch, ax_bars, ax_text = figure.subplots(
                1, 3, gridspec_kw={"width_ratios": [1, 1.6, 2.2]}
            )
        self.swatch = ax_swatch.add_patch(Rectangle((0, 0), 1, 1, color=style.DARK))
        ax_swatch.set_xlim(0, 1)
        ax_swatch.set_ylim(0, 1)
        ax_swatch.set_xticks([])
        ax_swatch.set_yticks([])
        ax_swatch.set_title("the pixel's\ncolour" if layout.narrow else "the pixel's colour")
        channels = [style.CHANNEL_COLOURS[name] for name in colour.CHANNELS]
        self.bars = ax_bars.barh([2, 1, 0], [0, 0, 0], color=channels, edgecolor=style.DARK)
        self.values = [
            ax_bars.text(250, y, "", ha="right", va="center", fontsize=style.SMALL)
            for y in (2, 1, 0)
        ]
        ax_bars.set_yticks([2, 1, 0], ["red", "green", "blue"])
        ax_bars.set_xlim(0, 255)
        ax_bars.set_xticks([0, 64, 128, 192, 255])
        ax_bars.set_xlabel("channel value (0-255)")
        ax_bars.set_title(
            "three channels,\n8 bits each" if layout.narrow else "three channels, 8 bits each"
        )
        ax_text.set_axis_off()
        for spine in ax_text.spines.values():  # frames redraw their axes' spines: keep them off
            spine.set_visible(False)
        self.text = ax_text.text(
            0,
            0.5,
            "",
            family="monospace",
            fontsize=style.SMALL,
            va="center",
            transform=ax_text.transAxes,
        )
        self.changing = [self.swatch, *self.bars, *self.values, self.text]
        freeze_layout(figure, layout.min_font)

    def update(self, result: Mix) -> None:
        red, green, blue = result.rgb
        self.swatch.set_facecolor(result.hex_code)
        for bar, text, value in zip(self.bars, self.values, result.rgb, strict=True):
            bar.set_width(value)
            text.set_text(str(value))
        bits = result.bits.split()
        self.text.set_text(
            f"hex   {result.hex_code}\n"
            f"red   {red:3d} = {bits[0]}\n"
            f"green {green:3d} = {bits[1]}\n"
            f"blue  {blue:3d} = {bits[2]}\n"
            f"grey  mean {result.mean:5.1f}\n"
            f"      luminance {result.luma:5.1f}"
        )


# -- demo 2: the pixel inspector ---------------------------------------------------------
@dataclass(frozen=True)
class PixelWindow:
    """One frame of the inspector: the window's top-left corner and its stored pixels."""

    row: int
    col: int
    pixels: np.ndarray


def pixel_inspector_demo(size: int = 64, box: int = 4) -> Demo:
    """Move a small window over a photo; see its pixels and their red, green, blue values.

    ``size``: the photo's height in pixels (16-256); ``box``: the window's side (1-8 pixels,
    each written with its three values).
    """
    func = "pixel_inspector_demo"
    size = check_int(size, "size", func, 16, 256)
    box = check_int(box, "box", func, 1, 8)
    photo = colour.to_uint8(images.photo("chelsea", size=size))
    height, width = photo.shape[:2]
    rows = tuple(int(v) for v in np.linspace(0, height - box, 6).round())
    cols = tuple(int(v) for v in np.linspace(0, width - box, 6).round())

    def compute(row: int, col: int) -> PixelWindow:
        return PixelWindow(row, col, colour.window(photo, row, col, box))

    def describe(params: dict[str, Any], result: PixelWindow) -> str:
        pixels = result.pixels
        top = pixels[0, 0]
        means = pixels.reshape(-1, 3).mean(axis=0)
        return (
            f"Window of {box}x{box} pixels at row {result.row}, column {result.col} of the "
            f"{height}x{width} photo. Its top-left pixel is red {top[0]}, green {top[1]}, blue "
            f"{top[2]}; the window's mean is red {means[0]:.0f}, green {means[1]:.0f}, blue "
            f"{means[2]:.0f}."
        )

    return Demo(
        title="Demo: inspect the numbers behind a photo's pixels",
        controls=[
            Control("row", rows, "window row", default=rows[2]),
            Control("col", cols, "window column", default=cols[2]),
        ],
        compute=compute,
        make_view=lambda layout=WIDE: _InspectorView(photo, box, layout),
        describe=describe,
    )


class _InspectorView:
    """Wide: photo, window and its three channels in a row; narrow: the photo above the four."""

    def __init__(self, photo: np.ndarray, box: int, layout: Layout = WIDE) -> None:
        if layout.narrow:
            self.figure = figure = new_figure(layout.width, 3.6, dpi=layout.dpi)
            grid = figure.add_gridspec(2, 6, height_ratios=[1.5, 1])
            axes = [figure.add_subplot(grid[0, :4]), figure.add_subplot(grid[0, 4:])]
            axes += [figure.add_subplot(grid[1, 2 * i : 2 * i + 2]) for i in range(3)]
        else:
            self.figure = figure = new_figure(9.6, 2.8, dpi=layout.dpi)
            axes = figure.subplots(1, 5, gridspec_kw={"width_ratios": [1.6, 1, 1, 1, 1]})
        axes[0].imshow(photo)
        axes[0].set_title("photo")
        axes[0].tick_params(labelsize=style.TINY)
        axes[0].set_xlabel("column (px)")
        axes[0].set_ylabel("row (px)")
        self.box = Rectangle((-0.5, -0.5), box, box, fill=False, lw=2, ec=style.ORANGE)
        axes[0].add_patch(self.box)
        self.zoom = axes[1].imshow(np.zeros((box, box, 3), dtype=np.uint8))
        axes[1].set_title("window")
        axes[1].set_xticks([])
        axes[1].set_yticks([])
        self.channels = []
        for ax, name in zip(axes[2:], colour.CHANNELS, strict=True):
            artists = draw_matrix(
                ax, np.zeros((box, box)), title=name, fmt=".0f", signed=False, fontsize=style.TINY
            )
            artists.image.set_cmap(style.GREYS)
            ax.set_xlabel("")
            ax.set_ylabel("")
            ax.set_xticks([])
            ax.set_yticks([])
            self.channels.append(artists)
        self.changing = [self.box, self.zoom, *(a for m in self.channels for a in m.artists)]
        freeze_layout(figure, layout.min_font)

    def update(self, result: PixelWindow) -> None:
        pixels = result.pixels
        self.box.set_xy((result.col - 0.5, result.row - 0.5))
        self.zoom.set_data(pixels)
        for i, artists in enumerate(self.channels):
            artists.update(pixels[:, :, i].astype(int), (0, 255))
