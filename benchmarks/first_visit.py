"""Item 9: a reader's first visit to each chapter on a slow connection.

Chromium (Debian's, through Playwright) opens each chapter of the built site, served with
gzip by ``tools/site_server.py``, with an empty cache and its network throttled through the
DevTools protocol (``Network.emulateNetworkConditions``): 1.5 Mbit/s down, 0.75 Mbit/s up,
300 ms latency per request. Two visits per chapter and screen (a 1366 px laptop; a 390 px
phone at 3 device pixels per CSS pixel, which fetches the narrow 2x frames), each in a fresh
browser context:

- **bytes on first load**: every byte received (``encodedDataLength``, headers included)
  from the navigation until the network is idle after the ``load`` event and MathJax has
  typeset, without scrolling or touching anything. Target <= 1.5 MB.
- **first demo usable**: from the navigation, the moment a keyboard step on the first
  demo's first slider changes its picture: the slider is focused and stepped (ArrowRight,
  or ArrowLeft at its end) every 50 ms until a step makes the picture ask for another frame
  (its ``src``, ``srcset`` or ``<source>``), and that frame has loaded and shows; the time
  is the page's own clock (``performance.now()``, from the navigation). Target <= 3 s.

``tests/test_browser.py`` asserts both targets for every chapter on the laptop with the same
functions; ``make bench`` reports both screens.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from benchmarks.report import Row, at_most
from benchmarks.stats import summarize

__all__ = [
    "BYTES_LIMIT",
    "USABLE_LIMIT",
    "chapter_pages",
    "first_demo_usable",
    "first_load_bytes",
    "visit_rows",
]

ROOT = Path(__file__).resolve().parents[1]
DOWNLOAD_BITS_PER_S = 1_500_000
UPLOAD_BITS_PER_S = 750_000
LATENCY_MS = 300
BYTES_LIMIT = 1_500_000
USABLE_LIMIT = 3.0  # seconds
VIEWPORT = {"width": 1366, "height": 900}
#: The browser contexts of the screens measured: a laptop, and a phone (what a reader with a
#: phone on a slow classroom network gets: the narrow layout at 2x).
SCREENS = {
    "laptop": {"viewport": VIEWPORT},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
}
NETWORK = f"{DOWNLOAD_BITS_PER_S / 1e6:g} Mbit/s, {LATENCY_MS} ms"
STEP_EVERY_S = 0.05
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# The first demo's picture: what it asks for (its src, srcset and <source>s) and shows.
PICTURE = """const picture = () => {
    const img = document.querySelector('[data-cnn-demo] img.cnn-demo-frame');
    if (!img) return null;
    const holder = img.parentElement && img.parentElement.tagName === 'PICTURE'
        ? img.parentElement : null;
    const sources = holder ? Array.from(holder.querySelectorAll('source')) : [];
    const asked = [img.getAttribute('src'), img.getAttribute('srcset')]
        .concat(sources.map(source => source.getAttribute('srcset'))).join(' | ');
    return {img: img, asked: asked, shown: img.currentSrc};
};"""

# The first demo's first usable slider, focused: whether it sits at its end, and its picture.
FOCUS_FIRST_SLIDER = """() => {
    %s
    const root = document.querySelector('[data-cnn-demo]');
    const slider = root && root.querySelector('input[data-control]:not([disabled])');
    const now = picture();
    if (!slider || !now) return null;
    slider.focus();
    return {atEnd: Number(slider.value) >= Number(slider.max), asked: now.asked, shown: now.shown};
}""".replace("%s", PICTURE)

# After the key: null if the picture asks for the same frame as before; else, once the new
# frame is loaded and shown, the page's clock.
FRAME_AFTER_STEP = """async before => {
    %s
    const now = picture();
    if (now.asked === before.asked) return null;
    const img = now.img;
    const shown = () => img.complete && img.naturalWidth > 0 && img.currentSrc !== before.shown;
    while (!shown()) {
        const loaded = await new Promise(done => {
            img.addEventListener('load', () => done(true), {once: true});
            img.addEventListener('error', () => done(false), {once: true});
            setTimeout(() => done(img.complete), 10000);
        });
        if (!loaded || (img.complete && img.currentSrc === before.shown)) return null;
    }
    return performance.now();
}""".replace("%s", PICTURE)

MATHJAX_DONE = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise;
    }
}"""


@dataclass(frozen=True)
class Load:
    """What one first load received: bytes (headers included) and the number of responses."""

    bytes: int
    responses: int


