"""The static site on the screens readers use: a phone, a laptop at 1x and 2x, 200% zoom.

Marker ``browser`` (see ``tests/conftest.py``). On a phone (390 CSS px, three
device pixels per CSS pixel) every demo shows its narrow frames, at two image
pixels per CSS pixel, with no text under 9 CSS px as shown, and its controls on
the screen; each screen fetches only the frames of its own rendering (the
wide 1x frames on a 1x laptop, the wide 2x ones on a 2x laptop, the narrow ones
on a phone); a category's name along its slider moves the slider when clicked;
the teacher's timetable keeps every column on a phone; and at 200% zoom a
demo's controls and frame fit the screen's width.
"""

from __future__ import annotations

import json

import pytest
from conftest import PageLog, toc_sources

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 30_000
MIN_TEXT_PX = 9

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
# A 1366 x 768 laptop at 200% zoom: half the CSS pixels, each two device pixels.
ZOOM_200 = {"viewport": {"width": 683, "height": 330}, "device_scale_factor": 2}

DEMO_CHAPTERS = [
    name
    for name, path in toc_sources().items()
    if path.suffix == ".ipynb" and "_demo(" in path.read_text(encoding="utf-8")
]

# The demo's frame as shown: which rendering the page chose, its size, its smallest type.
FRAME_SHOWN = """root => {
    const img = root.querySelector('img.cnn-demo-frame');
    const source = root.querySelector('picture source[media]');
    const narrow = Boolean(source) && matchMedia(source.getAttribute('media')).matches;
    const chosen = narrow ? source : img;
    const rect = img.getBoundingClientRect();
    return {
        narrow: narrow, current: img.currentSrc, loaded: img.complete && img.naturalWidth > 0,
        shownWidth: rect.width, ownWidth: Number(chosen.getAttribute('width')),
        textPx: Number(chosen.getAttribute('data-text-px')),
        naturalWidth: img.naturalWidth,
    };
}"""

# Every URL of each rendering of the demo's frames, absolute: {name: [urls]}.
RENDERINGS = """root => {
    const data = JSON.parse(root.querySelector('script.cnn-demo-data').textContent);
    const absolute = url => new URL(url, location.href).href;
    const sets = {'wide-1x': data.images.map(absolute)};
    data.variants.forEach(v => {
        sets[(v.media ? 'narrow' : 'wide') + '-' + v.density + 'x'] = v.images.map(absolute);
    });
    return sets;
}"""

# The parts of a demo that stick out of the viewport sideways.
OUTSIDE = """root => {
    const width = document.documentElement.clientWidth;
    return Array.from(root.querySelectorAll(
            '.cnn-demo-control, input[data-control], .cnn-demo-names > span,'
            + ' img.cnn-demo-frame'))
        .filter(el => { const r = el.getBoundingClientRect();
                        return r.width > 0 && (r.left < -1 || r.right > width + 1); })
        .map(el => (el.getAttribute('aria-label') || el.className || el.tagName));
}"""

# Names along a categorical slider that run into their neighbour.
NAMES_OVERLAP = """root => Array.from(root.querySelectorAll('.cnn-demo-names')).flatMap(names => {
    const spans = Array.from(names.children).map(s => [s.textContent, s.getBoundingClientRect()]);
    return spans.slice(1).filter((s, i) => s[1].left < spans[i][1].right - 0.5)
        .map((s, i) => spans[i][0] + ' / ' + s[0]);
})"""

LOADED = "img => img.complete && img.naturalWidth > 0"


def _open(browser, site_url: str, docname: str, screen: dict):
    context = browser.new_context(**screen)
    page = context.new_page()
    log = PageLog(allowed_origin=site_url.rstrip("/"))
    log.attach(page)
    page.goto(f"{site_url}{docname}.html", wait_until="load", timeout=LOAD_TIMEOUT_MS)
    return context, page, log


def _each_demo_in_view(page):
    """Each static demo, scrolled into view with its frame loaded."""
    demos = page.locator("[data-cnn-demo]")
    assert demos.count(), "no static demo on the page"
    for index in range(demos.count()):
        demo = demos.nth(index)
        demo.scroll_into_view_if_needed()
        frame = demo.locator("img.cnn-demo-frame")
        page.wait_for_function(LOADED, arg=frame.element_handle(), timeout=LOAD_TIMEOUT_MS)
        yield index, demo


