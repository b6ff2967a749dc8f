"""The built site, read as files (no browser): links, offline resources, clean outputs, alt, size.

Marker ``build``: run after ``make book``; the site is read from ``$COURSE_SITE_DIR``
(default ``_build/html``). What the browser does with these pages is tested in
``tests/test_browser.py``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, toc_docnames

pytestmark = pytest.mark.build

MAX_PAGE_BYTES = 2_500_000

# Attributes through which a page *loads* something (an <a href> is only a link).
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
# <link rel=...> values that make the browser fetch the target.
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest"}
LOCAL_SCHEMES = ("", "data", "blob")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")

# Text that must never reach a page's cell output: tracebacks, warnings, TF/absl logs.
NOISE = re.compile(
    r"Traceback \(most recent call last\)"
    r"|\b[A-Z]\w*Warning\b:"
    r"|^\s*(?:WARNING|ERROR):"
    r"|^[IWEF]\d{4} \d\d:\d\d:\d\d"
    r"|oneDNN custom operations|tensorflow/core/|cuda_|TF-TRT",
    re.MULTILINE,
)
OUTPUT_ERROR_CLASSES = {"stderr", "traceback", "error"}
GENERIC_ALT = re.compile(r"^\s*(?:image|figure|plot|png|img|picture|<Figure size[^>]*>)\s*$", re.I)


# -- reading the site --------------------------------------------------------------


def _html_files(site: Path) -> list[Path]:
    """The site's pages: every .html outside the theme's assets and hidden folders."""
    return sorted(
        path
        for path in site.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(site).parts[:-1])
    )


@functools.cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    soup = _soup(path)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def _page(site: Path, docname: str) -> Path:
    path = site / f"{docname}.html"
    assert path.is_file(), f"{docname} is in _toc.yml but {path} was not built"
    return path


def _urls(value: str, attribute: str) -> list[str]:
    if attribute == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value]


def _loaded_urls(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """Every (tag, url) the page makes the browser fetch, including url() in inline CSS."""
    found = []
    for tag_name, attributes in LOADING_ATTRIBUTES.items():
        for tag in soup.find_all(tag_name):
            for attribute in attributes:
                if tag.get(attribute):
                    found += [(tag_name, url) for url in _urls(tag[attribute], attribute)]
    for tag in soup.find_all("link", href=True):
        if LOADING_RELS & {rel.lower() for rel in tag.get("rel", [])}:
            found.append(("link", tag["href"]))
    for tag in soup.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
        url = tag.get("content", "").partition("url=")[2]
        if url:
            found.append(("meta refresh", url))
    css = [tag.get_text() for tag in soup.find_all("style")]
    css += [tag["style"] for tag in soup.find_all(style=True)]
    for text in css:
        found += [("style", a or b) for a, b in CSS_URL.findall(text)]
    return found


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES and not parts.netloc


def _target(page: Path, url: str) -> Path:
    """The file a relative URL of ``page`` points to."""
    path = unquote(urlsplit(url).path)
    target = (page.parent / path).resolve() if path else page
    return target / "index.html" if target.is_dir() else target


def _site_pages(site: Path) -> list[Path]:
    pages = _html_files(site)
    assert pages, f"no pages in {site}"
    return pages


# -- links ---------------------------------------------------------------------------


def test_every_toc_document_is_built(site):
    missing = [name for name in toc_docnames() if not (site / f"{name}.html").is_file()]
    assert not missing, f"in _toc.yml but not built: {missing}"


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    for page in _site_pages(site):
        soup = _soup(page)
        links = [tag["href"] for tag in soup.find_all(["a", "area"], href=True)]
        links += [url for _tag, url in _loaded_urls(soup)]
        for url in links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:")):
                continue
            target = _target(page, url)
            name = f"{page.relative_to(site)}: {url}"
            if not target.exists():
                broken.append(f"{name} (no file {target})")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in _ids(target)
            ):
                broken.append(f"{name} (no anchor #{parts.fragment})")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


# -- offline ---------------------------------------------------------------------------


def test_no_page_loads_a_resource_from_another_host(site):
    foreign = []
    for page in _site_pages(site):
        for tag, url in _loaded_urls(_soup(page)):
            if not _is_local(url):
                foreign.append(f"{page.relative_to(site)}: <{tag}> {url}")
    assert not foreign, "resources from other hosts (the site must work offline):\n" + "\n".join(
        foreign
    )


def test_no_stylesheet_loads_from_another_host(site):
    """The site's own CSS (theme, fonts, MathJax, ours) must not @import or url() the web."""
    foreign = []
    for sheet in sorted((site / "_static").rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        for a, b in CSS_URL.findall(text):
            url = a or b
            if not _is_local(url):
                foreign.append(f"{sheet.relative_to(site)}: {url}")
    assert not foreign, "stylesheets fetching from other hosts:\n" + "\n".join(foreign)


def test_launch_and_repository_buttons_are_plain_links(site):
    """GitHub/Binder/Colab appear only as <a href> the reader may follow, never as a fetch."""
    for page in _site_pages(site):
        for _tag, url in _loaded_urls(_soup(page)):
            host = urlsplit(url).netloc
            assert not re.search(r"github|binder|colab", host), f"{page}: loads {url}"


# -- outputs ---------------------------------------------------------------------------


def _output_areas(soup: BeautifulSoup):
    return soup.select("div.cell_output, div.output")


@pytest.mark.parametrize("docname", toc_docnames())
def test_page_outputs_show_no_traceback_warning_or_stderr(site, docname):
    soup = _soup(_page(site, docname))
    problems = []
    for area in _output_areas(soup):
        classes = set()
        for tag in [area, *area.find_all(True)]:
            classes |= set(tag.get("class", []))
        flagged = OUTPUT_ERROR_CLASSES & classes
        if flagged:
            problems.append(f"an output of class {sorted(flagged)}: {area.get_text()[:200]!r}")
        for tag in area.find_all(["pre", "code", "p", "div"]):
            match = NOISE.search(tag.get_text())
            if match:
                problems.append(f"noise {match.group(0)!r} in: {tag.get_text()[:200]!r}")
                break
    assert not problems, f"{docname}:\n" + "\n".join(dict.fromkeys(problems))


# -- accessibility and weight -------------------------------------------------------------


def test_every_image_has_meaningful_alt_text(site):
    bad = []
    for page in _site_pages(site):
        for img in _soup(page).find_all("img"):
            alt = img.get("alt")
            if alt is None or not alt.strip() or GENERIC_ALT.match(alt):
                src = img.get("src", "")[:60]
                bad.append(f"{page.relative_to(site)}: <img src={src!r}> alt={alt!r}")
    assert not bad, "images without meaningful alt text:\n" + "\n".join(bad)


def _page_weight(site: Path, page: Path) -> int:
    """The page's own bytes: its html (inline figures and demo frames included) plus the
    image files it shows from outside ``_static`` (shared theme assets are cached once)."""
    total = page.stat().st_size
    static = (site / "_static").resolve()
    seen = set()
    for tag, url in _loaded_urls(_soup(page)):
        parts = urlsplit(url)
        if tag in ("img", "source", "video") and not parts.scheme and not parts.netloc:
            target = _target(page, url)
            if target.is_file() and static not in target.parents and target not in seen:
                seen.add(target)
                total += target.stat().st_size
    return total


@pytest.mark.parametrize("docname", toc_docnames())
def test_page_weight_is_at_most_2_5_mb(site, page_weights, docname):
    weight = _page_weight(site, _page(site, docname))
    page_weights[docname] = weight
    assert weight <= MAX_PAGE_BYTES, (
        f"{docname} weighs {weight / 1e6:.2f} MB > {MAX_PAGE_BYTES / 1e6} MB: "
        "fewer or smaller demo frames (see companion.faces)"
    )


# -- images as files, not base64 in the page (book/_ext/course_build.py) --------------------

INLINE_IMAGE = re.compile(r"data:image/[\w.+-]+;base64,")
INLINE_REFERENCE = re.compile(r"""(?:\.\./)*_images/inline/[^"'\s)]+""")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _image_kind(path: Path) -> str:
    """What the file holds by its signature: "png", "webp" (lossless only), or ""."""
    head = path.read_bytes()[:16]
    if head[:8] == PNG_SIGNATURE:
        return "png"
    if head[:4] == b"RIFF" and head[8:16] == b"WEBPVP8L":
        return "webp"
    return ""


def test_no_page_inlines_a_base64_image(site):
    """Frames and figures are files: a page carries text, not megabytes of base64."""
    inlined = []
    for page in _site_pages(site):
        count = len(INLINE_IMAGE.findall(page.read_text(encoding="utf-8")))
        if count:
            inlined.append(f"{page.relative_to(site)}: {count} base64 images")
    assert not inlined, "pages with inline images:\n" + "\n".join(inlined)


def test_every_inline_image_reference_names_an_image_file(site):
    """Every ``_images/inline/...`` a page names (attributes and demo payloads) is a PNG or a
    lossless WebP there, as its extension says."""
    bad = []
    named = 0
    for page in _site_pages(site):
        for url in set(INLINE_REFERENCE.findall(page.read_text(encoding="utf-8"))):
            named += 1
            target = _target(page, url)
            if not target.is_file():
                bad.append(f"{page.relative_to(site)}: {url} (no file)")
            elif _image_kind(target) != target.suffix[1:]:
                bad.append(f"{page.relative_to(site)}: {url} (not a {target.suffix} image)")
    assert named, "no page names an image under _images/inline: were the images moved out?"
    assert not bad, "broken inline image references:\n" + "\n".join(bad)


def test_identical_images_are_stored_once(site):
    """A file's name is its content's sha256 prefix, so no two files hold the same image."""
    folder = site / "_images" / "inline"
    files = sorted(folder.glob("*.*"))
    assert files, f"no images in {folder}"
    digests = {}
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert path.stem == digest[:16], f"{path.name} does not name its content ({digest[:16]})"
        digests.setdefault(digest, []).append(path.name)
    assert all(len(names) == 1 for names in digests.values())


def _demo_payloads(page: Path) -> list[tuple[dict, str]]:
    """Each static demo's JSON data and its default frame's src."""
    found = []
    for root in _soup(page).select("[data-cnn-demo]"):
        block = root.select_one("script.cnn-demo-data")
        img = root.select_one("img.cnn-demo-frame")
        assert block is not None and img is not None, f"{page}: a demo without data or frame"
        found.append((json.loads(block.get_text()), img.get("src", "")))
    return found


def test_every_demo_frame_url_resolves_to_a_lossless_webp(site):
    """The scrubber sets ``img.src`` to these URLs; relative to the page, each is a lossless
    WebP file (pixel for pixel the live frame, see tests/test_demos.py)."""
    bad = []
    demos = 0
    for page in _site_pages(site):
        for number, (data, default_src) in enumerate(_demo_payloads(page)):
            demos += 1
            name = f"{page.relative_to(site)} demo {number}"
            frames = data["frames"]
            if len(frames) != len(data["texts"]) or not all(
                0 <= i < len(data["images"]) for i in frames
            ):
                bad.append(f"{name}: frame indices outside its {len(data['images'])} images")
            if default_src not in data["images"]:
                bad.append(f"{name}: default frame {default_src[:60]!r} is not one of its frames")
            for url in data["images"]:
                parts = urlsplit(url)
                target = _target(page, url)
                if parts.scheme or parts.netloc or url.startswith("/"):
                    bad.append(f"{name}: {url[:60]!r} is not a page-relative URL")
                elif not target.is_file() or _image_kind(target) != "webp":
                    bad.append(f"{name}: {url} is not a lossless WebP file")
    assert demos, "no static demo on any page"
    assert not bad, "demo frames that do not load:\n" + "\n".join(bad)


def _course_build():
    spec = importlib.util.spec_from_file_location(
        "course_build", REPO / "book" / "_ext" / "course_build.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# A 1x1 red PNG and a 1x1 blue PNG, written out by hand (zlib stream of one scan line).
RED = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)
BLUE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC"
)


