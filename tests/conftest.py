"""Shared fixtures: TensorFlow, imported once, quietly; the built site and chromium.

The site tests read the book built by ``make book`` from the folder named by the
environment variable ``COURSE_SITE_DIR`` (default ``_build/html``). The browser
tests drive Debian's ``/usr/bin/chromium`` (or ``$CHROMIUM``) through
Playwright's Python package; Playwright's own browser download is not used.
Locally, a missing site or a missing chromium skips those tests with a hint.
Under CI (``CI=true``) they fail instead: a CI run must test the real thing.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest


@pytest.fixture(scope="session")
def tf():
    """The tensorflow module, via the companion's quiet importer."""
    from companion.tf_support import import_tensorflow

    return import_tensorflow()


# -- the built site, served, and the browser (tests/test_site.py, test_browser.py) --

REPO = Path(__file__).resolve().parent.parent
ON_CI = os.environ.get("CI", "").lower() == "true"
#: pip's words when PyPI cannot be reached (a test then skips locally, fails under CI).
NETWORK_TROUBLE = re.compile(
    r"NewConnectionError|Temporary failure in name resolution|Network is unreachable"
    r"|Failed to establish a new connection|ReadTimeoutError"
)
HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def site_dir() -> Path:
    """The built site: ``$COURSE_SITE_DIR`` or ``_build/html`` (relative to the repository)."""
    folder = Path(os.environ.get("COURSE_SITE_DIR", "_build/html"))
    return folder if folder.is_absolute() else REPO / folder


def _toc_entries(node: dict | list) -> Iterator[str]:
    """Every ``file:`` of a jupyter-book TOC, in reading order."""
    if isinstance(node, list):
        for item in node:
            yield from _toc_entries(item)
        return
    for key in ("root", "file"):
        if key in node:
            yield node[key]
    for key in ("parts", "chapters", "sections"):
        if key in node:
            yield from _toc_entries(node[key])


def toc_docnames() -> list[str]:
    """The TOC's documents (``book/03_convolution_math``...), whatever chapters exist now."""
    import yaml

    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    names = [str(Path(name).with_suffix("")) if "." in name else name for name in _toc_entries(toc)]
    return list(dict.fromkeys(name.replace(os.sep, "/") for name in names))


def toc_sources() -> dict[str, Path]:
    """Each TOC document's source file (``.ipynb`` or ``.md``)."""
    sources = {}
    for name in toc_docnames():
        for suffix in (".ipynb", ".md"):
            path = REPO / f"{name}{suffix}"
            if path.exists():
                sources[name] = path
                break
    return sources


def _luminance(css_colour: str) -> float:
    """WCAG 2 relative luminance of an ``rgb(...)``, ``rgba(...)`` or ``#rrggbb`` colour."""
    if css_colour.startswith("#"):
        channels = [int(css_colour[i : i + 2], 16) for i in (1, 3, 5)]
    else:
        channels = [float(v) for v in re.findall(r"[\d.]+", css_colour)[:3]]

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(v / 255) for v in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two opaque CSS colours (1 to 21)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def missing(reason: str) -> None:
    """Skip locally, fail under CI."""
    if ON_CI:
        pytest.fail(f"{reason} (CI=true: these tests must run, never skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site's folder; skips (fails under CI) when it has not been built."""
    folder = site_dir()
    if not (folder / "index.html").is_file():
        missing(f"no built site in {folder}: run `make book` or set COURSE_SITE_DIR")
    return folder


@pytest.fixture(scope="session")
def page_weights(request: pytest.FixtureRequest) -> dict[str, int]:
    """Collects each page's weight; printed in the terminal summary."""
    weights: dict[str, int] = {}
    request.config.stash[_WEIGHTS] = weights
    return weights


_WEIGHTS = pytest.StashKey[dict]()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    weights = config.stash.get(_WEIGHTS, None)
    if not weights:
        return
    terminalreporter.section("page weights (html + its own images)")
    for page, size in sorted(weights.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{size / 1e6:8.3f} MB  {page}")


# -- serving the site ------------------------------------------------------------


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 on a free port, for the whole session, as a web
    host serves it: text gzip-compressed, connections kept alive (``tools/site_server.py``)."""
    sys.path.insert(0, str(REPO / "tools"))
    from site_server import serving

    with serving(site, HOST) as url:
        yield url


# -- the browser -----------------------------------------------------------------


def chromium_path() -> str | None:
    """``$CHROMIUM`` if set (and only it), else Debian's /usr/bin/chromium or one on PATH."""
    chosen = os.environ.get("CHROMIUM")
    candidates = [chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, launched once per session through Playwright."""
    executable = chromium_path()
    if executable is None:
        missing("chromium is missing: run tools/ensure_chromium.sh (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the pinned environment has it
        missing("the playwright package is missing: pip install -r requirements.txt")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageLog:
    """What one page did: every request, console error, page error and failed load."""

    allowed_origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests to anything but the allowed origin (``data:``/``blob:`` stay in the page)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob")
            and f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != self.allowed_origin
        ]

    def snapshot(self) -> PageLog:
        """A copy of what was logged so far (later page activity does not change it)."""
        return PageLog(
            self.allowed_origin,
            list(self.requests),
            list(self.console_errors),
            list(self.page_errors),
            list(self.failures),
        )

    def attach(self, page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(f"{message.text} ({message.location.get('url')})")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on(
            "requestfailed",
            lambda request: self.failures.append(f"{request.url}: {request.failure}"),
        )
        page.on(
            "response",
            lambda response: (
                self.failures.append(f"{response.url}: HTTP {response.status}")
                if response.status >= 400
                else None
            ),
        )


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def new_page(browser):
    """Factory: a fresh browser context (no stored state) and a page whose activity is logged."""
    contexts = []

    def make(origin: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        log = PageLog(allowed_origin=origin_of(origin))
        log.attach(page)
        return page, log

    yield make
    for context in contexts:
        context.close()


def pytest_collection_modifyitems(config, items):
    """A test that reads the built site is a ``build`` test (or ``browser``), whatever it says.

    The unit phase runs before the book is built (``-m "not build and not browser"``); a
    site-reading test without a mark would fail there on a clean checkout.
    """
    for item in items:
        names = getattr(item, "fixturenames", ())
        marked = any(any(item.iter_markers(name)) for name in ("build", "browser"))
        if "site" in names and not marked:
            item.add_marker(pytest.mark.build)
