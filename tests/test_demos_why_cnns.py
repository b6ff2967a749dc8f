"""The Why CNNs chapter's shift demo: what each frame shows (test_demos.py sweeps it)."""

from __future__ import annotations

import numpy as np

from companion.demos import why_cnns as demos


def test_shift_slider_goes_from_0_to_14_pixels():
    demo = demos.shift_similarity_demo()
    assert demo.controls[0].values == tuple(range(15))
    assert demo.controls[0].labels[3] == "3 px"


def test_unshifted_frame_is_identical_to_the_original():
    demo = demos.shift_similarity_demo()
    result = demo.compute(dx=0)
    assert np.isclose(result.pixel_similarity, 1)
    assert result.equivariance_error == 0


def test_caption_contrasts_pixels_and_pooled_features():
    text = demos.shift_similarity_demo().update(dx=4)
    assert "Pixel-by-pixel similarity with the original: 0.46" in text
    assert "max-pooled edge features: 1.000" in text
    assert "moved with the digit" in text


def test_caption_says_when_the_digit_reaches_the_border():
    text = demos.shift_similarity_demo().update(dx=14)
    assert "leaving the canvas" in text


def test_view_moves_the_digit_and_the_marker():
    demo = demos.shift_similarity_demo()
    demo.update(dx=6)
    np.testing.assert_array_equal(demo.view.image.get_array(), demo.compute(dx=6).shifted)
    assert list(demo.view.marker.get_xdata()) == [6, 6]