def _uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def test_images_become_files_with_paths_relative_to_each_page(tmp_path):
    """Pages at the root and in a subfolder; one image shared, alt text and JSON kept."""
    (tmp_path / "book").mkdir()
    (tmp_path / "_static").mkdir()
    top = tmp_path / "index.html"
    nested = tmp_path / "book" / "chapter.html"
    theme = tmp_path / "_static" / "theme.html"
    top.write_text(f'<img src="{_uri(RED)}" alt="a red pixel">', encoding="utf-8")
    payload = json.dumps({"images": [_uri(RED), _uri(BLUE)]})
    nested.write_text(
        f'<img src="{_uri(BLUE)}" alt="a blue pixel"><script type="application/json">'
        f"{payload}</script>",
        encoding="utf-8",
    )
    theme.write_text(f'<img src="{_uri(RED)}" alt="theme asset">', encoding="utf-8")

    counts = _course_build().externalise_inline_images(tmp_path)

    assert counts == {"index.html": 1, "book/chapter.html": 3}
    stored = sorted(p.name for p in (tmp_path / "_images" / "inline").iterdir())
    red = hashlib.sha256(RED).hexdigest()[:16] + ".png"
    blue = hashlib.sha256(BLUE).hexdigest()[:16] + ".png"
    assert stored == sorted([red, blue])
    assert top.read_text(encoding="utf-8") == f'<img src="_images/inline/{red}" alt="a red pixel">'
    text = nested.read_text(encoding="utf-8")
    assert f'<img src="../_images/inline/{blue}" alt="a blue pixel">' in text
    data = json.loads(text.split(">", 2)[2].removesuffix("</script>"))
    assert data["images"] == [f"../_images/inline/{red}", f"../_images/inline/{blue}"]
    assert (tmp_path / "_images" / "inline" / red).read_bytes() == RED
    assert "base64" in theme.read_text(encoding="utf-8"), "assets under _static are left alone"


