"""companion.style: one sheet for the course's sizes and colours, applied only to its figures."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from skimage.color import deltaE_ciede2000, rgb2lab

import companion
from companion import plots, style

# Machado, Oliveira & Fernandes (2009), severity 1.0: linear-RGB simulation of dichromacy.
DICHROMACY = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def _seen_as(hex_colour: str, vision: str) -> np.ndarray:
    """CIELAB of ``hex_colour`` as a viewer with ``vision`` sees it (sRGB <-> linear by hand)."""
    srgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    seen = np.clip(np.asarray(DICHROMACY[vision]) @ linear, 0, 1)
    back = np.where(seen <= 0.0031308, 12.92 * seen, 1.055 * seen ** (1 / 2.4) - 0.055)
    return rgb2lab(back[None, None, :])[0, 0]


@pytest.mark.parametrize("vision", sorted(DICHROMACY))
def test_the_series_colours_stay_apart_for_colour_blind_readers(vision):
    series = {
        "ORANGE": style.ORANGE,
        "PURPLE": style.PURPLE,
        "SKY": style.SKY,
        "GREEN": style.GREEN,
    }
    for (a, first), (b, second) in itertools.combinations(series.items(), 2):
        distance = float(deltaE_ciede2000(_seen_as(first, vision), _seen_as(second, vision)))
        assert distance > 10, f"{a} and {b} are only {distance:.1f} apart under {vision}"


def test_the_sheet_sets_the_sizes_the_module_names():
    sheet = matplotlib.rc_params_from_file(style.STYLE_SHEET, use_default_template=False)
    assert sheet["axes.titlesize"] == sheet["font.size"] == style.MEDIUM == 10
    assert sheet["figure.titlesize"] == style.LARGE
    assert sheet["legend.fontsize"] == style.SMALLER
    assert sheet["axes.prop_cycle"].by_key()["color"][:2] == [style.ORANGE, style.PURPLE]
    assert sheet["image.cmap"] == style.SEQUENTIAL


def test_the_font_sizes_form_one_decreasing_scale():
    sizes = [style.LARGE, style.MEDIUM, style.SMALL, style.SMALLER, style.TINY, style.TINIEST]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes)


def test_the_sheet_ships_inside_the_package():
    assert style.STYLE_SHEET.parent == Path(companion.__file__).parent
    assert style.STYLE_SHEET.is_file()


def test_the_course_style_leaves_the_sessions_style_as_it_was():
    with matplotlib.rc_context({"axes.titlesize": 17.0, "legend.fontsize": 13.0}):
        with style.course_style():
            assert matplotlib.rcParams["axes.titlesize"] == 10
        assert matplotlib.rcParams["axes.titlesize"] == 17
        plots.matrix(np.eye(2), "eye", alt="a 2x2 identity matrix")
        assert matplotlib.rcParams["legend.fontsize"] == 13


def test_a_figure_takes_the_course_sizes_whatever_the_session_uses():
    with matplotlib.rc_context({"axes.titlesize": 25.0, "xtick.labelsize": 25.0}):
        picture = plots.maps([(np.eye(4), "identity")], alt="a 4x4 identity map")
        picture.png()
    ax = picture.figure.axes[0]
    assert ax.title.get_fontsize() == 10
    assert {label.get_fontsize() for label in ax.get_xticklabels()} == {style.TINY}


def _figure_modules():
    root = Path(companion.__file__).parent
    for path in sorted([*root.glob("*.py"), *root.glob("demos/*.py")]):
        lines = path.read_text(encoding="utf-8").splitlines()
        source = "\n".join(line for line in lines if not line.lstrip().startswith(">>>"))
        if path.name != "style.py" and re.search(
            r"^from (matplotlib|companion\.figures)", source, re.M
        ):
            yield pytest.param(source, id=str(path.relative_to(root)))


@pytest.mark.parametrize("source", list(_figure_modules()))
def test_figure_modules_spell_no_colour_or_font_size(source):
    assert not re.findall(r"(?:font|label)size=\d", source)
    assert not re.findall(r"[\"']#[0-9a-fA-F]{6}[\"']", source)
    assert not re.findall(r"colou?rs?=[\"']0\.\d", source)
    named = r"[\"'][A-Za-z][\w-]*[\"']"  # a named colour or colour map: "white", 'gray'
    assert not re.findall(rf"\b(?:(?:edge|face)?colou?r|[ef]c|cmap)={named}", source)
    assert not re.findall(rf"\.set_(?:(?:edge|face)?colou?r|cmap)\({named}", source)
    assert not re.findall(r"\((?:0|255), (?:0|255), (?:0|255)\)", source)  # RGB black, white
