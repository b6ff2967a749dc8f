"""Figures of the chapter "Pixels and RGB": what they draw, with alt text, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from companion import images, pixel_plots
from companion.figures import Picture


@pytest.fixture(scope="module")
def photo():
    return images.photo_uint8()[::4, ::4]


@pytest.mark.parametrize(
    "draw",
    [
        lambda p: pixel_plots.zoom_in(p, 10, 20, 6),
        pixel_plots.channel_split,
        pixel_plots.grey_versions,
        lambda p: pixel_plots.wrap_pitfall(p, 100),
    ],
    ids=["zoom_in", "channel_split", "grey_versions", "wrap_pitfall"],
)
def test_each_figure_is_a_titled_picture_with_alt_text(photo, draw):
    picture = draw(photo)
    assert isinstance(picture, Picture) and len(picture.alt) > 40
    titles = [ax.get_title() for ax in picture.figure.axes if ax.get_title()]
    assert len(titles) >= 2
    assert picture.png().startswith(b"\x89PNG")


def test_zoom_shows_exactly_the_boxed_pixels(photo):
    picture = pixel_plots.zoom_in(photo, 10, 20, 6)
    crop = picture.figure.axes[1].images[0].get_array()
    np.testing.assert_array_equal(crop, photo[10:16, 20:26])


def test_channels_are_drawn_in_grey_on_a_fixed_0_to_255_scale(photo):
    picture = pixel_plots.channel_split(photo)
    shown = [ax.images[0] for ax in picture.figure.axes[1:4]]
    assert all(image.get_cmap().name == "gray" for image in shown)
    assert all(image.get_clim() == (0, 255) for image in shown)
    np.testing.assert_array_equal(shown[2].get_array(), photo[:, :, 2])


def test_grey_difference_uses_a_diverging_map_centred_on_zero(photo):
    image = pixel_plots.grey_versions(photo).figure.axes[2].images[0]
    low, high = image.get_clim()
    assert image.get_cmap().name == "RdBu_r" and low == -high


def test_wrap_pitfall_shows_the_wrapped_and_the_clipped_photo(photo):
    panels = [ax.images[0].get_array() for ax in pixel_plots.wrap_pitfall(photo).figure.axes[:3]]
    bright = photo > 155
    assert np.all(panels[1][bright] < 100)  # wrapped past 255 to dark
    assert np.all(panels[2][bright] == 255)


@pytest.mark.parametrize(
    "draw",
    [pixel_plots.channel_split, pixel_plots.grey_versions, pixel_plots.wrap_pitfall],
)
def test_float_photos_are_rejected_naming_the_argument(draw):
    with pytest.raises(ValueError, match=r"`photo` must be a uint8"):
        draw(images.photo(size=16))