def test_images_of_an_earlier_build_are_removed(tmp_path):
    folder = tmp_path / "_images" / "inline"
    folder.mkdir(parents=True)
    (folder / "0123456789abcdef.png").write_bytes(BLUE)
    (tmp_path / "index.html").write_text(f'<img src="{_uri(RED)}" alt="red">', encoding="utf-8")

    _course_build().externalise_inline_images(tmp_path)

    assert [p.name for p in folder.iterdir()] == [hashlib.sha256(RED).hexdigest()[:16] + ".png"]


# -- serving ------------------------------------------------------------------------------


def _recipe(makefile: str, target: str) -> str:
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert match, f"the Makefile has no `{target}` target"
    return match.group(1)


def test_make_serve_and_make_lab_bind_only_127_0_0_1():
    """A classroom laptop must not publish the site or a kernel to the network."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^HOST\s*:?=\s*127\.0\.0\.1\s*$", makefile, re.MULTILINE)
    assert "--bind $(HOST)" in _recipe(makefile, "serve")
    assert "--ip=$(HOST)" in _recipe(makefile, "lab")


def test_reference_lists_hold_list_items(site):
    """A list's children must be list items for screen readers (axe: aria-required-children)."""
    bad = []
    for page in _site_pages(site):
        for listing in _soup(page).select('[role="list"].citation-list'):
            roles = {child.get("role") for child in listing.find_all("div", class_="citation")}
            if roles - {"listitem"}:
                bad.append(f"{page.relative_to(site)}: {sorted(map(str, roles))}")
    assert not bad, "reference entries that are not list items:\n" + "\n".join(bad)