@pytest.mark.parametrize("docname", DEMO_CHAPTERS)
def test_on_a_phone_frames_are_legible_and_controls_fit(docname, browser, site_url):
    """390 CSS px, 3x: the narrow frames at 2x, no text under 9 CSS px, nothing off screen."""
    context, page, log = _open(browser, site_url, docname, PHONE)
    try:
        problems = []
        for index, demo in _each_demo_in_view(page):
            shown = demo.evaluate(FRAME_SHOWN)
            sets = demo.evaluate(RENDERINGS)
            name = f"{docname} demo {index}"
            if not shown["narrow"] or shown["current"] not in sets["narrow-2x"]:
                problems.append(f"{name}: shows {shown['current'][-40:]}, not a narrow 2x frame")
            text = shown["textPx"] * shown["shownWidth"] / shown["ownWidth"]
            if text < MIN_TEXT_PX:
                problems.append(
                    f"{name}: smallest text {text:.1f} CSS px (frame shown"
                    f" {shown['shownWidth']:.0f} of its {shown['ownWidth']} px)"
                )
            outside = demo.evaluate(OUTSIDE)
            if outside:
                problems.append(f"{name}: off the screen sideways: {outside}")
            crowded = demo.evaluate(NAMES_OVERLAP)
            if crowded:
                problems.append(f"{name}: category names run together: {crowded}")
        assert not problems, "\n".join(problems)
        assert not log.page_errors, log.page_errors
    finally:
        context.close()


