"""Sphinx extension: the site ships the scripts and files its pages use, no more.

- **No Font Awesome script.** The theme loads ``scripts/fontawesome.js`` (1.5 MB, 0.5 MB
  gzipped) on every page to swap each ``<i class="fa-...">`` icon for an inline SVG. Its own
  stylesheet already draws the same icons from the Font Awesome web fonts (fetched only when
  an icon shows; ``course_icon_fonts.py`` cuts them to the icons the site shows), so once the
  site is written the script's tag leaves every page and the script leaves ``_static``.
  Each icon gets ``aria-hidden="true"``, as the script gave its SVGs: the buttons carry
  their own labels.
- **Nothing holds the demos back.** A plain ``<script src>`` stops the page's parsing until
  it has arrived: on a slow connection (300 ms a request, six at a time) the theme's dozen
  scripts kept the first demo out of the page for seconds. The scripts that only act once the
  page is parsed (Sphinx's helpers, copy buttons, toggles, tabs, the search index) load with
  ``defer``: fetched at once, run in order after parsing, before ``DOMContentLoaded`` as
  before. ``documentation_options.js`` (the page's inline scripts use it) and the course's own
  scripts (demos, questions and exercises answer as soon as their markup exists) stay as
  they are. The theme also preloads its two deferred scripts with high priority, which
  takes two of the six connections a browser opens to the site while the page's styles and
  first demo frames wait: those preload links go (the scripts still load, deferred).
- **MathJax as vendored.** ``tools/vendor_mathjax.sh`` keeps only the components the pages
  load; files of an earlier, fuller copy are removed from the site's ``_static/mathjax``
  (Sphinx adds static files but never removes them). On pages with maths, MathJax's menu
  disables the items that would load a component the site does not ship (the SVG renderer,
  the accessibility explorer and collapsible maths, which need the speech rule engine).
"""

from __future__ import annotations

import re
from pathlib import Path

from course_build import page_files

ICON_SCRIPT = ("_static", "scripts", "fontawesome.js")
_ICON_SCRIPT_TAG = re.compile(
    r"[ \t]*(?:<!-- So that users can add custom icons -->\s*)?"
    r'<script\b[^>]*\ssrc="[^"]*_static/scripts/fontawesome\.js(?:\?[^"]*)?"[^>]*></script>\n?'
)
_I_TAG = re.compile(r"<i\b([^>]*)>")
_CLASSES = re.compile(r'\sclass="([^"]*)"')
_ICON_CLASS = re.compile(r"^fa(?:[bsr]|-[a-z][a-z-]*)$")

# Scripts that act only once the page is parsed (DOMContentLoaded handlers, functions the
# page calls on a click): deferred. No inline script of a page calls them while it is parsed.
DEFERRED_SCRIPTS = (
    "doctools.js",
    "sphinx_highlight.js",
    "clipboard.min.js",
    "copybutton.js",
    "sphinx-book-theme.js",
    "togglebutton.js",
    "design-tabs.js",
    "searchtools.js",
    "language_data.js",
    "searchindex.js",
)
_BLOCKING_SCRIPT = re.compile(
    r"<script\b(?![^>]*\b(?:defer|async)\b)([^>]*\ssrc=\"([^\"]*)\"[^>]*)>"
)

_SCRIPT_PRELOAD = re.compile(
    r"[ \t]*(?:<!-- Pre-loaded scripts that we'll load fully later -->\s*)?"
    r'(?:<link rel="preload" as="script" href="([^"]*)"\s*/?>\s*)+'
)
_PRELOADED = re.compile(r'<link rel="preload" as="script" href="([^"]*)"')

MIRRORED_FOLDERS = ("mathjax",)

# Run before MathJax starts: its menu offers nothing the site does not ship.
MATHJAX_MENU = """window.MathJax = window.MathJax || {};
window.MathJax.startup = Object.assign({}, window.MathJax.startup, {
  ready: function () {
    MathJax.startup.defaultReady();
    var menu = MathJax.startup.document.menu && MathJax.startup.document.menu.menu;
    if (!menu) return;
    [["Settings", "Renderer", "SVG"], ["Accessibility", "Activate"],
     ["Accessibility", "Collapsible"], ["Accessibility", "AutoCollapse"]].forEach(function (path) {
      var item = menu.findID.apply(menu, path);
      if (item) item.disable();
    });
  }
});"""