# -- what the site ships (book/_ext/course_assets.py, tools/vendor_mathjax.sh) --------------

MATHJAX_SHIPPED = re.compile(
    r"^(?:tex-chtml\.js|LICENSE|input/tex/extensions/[\w-]+\.js"
    r"|output/chtml/fonts/woff-v2/[\w-]+\.woff)$"
)
MAX_MATHJAX_BYTES = 2_500_000
FONT_AWESOME_ICON = re.compile(r"<i\b[^>]*\bclass=\"[^\"]*\bfa(?:[bsr]|-[a-z-]+)\b[^>]*>")


def test_no_page_loads_the_icon_script(site):
    """The theme's stylesheet draws the icons from its web fonts: no 1.5 MB icon script."""
    loading = [
        str(page.relative_to(site))
        for page in _site_pages(site)
        if "fontawesome.js" in page.read_text(encoding="utf-8")
    ]
    assert not loading, f"pages that load fontawesome.js: {loading}"
    shipped = [str(path.relative_to(site)) for path in site.rglob("fontawesome.js*")]
    assert not shipped, f"the icon script is still shipped: {shipped}"


def test_every_icon_is_hidden_from_screen_readers(site):
    """An icon is decoration: its button or link carries the label."""
    bare = []
    for page in _site_pages(site):
        for tag in FONT_AWESOME_ICON.findall(page.read_text(encoding="utf-8")):
            if 'aria-hidden="true"' not in tag:
                bare.append(f"{page.relative_to(site)}: {tag}")
    assert not bare, "icons read out by screen readers:\n" + "\n".join(bare[:20])