@pytest.mark.parametrize(
    ("screen", "rendering"),
    [(LAPTOP, "wide-1x"), ({**LAPTOP, "device_scale_factor": 2}, "wide-2x"), (PHONE, "narrow-2x")],
    ids=["laptop-1x", "laptop-2x", "phone-3x"],
)
@pytest.mark.parametrize("docname", DEMO_CHAPTERS)
def test_each_screen_fetches_only_its_own_rendering(docname, screen, rendering, browser, site_url):
    """Frames shown and fetched ahead, after a slider move on every demo, are all of the
    screen's rendering: a 1x screen never downloads the 2x frames, nor a phone the wide ones."""
    context, page, log = _open(browser, site_url, docname, screen)
    try:
        renderings = {}
        for index, demo in _each_demo_in_view(page):
            renderings[index] = demo.evaluate(RENDERINGS)
            assert demo.evaluate(FRAME_SHOWN)["current"] in renderings[index][rendering]
            slider = demo.locator("input[data-control]:not([disabled])").first
            slider.focus()
            page.keyboard.press("End")
            page.keyboard.press("ArrowLeft")
            frame = demo.locator("img.cnn-demo-frame")
            page.wait_for_function(LOADED, arg=frame.element_handle(), timeout=LOAD_TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
        fetched = set(
            page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
        )
        others = {
            url
            for sets in renderings.values()
            for name, urls in sets.items()
            if name != rendering
            for url in urls
        } - {url for sets in renderings.values() for url in sets[rendering]}
        wrong = sorted(fetched & others)
        own = fetched & {url for sets in renderings.values() for url in sets[rendering]}
        assert own, f"{docname}: no frame of {rendering} fetched"
        assert not wrong, f"{docname} ({rendering}) fetched other renderings: {wrong[:5]}"
        assert not log.failures, log.failures
    finally:
        context.close()


# A click on a category's name: the slider's position, its output and its frame after it.
CLICK_NAMES = """async root => {
    const data = JSON.parse(root.querySelector('script.cnn-demo-data').textContent);
    const results = [];
    for (const names of root.querySelectorAll('.cnn-demo-names')) {
        const control = names.closest('.cnn-demo-control');
        const input = control.querySelector('input[data-control]');
        const spans = Array.from(names.children);
        const target = spans.length - 1 - Number(input.value) === 0 ? 0 : spans.length - 1;
        spans[target].click();
        const positions = Array.from(root.querySelectorAll('input[data-control]'))
            .map(i => Number(i.value));
        let index = 0;
        data.sizes.forEach((size, i) => { index = index * size + positions[i]; });
        results.push({
            wanted: target, value: Number(input.value),
            output: control.querySelector('output').textContent, label: spans[target].textContent,
            src: root.querySelector('img.cnn-demo-frame').getAttribute('src'),
            frame: data.images[data.frames[index]],
        });
    }
    return results;
}"""


@pytest.mark.parametrize("docname", DEMO_CHAPTERS)
def test_clicking_a_category_name_moves_its_slider(docname, browser, site_url):
    context, page, log = _open(browser, site_url, docname, LAPTOP)
    try:
        clicked = 0
        for index, demo in _each_demo_in_view(page):
            for result in demo.evaluate(CLICK_NAMES):
                clicked += 1
                where = f"{docname} demo {index} name {result['label']!r}"
                assert result["value"] == result["wanted"], f"{where}: slider did not move"
                assert result["output"] == result["label"], where
                assert result["src"] == result["frame"], f"{where}: frame not in step"
        if docname.endswith(("convolution_math", "pooling_types")):
            assert clicked, f"{docname}: no category names to click"
        assert not log.page_errors, log.page_errors
    finally:
        context.close()


@pytest.mark.parametrize("docname", DEMO_CHAPTERS)
def test_at_200_percent_zoom_controls_and_frame_fit_the_width(docname, browser, site_url):
    """A 1366 x 768 laptop zoomed to 200%: 683 CSS px, 2x: the wide frames at 2x, shrunk
    to the column; nothing sticks out sideways."""
    context, page, log = _open(browser, site_url, docname, ZOOM_200)
    try:
        problems = []
        for index, demo in _each_demo_in_view(page):
            shown = demo.evaluate(FRAME_SHOWN)
            sets = demo.evaluate(RENDERINGS)
            if shown["current"] not in sets["wide-2x"]:
                problems.append(f"demo {index}: shows {shown['current'][-40:]}, not wide 2x")
            outside = demo.evaluate(OUTSIDE)
            if outside:
                problems.append(f"demo {index}: off the screen sideways: {outside}")
        assert not problems, f"{docname}: " + "\n".join(problems)
        assert not log.page_errors, log.page_errors
    finally:
        context.close()


# Each cell of the lesson plan's tables: visible, and inside the screen's width.
TIMETABLE = """() => {
    const width = document.documentElement.clientWidth;
    const tables = Array.from(document.querySelectorAll('.cnn-schedule table'));
    const cells = tables.flatMap(t => Array.from(t.querySelectorAll('tbody td')))
        .filter(td => td.textContent.trim());
    return {
        tables: tables.length, cells: cells.length,
        display: tables.length ? getComputedStyle(tables[0]).display : null,
        hidden: cells.filter(td => { const r = td.getBoundingClientRect();
                                     return r.width === 0 || r.left < -1 || r.right > width + 1; })
            .map(td => td.textContent.trim().slice(0, 30)),
        // Each numeric column's name as the table's header gives it, and as a phone's
        // block prints it before the number.
        headers: tables.length ? Array.from(tables[0].querySelectorAll('thead th'))
            .slice(2).map(th => th.textContent.trim()) : [],
        printed: tables.length ? Array.from(tables[0].querySelectorAll('tbody tr')[0].children)
            .slice(2).map(td => getComputedStyle(td, '::before').content
                .replace(/^"|"$/g, '').trim()) : [],
    };
}"""


@pytest.mark.parametrize("screen", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_teachers_timetable_shows_every_column(screen, browser, site_url):
    """The lesson plan keeps all six columns readable: a table on a laptop; on a phone each
    row a short block whose numbers say what they count."""
    context, page, log = _open(browser, site_url, "book/teachers_guide", screen)
    try:
        state = page.evaluate(TIMETABLE)
        assert state["tables"] and state["cells"], "no lesson plan table found"
        assert not state["hidden"], f"cells off the screen: {state['hidden']}"
        if screen is PHONE:
            assert state["display"] == "block"
            assert len(state["headers"]) == 4, state["headers"]
            assert state["printed"] == state["headers"], "the phone's labels are not the header's"
        else:
            assert state["display"] == "table"
        assert not log.page_errors, log.page_errors
    finally:
        context.close()


def test_the_phone_layout_switch_matches_the_companions(site):
    """The page's media query for the narrow frames is the one companion.layouts names."""
    from bs4 import BeautifulSoup

    from companion.layouts import NARROW

    page = site / f"{DEMO_CHAPTERS[0]}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    medias = {source.get("media") for source in soup.select(".cnn-demo picture source")}
    assert medias == {NARROW.media}
    data = json.loads(soup.select_one("script.cnn-demo-data").get_text())
    assert {v["media"] for v in data["variants"]} == {"", NARROW.media}
