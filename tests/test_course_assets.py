"""What the site ships (book/_ext/course_assets.py) and how it is served (tools/site_server.py),
on pages and folders made by hand; the built site itself is checked in tests/test_site.py."""

from __future__ import annotations

import gzip
import sys
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "book" / "_ext"))
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO))

import course_assets  # noqa: E402
import course_icon_fonts  # noqa: E402
import site_server  # noqa: E402

from benchmarks.first_visit import chapter_pages  # noqa: E402

HEAD = """<head>
  <link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />
  <!-- So that users can add custom icons -->
  <script defer src="../_static/scripts/fontawesome.js?digest=55c26ed414f5f8a31ebb"></script>
  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />
</head>"""
ICONS = (
    '<button aria-label="Search"><i class="fa-solid fa-magnifying-glass fa-lg"></i></button>'
    '<a title="Source"><i class="fab fa-github"></i></a>'
    '<i class="fas fa-rocket" aria-hidden="true"></i><i>emphasis</i><i class="fancy">x</i>'
)


def test_the_icon_script_leaves_the_page_and_icons_are_hidden_from_screen_readers():
    page = course_assets.without_icon_script(HEAD + ICONS)
    assert "fontawesome" not in page and "custom icons" not in page
    assert 'href="../_static/scripts/bootstrap.js?digest=1"' in page
    assert '<i class="fa-solid fa-magnifying-glass fa-lg" aria-hidden="true"></i>' in page
    assert '<i class="fab fa-github" aria-hidden="true"></i>' in page
    assert page.count("aria-hidden") == 3, "an icon already hidden is left as it was"
    assert "<i>emphasis</i>" in page and '<i class="fancy">x</i>' in page
    assert course_assets.without_icon_script(page) == page


def test_the_icon_script_is_removed_from_every_page_and_from_static(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "chapter.html").write_text(HEAD + ICONS, encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>no icons</p>", encoding="utf-8")
    scripts = tmp_path / "_static" / "scripts"
    scripts.mkdir(parents=True)
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt", "x.js"):
        (scripts / name).write_text("//", encoding="utf-8")

    changed = course_assets.rewrite_pages(tmp_path)
    deleted = course_assets.drop_icon_script(tmp_path)

    assert changed == ["book/chapter.html"]
    assert "fontawesome" not in (tmp_path / "book" / "chapter.html").read_text(encoding="utf-8")
    assert deleted == ["fontawesome.js", "fontawesome.js.LICENSE.txt", "fontawesome.js.map"]
    assert sorted(p.name for p in scripts.iterdir()) == ["x.js"]


def test_scripts_that_wait_for_the_parsed_page_are_deferred_and_no_other():
    page = (
        '<script src="../_static/documentation_options.js?v=1"></script>'
        '<script src="../_static/doctools.js?v=2"></script>'
        '<script data-x="1" src="../searchindex.js"></script>'
        '<script defer="defer" src="../_static/mathjax/tex-chtml.js"></script>'
        '<script async="async" src="../_static/togglebutton.js"></script>'
        '<script src="../_static/cnn-demo.js?v=3"></script>'
        "<script>let toggleHintShow = 'Click to show';</script>"
    )
    deferred = course_assets.with_deferred_scripts(page)
    assert deferred == page.replace(
        '<script src="../_static/doctools.js', '<script defer src="../_static/doctools.js'
    ).replace(
        '<script data-x="1" src="../searchindex.js"',
        '<script defer data-x="1" src="../searchindex.js"',
    )
    assert course_assets.with_deferred_scripts(deferred) == deferred


def test_a_static_copy_is_pruned_to_its_source(tmp_path):
    source, copy = tmp_path / "vendor", tmp_path / "site"
    for folder, names in ((source, ["a.js", "fonts/f.woff"]), (copy, ["a.js", "b.js"])):
        for name in names:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("x", encoding="utf-8")
    (copy / "old" / "deep").mkdir(parents=True)
    (copy / "old" / "deep" / "c.js").write_text("x", encoding="utf-8")

    deleted = course_assets.prune_to_source(copy, source)

    assert sorted(deleted) == ["b.js", "old/deep/c.js"]
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*")) == ["a.js"]
    assert course_assets.prune_to_source(tmp_path / "none", source) == []


def test_the_server_gzips_text_for_clients_that_accept_it(tmp_path):
    text = "<p>" + "pixels " * 500 + "</p>"
    (tmp_path / "page.html").write_text(text, encoding="utf-8")
    (tmp_path / "frame.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))

    def get(path: str, encoding: str | None) -> tuple[str | None, bytes]:
        headers = {"Accept-Encoding": encoding} if encoding else {}
        request = urllib.request.Request(url + path, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers.get("Content-Encoding"), response.read()

    with site_server.serving(tmp_path) as url:
        encoding, body = get("page.html?v=1", "gzip, deflate, br")
        assert encoding == "gzip" and gzip.decompress(body).decode() == text
        assert len(body) < len(text) / 10
        assert get("page.html", None) == (None, text.encode())
        assert get("page.html", "gzip;q=0") == (None, text.encode())
        assert get("frame.png", "gzip")[0] is None, "images go out as they are"


def test_chapters_are_the_numbered_pages_in_order(tmp_path):
    (tmp_path / "book").mkdir()
    for name in ("02_b.html", "01_a.html", "glossary.html", "intro.html"):
        (tmp_path / "book" / name).write_text("", encoding="utf-8")
    assert chapter_pages(tmp_path) == ["book/01_a.html", "book/02_b.html"]


THEME_CSS = (
    '.fa-github:before{content:"\\f09b"}'
    '.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
    '.fa-unused:before{content:"\\f0fc"}'
    'html{--pst-icon-info-circle:"\uf05a";--pst-icon-font:"Font Awesome 6 Free"}'
    ".admonition>.admonition-title:after{content:var(--pst-icon-info-circle)}"
    '@media (min-width:960px){.toc-link:before{content:"\\f104"}}'
)


def test_the_icon_fonts_keep_named_icons_and_every_glyph_drawn_otherwise():
    names = course_icon_fonts.icon_names(
        ['<i class="fab fa-github"></i>', 'i.classList = "fa-solid fa-search"']
    )
    assert names == {"fa-github", "fa-solid", "fa-search"}
    kept = course_icon_fonts.shown_codepoints([THEME_CSS], names)
    assert kept == {0xF09B, 0xF002, 0xF05A, 0xF104}


def test_deferred_scripts_are_not_preloaded():
    page = (
        "<head><!-- Pre-loaded scripts that we'll load fully later -->\n"
        '  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />\n'
        '<link rel="preload" as="script" href="../_static/scripts/theme.js?digest=1" />\n'
        '<link rel="preload" as="image" href="frame.png" />\n</head><body>'
        '<script defer src="../_static/scripts/bootstrap.js?digest=1"></script>'
        '<script defer src="../_static/scripts/theme.js?digest=1"></script></body>'
    )
    trimmed = course_assets.without_script_preloads(page)
    assert 'as="script"' not in trimmed and "Pre-loaded" not in trimmed
    assert '<link rel="preload" as="image" href="frame.png" />' in trimmed
    assert trimmed.count("<script defer") == 2
    kept = page.replace("<script defer src=", "<script src=")
    assert course_assets.without_script_preloads(kept) == kept, "a blocking script keeps it"