def test_mathjax_ships_only_what_the_pages_load(site):
    """The TeX-to-CHTML component, the TeX extensions it loads on demand, the woff fonts."""
    folder = site / "_static" / "mathjax"
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    names = [path.relative_to(folder).as_posix() for path in files]
    assert "tex-chtml.js" in names, f"no MathJax in {folder}"
    extra = [name for name in names if not MATHJAX_SHIPPED.match(name)]
    assert not extra, f"MathJax files the pages never load: {extra[:20]} ({len(extra)})"
    size = sum(path.stat().st_size for path in files)
    assert size <= MAX_MATHJAX_BYTES, f"MathJax weighs {size / 1e6:.2f} MB"


ICON_TABLE_RULE = re.compile(r'([^{}]+)\{content:"\\([0-9a-f]{4,5})"\}')
MAX_ICON_FONT_BYTES = 20_000


def _icon_codepoints(css: str) -> dict[str, int]:
    """The stylesheet's table of icons: ``fa-<name>`` to its glyph's codepoint."""
    table = {}
    for selectors, code in ICON_TABLE_RULE.findall(css):
        for selector in selectors.split(","):
            name = selector.strip().removeprefix(".").split(":")[0]
            table[name] = int(code, 16)
    return table


def test_the_icon_fonts_hold_every_icon_a_page_shows_and_little_else(site):
    """book/_ext/course_icon_fonts.py cuts the fonts: each icon a page names is still drawn."""
    from fontTools.ttLib import TTFont

    fonts = site / "_static" / "vendor" / "fontawesome" / "webfonts"
    css = (site / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    table = _icon_codepoints(css)
    cmaps = {path.stem: set(TTFont(path).getBestCmap()) for path in sorted(fonts.glob("*.woff2"))}
    missing = set()
    for page in _site_pages(site):
        for tag in FONT_AWESOME_ICON.findall(page.read_text(encoding="utf-8")):
            classes = re.search(r'class="([^"]*)"', tag).group(1).split()
            font = "fa-brands-400" if "fab" in classes else "fa-solid-900"
            for name in classes:
                if name in table and table[name] not in cmaps[font]:
                    missing.add(f"{name} ({font})")
    assert not missing, f"icons the fonts cannot draw: {sorted(missing)}"
    sizes = {path.name: path.stat().st_size for path in fonts.iterdir()}
    heavy = {name: size for name, size in sizes.items() if size > MAX_ICON_FONT_BYTES}
    assert not heavy, f"icon fonts over {MAX_ICON_FONT_BYTES / 1e3:.0f} kB: {heavy}"


PARSE_BLOCKING = re.compile(r"<script\b(?![^>]*\b(?:defer|async)\b)[^>]*\ssrc=\"([^\"]*)\"")
BLOCKING_ALLOWED = re.compile(r"(?:^|/)(?:documentation_options\.js|cnn-[\w-]+\.js)(?:\?|$)")


def test_only_the_course_scripts_hold_up_a_page_while_it_is_parsed(site):
    """Each parse-blocking script costs a round trip before the demos exist (300 ms on a slow
    connection): only the page's options and the course's own scripts may block."""
    blocking = []
    for page in _site_pages(site):
        for url in PARSE_BLOCKING.findall(page.read_text(encoding="utf-8")):
            if not BLOCKING_ALLOWED.search(url):
                blocking.append(f"{page.relative_to(site)}: {url}")
    assert not blocking, "scripts that block parsing:\n" + "\n".join(blocking[:20])
    preloaded = [
        str(page.relative_to(site))
        for page in _site_pages(site)
        if 'rel="preload" as="script"' in page.read_text(encoding="utf-8")
    ]
    assert not preloaded, f"deferred scripts preloaded (high priority) on: {preloaded}"
