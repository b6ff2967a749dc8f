"""Sphinx extension: the theme's icon fonts hold only the icons the site can show.

The theme draws its icons (header buttons, navigation arrows, admonitions, external links) from
the Font Awesome web fonts: 156 kB for the solid set and 118 kB for the brands, fetched with high
priority by the first page that shows one icon of the set, for the twenty-odd icons the site
uses. Once the site is written, each font (``woff2`` and ``ttf``) is cut down to the glyphs the
site can show:

- those of the icon classes its pages and scripts name (``fa-github``, ``fa-xmark``...), looked
  up in the stylesheets' table of ``.fa-<name>:before { content: "\\f09b" }`` rules;
- every glyph a stylesheet draws otherwise (``--pst-icon-info-circle: "\\f05a"`` and the like).

The fonts come from the theme, copied afresh by every build, so the cut is redone each time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from course_build import page_files

FONT_FOLDER = ("_static", "vendor", "fontawesome", "webfonts")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
# A glyph in a CSS string: escaped (``"\\f09b"``) or the private-use character itself.
_GLYPH = re.compile(r'"(?:\\([0-9a-fA-F]{4,5})|([\ue000-\uf8ff]))"')
_TABLE_SELECTOR = re.compile(r"^\.(fa-[\w-]+):{1,2}before$")
_ICON_NAME = re.compile(r"\bfa-[a-z0-9][a-z0-9-]*")


def icon_names(texts: Iterable[str]) -> set[str]:
    """Every ``fa-<name>`` a page or script names."""
    return {name for text in texts for name in _ICON_NAME.findall(text)}


def shown_codepoints(stylesheets: Iterable[str], names: set[str]) -> set[int]:
    """The glyphs the site can show: of the table rules, those of ``names``; every other."""
    codepoints = set()
    for css in stylesheets:
        for selectors, body in _RULE.findall(css):
            glyphs = [int(code, 16) if code else ord(char) for code, char in _GLYPH.findall(body)]
            if not glyphs:
                continue
            table = [_TABLE_SELECTOR.match(selector.strip()) for selector in selectors.split(",")]
            if all(table) and not names & {match.group(1) for match in table}:
                continue
            codepoints.update(glyphs)
    return codepoints


def subset_font(path: Path, codepoints: set[int]) -> tuple[int, int]:
    """Cut the font at ``path`` (woff2 or ttf) down to ``codepoints``, in place; (bytes before,
    bytes after)."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2" if path.suffix == ".woff2" else None
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.ignore_missing_unicodes = True
    before = path.stat().st_size
    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.WARNING)  # not a line per table and glyph in the build's output
    try:
        font = subset.load_font(str(path), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(codepoints))
        subsetter.subset(font)
        subset.save_font(font, str(path), options)
    finally:
        log.setLevel(level)
    return before, path.stat().st_size


def subset_icon_fonts(outdir: Path) -> dict[str, tuple[int, int]]:
    """Cut every icon font of the written site to what its pages and stylesheets can show."""
    outdir = Path(outdir)
    folder = outdir.joinpath(*FONT_FOLDER)
    if not folder.is_dir():
        return {}
    static = outdir / "_static"
    scripts = [path.read_text(encoding="utf-8", errors="replace") for path in static.rglob("*.js")]
    pages = [page.read_text(encoding="utf-8") for page in page_files(outdir)]
    stylesheets = [
        path.read_text(encoding="utf-8", errors="replace") for path in static.rglob("*.css")
    ]
    codepoints = shown_codepoints(stylesheets, icon_names(pages + scripts))
    return {
        path.name: subset_font(path, codepoints)
        for path in sorted(folder.iterdir())
        if path.suffix in (".woff2", ".ttf")
    }


def cut_icon_fonts(app, exception) -> None:
    """``build-finished``: the cut above, on a successful html build."""
    if exception is None and getattr(app.builder, "format", None) == "html":
        subset_icon_fonts(Path(app.outdir))


def setup(app):
    # After course_assets has removed the icon script, which names every icon there is.
    app.connect("build-finished", cut_icon_fonts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
