"""Frames stored in a page are lossless: decoding the PNG gives back every pixel."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from companion.figures import encode_png


def _decode(png: bytes) -> tuple[str, np.ndarray]:
    image = Image.open(io.BytesIO(png))
    return image.mode, np.asarray(image.convert("RGB"))


def _with_colours(count: int, shape=(40, 50)) -> np.ndarray:
    """An (H, W, 3) frame holding exactly ``count`` distinct colours, scattered."""
    rng = np.random.default_rng(count)
    colours = rng.choice(256**3, size=count, replace=False)
    picks = np.concatenate([np.arange(count), rng.integers(0, count, shape[0] * shape[1] - count)])
    packed = colours[rng.permutation(picks)].reshape(shape)
    return np.stack([packed >> 16, (packed >> 8) & 255, packed & 255], axis=-1).astype(np.uint8)


@pytest.mark.parametrize("count", [1, 2, 255, 256, 257, 2000])
@pytest.mark.parametrize("palette", [False, True])
def test_decoded_png_equals_the_frame(count, palette):
    rgb = _with_colours(count)
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) == count
    _mode, decoded = _decode(encode_png(rgb, palette=palette))
    np.testing.assert_array_equal(decoded, rgb)


def test_page_frames_use_a_palette_only_when_it_holds_every_colour():
    assert _decode(encode_png(_with_colours(256), palette=True))[0] == "P"
    assert _decode(encode_png(_with_colours(257), palette=True))[0] == "RGB"


def test_near_colours_survive_in_a_page_frame():
    """What quantising lost: pure blue next to 254 blues and a white next to near-whites."""
    rgb = np.zeros((16, 300, 3), np.uint8)
    rgb[:, :, 2] = np.arange(300) % 256  # 256 blues
    rgb[8:, :44] = np.arange(212, 256)[:, None]  # and 44 greys up to white
    _mode, decoded = _decode(encode_png(rgb, palette=True))
    np.testing.assert_array_equal(decoded, rgb)


def test_palette_frames_are_smaller_than_the_fast_path():
    rgb = _with_colours(16, shape=(200, 300))
    assert len(encode_png(rgb, palette=True)) < len(encode_png(rgb))


@pytest.mark.parametrize(
    ("rgb", "error"),
    [
        (np.zeros((4, 4, 3), np.float64), TypeError),
        ([[[0, 0, 0]]], TypeError),
        (np.zeros((4, 4), np.uint8), ValueError),
        (np.zeros((4, 4, 4), np.uint8), ValueError),
        (np.zeros((0, 4, 3), np.uint8), ValueError),
    ],
)
def test_bad_frames_are_refused_naming_the_argument(rgb, error):
    with pytest.raises(error, match="`rgb`"):
        encode_png(rgb)


def test_webp_frames_decode_to_exactly_the_pixels_in_less_space_than_png():
    """The site's frames: lossless WebP, checked by decoding with Pillow (libwebp)."""
    import io

    from PIL import Image

    from companion.figures import encode_webp

    rng = np.random.default_rng(0)
    rgb = np.repeat(np.repeat(rng.integers(0, 256, (30, 40, 3), dtype=np.uint8), 4, 0), 4, 1)
    data = encode_webp(rgb)
    assert data[:4] == b"RIFF" and data[8:16] == b"WEBPVP8L"  # the lossless format
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(data)).convert("RGB")), rgb)
    assert len(data) < len(encode_png(rgb, palette=True))
    with pytest.raises(ValueError, match=r"encode_webp: `rgb` must have shape \(H, W, 3\)"):
        encode_webp(rgb[..., :2])
