"""The Pixels and RGB chapter's demos: what each frame shows (test_demos.py sweeps them)."""

from __future__ import annotations

import numpy as np

from companion import colour
from companion.demos import pixels as demos


def test_mixer_offers_64_colours_in_four_levels():
    demo = demos.rgb_mixer_demo()
    assert demo.size == 64
    assert [c.name for c in demo.controls] == ["red", "green", "blue"]


def test_mixer_frame_reports_hex_bits_and_greys():
    text = demos.rgb_mixer_demo().update(red=255, green=170, blue=0)
    assert "hex #FFAA00" in text
    assert "11111111 10101010 00000000" in text
    assert "mean 142" in text and "luminance 176" in text


def test_mixer_swatch_takes_the_mixed_colour():
    demo = demos.rgb_mixer_demo()
    demo.update(red=85, green=0, blue=255)
    red, green, blue, _ = demo.view.swatch.get_facecolor()
    assert (round(red * 255), round(green * 255), round(blue * 255)) == (85, 0, 255)
    assert [bar.get_width() for bar in demo.view.bars] == [85, 0, 255]


def test_inspector_window_holds_the_photos_stored_values():
    demo = demos.pixel_inspector_demo()
    for params in demo.grid():
        result = demo.compute(**params)
        assert result.pixels.dtype == np.uint8 and result.pixels.shape == (4, 4, 3)


def test_inspector_grid_covers_the_photo_from_corner_to_corner():
    demo = demos.pixel_inspector_demo(size=64, box=4)
    rows, cols = (c.values for c in demo.controls)
    assert rows[0] == 0 and cols[0] == 0
    assert (rows[-1], cols[-1]) == (64 - 4, 96 - 4)  # the 64x96 photo, last 4x4 window


def test_inspector_caption_names_the_top_left_pixel():
    demo = demos.pixel_inspector_demo()
    result = demo.compute(row=0, col=0)
    red, green, blue = result.pixels[0, 0]
    text = demo.update(row=0, col=0)
    assert f"red {red}, green {green}, blue {blue}" in text


def test_inspector_numbers_are_the_channel_values():
    demo = demos.pixel_inspector_demo()
    demo.update(**demo.defaults)
    pixels = demo.compute(**demo.defaults).pixels
    shown = list(demo.view.channels[1].numbers.strings[0])
    assert shown == [str(v) for v in pixels[0, :, 1]]
    assert colour.CHANNELS == ("red", "green", "blue")