def chapter_pages(site: Path) -> list[str]:
    """The chapters' pages, relative to the site: ``book/NN_*.html`` in order."""
    return [path.relative_to(site).as_posix() for path in sorted(site.glob("book/[0-9]*.html"))]


def _throttled_page(browser, screen: str = "laptop"):
    """A page in a fresh context (empty cache) for ``screen``, its network throttled;
    (context, page, cdp)."""
    context = browser.new_context(**SCREENS[screen])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": DOWNLOAD_BITS_PER_S / 8,
            "uploadThroughput": UPLOAD_BITS_PER_S / 8,
        },
    )
    return context, page, cdp


def first_load_bytes(browser, url: str, timeout_s: float = 90, *, screen: str = "laptop") -> Load:
    """Bytes received on a first, untouched load of ``url`` (see the module's notes)."""
    context, page, cdp = _throttled_page(browser, screen)
    received: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda event: received.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    try:
        timeout_ms = timeout_s * 1000
        page.goto(url, wait_until="load", timeout=timeout_ms)
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        page.evaluate(MATHJAX_DONE)
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        page.wait_for_timeout(500)  # a late font or prefetch still counts
        return Load(sum(received.values()), len(received))
    finally:
        context.close()


def first_demo_usable(browser, url: str, timeout_s: float = 30, *, screen: str = "laptop") -> float:
    """Seconds from navigation until a key step on the first demo changes its picture."""
    from playwright.sync_api import Error as PlaywrightError

    context, page, _cdp = _throttled_page(browser, screen)
    try:
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                state = page.evaluate(FOCUS_FIRST_SLIDER)
            except PlaywrightError:  # the document is being replaced (navigation)
                state = None
            if state is not None:
                page.keyboard.press("ArrowLeft" if state["atEnd"] else "ArrowRight")
                usable_ms = page.evaluate(FRAME_AFTER_STEP, state)
                if usable_ms is not None:
                    return usable_ms / 1000
            time.sleep(STEP_EVERY_S)
        raise TimeoutError(f"{url}: the first demo was not usable within {timeout_s:.0f} s")
    finally:
        context.close()


# -- make bench ------------------------------------------------------------------------


def _chromium() -> str | None:
    chosen = os.environ.get("CHROMIUM")
    for candidate in (chosen,) if chosen else ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _rows_for(browser, base: str, page: str, repeats: int, log) -> list[Row]:
    url = base + page
    name = page.removesuffix(".html")
    rows = []
    for screen in SCREENS:
        log(f"first visit ({NETWORK}, {screen}): {name}")
        load = first_load_bytes(browser, url, screen=screen)
        seconds = [first_demo_usable(browser, url, screen=screen) for _ in range(repeats)]
        summary = summarize(seconds)
        rows += [
            Row(
                "first visit",
                f"{name}: bytes on first load ({screen})",
                size=load.bytes,
                checks=[at_most(load.bytes, BYTES_LIMIT, "<= 1.5 MB")],
                note=f"{load.responses} responses, gzip, {NETWORK}",
            ),
            Row(
                "first visit",
                f"{name}: first demo usable ({screen})",
                summary,
                checks=[at_most(summary.p95, USABLE_LIMIT, "p95 <= 3 s")],
                note=NETWORK,
                samples=seconds,
            ),
        ]
    return rows


def visit_rows(site: Path, *, repeats: int, log=print) -> list[Row]:
    """Both measurements for every chapter of ``site``, or one "not measured" row."""
    pages = chapter_pages(site) if site.is_dir() else []
    executable = _chromium()
    if not pages or executable is None:
        why = "no chapters in " + str(site) if not pages else "no chromium"
        return [Row("first visit", "every chapter", note=f"not measured ({why})")]
    sys.path.insert(0, str(ROOT / "tools"))
    from playwright.sync_api import sync_playwright
    from site_server import serving

    rows: list[Row] = []
    with ExitStack() as stack:
        base = stack.enter_context(serving(site))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        for page in pages:
            rows += _rows_for(browser, base, page, repeats, log)
    return rows


def _main(argv: list[str]) -> None:
    """``python -m benchmarks.first_visit [SITE]``: the rows of one site, as a table."""
    from benchmarks.report import markdown_table

    site = Path(argv[0]) if argv else ROOT / "_build" / "html"
    print(markdown_table(visit_rows(site, repeats=1)))


if __name__ == "__main__":
    _main(sys.argv[1:])