def _hidden_icon(match: re.Match) -> str:
    attributes = match.group(1)
    classes = _CLASSES.search(attributes)
    is_icon = classes and any(_ICON_CLASS.match(name) for name in classes.group(1).split())
    if not is_icon or "aria-hidden=" in attributes:
        return match.group(0)
    return f'<i{attributes} aria-hidden="true">'


def without_icon_script(html: str) -> str:
    """The page without the Font Awesome script's tag, each icon ``aria-hidden``."""
    return _I_TAG.sub(_hidden_icon, _ICON_SCRIPT_TAG.sub("", html))


def _deferred(match: re.Match) -> str:
    name = match.group(2).split("?")[0].rsplit("/", 1)[-1]
    return f"<script defer{match.group(1)}>" if name in DEFERRED_SCRIPTS else match.group(0)


def with_deferred_scripts(html: str) -> str:
    """The page with the scripts of :data:`DEFERRED_SCRIPTS` loaded with ``defer``."""
    return _BLOCKING_SCRIPT.sub(_deferred, html)


def without_script_preloads(html: str) -> str:
    """The page without preload links for scripts it loads deferred anyway."""

    def drop(match: re.Match) -> str:
        urls = _PRELOADED.findall(match.group(0))
        if all(re.search(rf'<script defer[^>]*\ssrc="{re.escape(url)}"', html) for url in urls):
            return ""
        return match.group(0)

    return _SCRIPT_PRELOAD.sub(drop, html)


def rewrite_pages(outdir: Path) -> list[str]:
    """Every written page without the icon script, with the scripts above deferred and
    not preloaded; returns the pages changed (relative paths)."""
    outdir = Path(outdir)
    changed = []
    for page in page_files(outdir):
        text = page.read_text(encoding="utf-8")
        new = without_script_preloads(with_deferred_scripts(without_icon_script(text)))
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed.append(page.relative_to(outdir).as_posix())
    return changed


def drop_icon_script(outdir: Path) -> list[str]:
    """Delete the icon script and its companions (``.map``, ``.LICENSE.txt``); their names."""
    script = Path(outdir).joinpath(*ICON_SCRIPT)
    deleted = sorted(script.parent.glob(script.name + "*"))
    for path in deleted:
        path.unlink()
    return [path.name for path in deleted]


def prune_to_source(copy: Path, source: Path) -> list[str]:
    """Delete the files of ``copy`` that ``source`` does not hold (same relative path), and
    folders left empty; returns the deleted files (relative to ``copy``)."""
    if not copy.is_dir() or not source.is_dir():
        return []
    deleted = []
    for path in sorted(copy.rglob("*"), reverse=True):
        relative = path.relative_to(copy)
        if path.is_file() and not (source / relative).is_file():
            path.unlink()
            deleted.append(relative.as_posix())
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return deleted


def _static_sources(app) -> list[Path]:
    return [Path(app.confdir, entry) for entry in app.config.html_static_path]


def mathjax_menu(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: on a page that loads MathJax, the menu settings above."""
    mathjax = app.config.mathjax_path
    scripts = context.get("script_files") or []
    names = {mathjax, f"_static/{mathjax}"}  # Sphinx prefixes a local path with _static/
    if mathjax and any(str(script.filename or "") in names for script in scripts):
        app.builder.add_js_file("", body=MATHJAX_MENU)


def trim_site(app, exception) -> None:
    """``build-finished``: rewrite the pages, drop the icon script, mirror the vendored
    folders' contents."""
    if exception is not None or getattr(app.builder, "format", None) != "html":
        return
    outdir = Path(app.outdir)
    rewrite_pages(outdir)
    drop_icon_script(outdir)
    for name in MIRRORED_FOLDERS:
        for source in _static_sources(app):
            if (source / name).is_dir():
                prune_to_source(outdir / "_static" / name, source / name)


def setup(app):
    # After sphinx.ext.mathjax (priority 500) has put MathJax on the page.
    app.connect("html-page-context", mathjax_menu, priority=800)
    app.connect("build-finished", trim_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
