"""The course on a real JupyterHub: three learners follow the teacher's guide's link.

Marker ``hub`` (``make hub-test``, a phase of ``make test``). JupyterHub and
configurable-http-proxy run on 127.0.0.1 (``tools/hub``): any name logs in and
every learner's server is a local process with a home of its own. The course is
a local git copy: the repository's HEAD pushed, as the branch of the guide's
link, to a bare repository named like the course's. The guide's nbgitpuller
link, pointed at this hub and that copy, is followed in chromium by three
learners at once. Each gets a private copy and runs the chapter's cells through
their own server (REST API and kernel websocket, as JupyterLab does); one moves
a live slider in JupyterLab; one edits the chapter, the teacher pushes a change,
and the edit survives a second pull. Each server's memory is measured with and
without TensorFlow (written to ``_build/hub/memory.json``) and checked against
the guide's sizing (``tools/hub/hub_sizing.py``).

Locally, a missing piece (jupyterhub, the proxy, chromium) skips; under CI it fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from conftest import REPO, PageLog, missing
from test_browser import (
    KERNEL_STATUS,
    LAB_SETTINGS,
    _demo_call_cells,
    _poll,
    move_first_live_slider,
)

sys.path.insert(0, str(REPO / "tools" / "hub"))

import hub_sizing
import puller_links
from local_hub import PROXY, Hub, ServerError, request, running_hub

pytestmark = pytest.mark.hub

LEARNERS = ("ada", "ben", "cleo")
SLIDER_LEARNER, EDITING_LEARNER, HEAVIEST_LEARNER = "ada", "ben", "cleo"
# Invariance trains a small network: the course's memory peak, run in a second notebook.
HEAVIEST_CHAPTER = "05_invariance.ipynb"
IMPORT_TENSORFLOW = "from companion.tf_support import import_tensorflow\nimport_tensorflow()"
MEMORY_FILE = REPO / "_build" / "hub" / "memory.json"
ARRIVAL_TIMEOUT_MS = 240_000
NOTE = "My notes: the kernel is not flipped."


def _git(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=120
    )
    return done.stdout.strip()


# -- the link, the course's copy, the hub -------------------------------------------------------


@pytest.fixture(scope="module")
def guide_link() -> dict[str, str]:
    """The guide's (first) nbgitpuller link, taken apart: repo, branch, urlpath."""
    found = puller_links.guide_links()
    assert found, f"no nbgitpuller link in {puller_links.GUIDE}"
    return puller_links.puller_parameters(found[0])


@pytest.fixture(scope="module")
def course_repo(tmp_path_factory, guide_link) -> Path:
    """A bare repository named like the course's, holding HEAD as the link's branch."""
    if shutil.which("git") is None:
        missing("git is missing")
    name = PurePosixPath(guide_link["repo"]).name
    bare = tmp_path_factory.mktemp("remote") / name
    branch = guide_link["branch"]
    _git("init", "--quiet", "--bare", f"--initial-branch={branch}", str(bare))
    _git("config", "receive.shallowUpdate", "true", cwd=bare)  # CI may check out shallow
    _git("push", "--quiet", "--no-verify", str(bare), f"HEAD:refs/heads/{branch}", cwd=REPO)
    return bare


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Hub:
    """JupyterHub with its proxy on 127.0.0.1, for this module."""
    for module in ("jupyterhub", "nbgitpuller", "websocket", "psutil"):
        try:
            __import__(module)
        except ImportError:
            missing(f"{module} is missing: pip install -r requirements.txt (make venv)")
    if not PROXY.exists():
        missing(f"no configurable-http-proxy in {PROXY.parent}: run tools/hub/install_proxy.sh")
    root = tmp_path_factory.mktemp("hub")
    settings = root / "lab-settings"
    for name, value in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    try:
        with running_hub(root / "state", lab_settings=settings) as started:
            yield started
    except ServerError as error:
        pytest.fail(str(error), pytrace=False)


@dataclass
class Learner:
    """One learner in the browser: their page (JupyterLab after the link), its log, token."""

    name: str
    page: object
    log: PageLog
    token: str


def _log_in(page, name: str) -> None:
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill("any password")
    page.locator("#login_submit").click()


def _wait_for_lab(page, hub: Hub, name: str, urlpath: str) -> None:
    """Wait until the link has spawned the server, pulled the course and opened JupyterLab."""
    target = f"{hub.server_url(name)}/{urlpath}"
    try:
        page.wait_for_url(lambda url: url.split("?")[0] == target, timeout=ARRIVAL_TIMEOUT_MS)
    except Exception as error:  # playwright's TimeoutError: say where the learner got stuck
        text = page.locator("body").inner_text()[-1500:]
        log = hub.log.read_text()[-3000:]
        pytest.fail(f"{name} stopped at {page.url}: {error}\n{text}\n-- hub log:\n{log}")


@pytest.fixture(scope="module")
def learners(browser, hub, course_repo, guide_link) -> dict[str, Learner]:
    """Three learners open the link at once, log in, and land in JupyterLab on the chapter."""
    link = puller_links.retarget(puller_links.guide_links()[0], hub.url, course_repo.as_uri())
    contexts, landed = [], {}
    try:
        for name in LEARNERS:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(60_000)
            log = PageLog(allowed_origin=hub.url)
            log.attach(page)
            page.goto(link, wait_until="load")
            _log_in(page, name)
            landed[name] = Learner(name, page, log, "")
        for learner in landed.values():
            _wait_for_lab(learner.page, hub, learner.name, guide_link["urlpath"])
        for learner in landed.values():
            _poll(learner.page, KERNEL_STATUS, lambda s: s == "idle", "an idle kernel", 180)
            learner.token = hub.user_token(learner.name)
        yield landed
    finally:
        for context in contexts:
            context.close()


def _copy(hub: Hub, name: str, guide_link: dict[str, str]) -> Path:
    """Learner ``name``'s copy of the course (the folder the link's urlpath opens in)."""
    folder = PurePosixPath(guide_link["urlpath"]).relative_to("lab/tree").parts[0]
    return hub.home(name) / folder


def _chapter_path(guide_link: dict[str, str]) -> str:
    """The chapter's path relative to the learner's home (the server's root)."""
    return str(PurePosixPath(guide_link["urlpath"]).relative_to("lab/tree"))


# -- following the link ---------------------------------------------------------------------------


def test_three_learners_follow_the_guides_link_into_jupyterlab(learners):
    for learner in learners.values():
        assert not learner.log.page_errors, f"{learner.name}: {learner.log.page_errors}"
        foreign = learner.log.foreign_requests()
        assert not foreign, f"{learner.name}: fetched from other hosts: {foreign}"


def test_each_learner_gets_a_private_copy(learners, hub, course_repo, guide_link):
    head = _git("rev-parse", guide_link["branch"], cwd=course_repo)
    chapters = []
    for name in learners:
        copy = _copy(hub, name, guide_link)
        chapter = hub.home(name) / _chapter_path(guide_link)
        assert chapter.is_file(), f"{name}: no {chapter}"
        assert _git("remote", "get-url", "origin", cwd=copy) == course_repo.as_uri()
        assert _git("rev-parse", "HEAD", cwd=copy) == head, f"{name}: not the course's HEAD"
        chapters.append(chapter)
    assert len({chapter.stat().st_ino for chapter in chapters}) == len(chapters), "shared files"
    # A learner's token opens their own server and no one else's.
    ada, ben = learners["ada"], learners["ben"]
    contents = "/api/contents/" + _chapter_path(guide_link) + "?content=0"
    assert request(hub.server_url("ada") + contents, ada.token)["type"] == "notebook"
    with pytest.raises(urllib.error.HTTPError) as refused:
        request(hub.server_url("ada") + contents, ben.token)
    assert refused.value.code == 403


# -- running the chapter through each server ---------------------------------------------------


@dataclass
class ChapterRun:
    """A learner's run: problems (errors, stderr) and memory in MiB (resident)."""

    name: str
    problems: list[str]
    server_mib: float
    kernel_companion_mib: float
    kernel_tensorflow_mib: float
    kernel_peak_mib: float
    total_mib: float  # the server and its kernels, at the end


def _rss_mib(pid: int) -> float:
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def _peak_mib(pid: int) -> float:
    """The process's peak resident set size (``VmHWM``), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return _rss_mib(pid)


def _kernel_pid(kernel) -> int:
    return int(kernel.execute("import os\nprint(os.getpid())").stdout)


def _run_cells(kernel, notebook: Path) -> list[str]:
    """Run every code cell of ``notebook`` in order; the problems, up to the first error."""
    problems = []
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        result = kernel.execute("".join(cell["source"]))
        if result.error or result.stderr:
            problems.append(f"{notebook.name} cell {index}: {result.error} {result.stderr[:600]}")
            if result.error:
                break
    return problems


def _learner_runs(hub: Hub, learner: Learner, guide_link: dict[str, str]) -> ChapterRun:
    """The link's chapter, in the kernel JupyterLab opened for it: memory after importing the
    companion, then TensorFlow, then the chapter. One learner then also runs the heaviest
    chapter in a second notebook, with the first still open."""
    import psutil
    from server_kernel import ServerKernel  # imports websocket-client

    url, home = hub.server_url(learner.name), hub.home(learner.name)
    chapter = _chapter_path(guide_link)
    kernel = ServerKernel(url, learner.token, chapter)
    kernels = [kernel]
    try:
        pid = _kernel_pid(kernel)
        imported = [kernel.execute("import companion")]
        companion_mib = _rss_mib(pid)
        imported.append(kernel.execute(IMPORT_TENSORFLOW))
        tensorflow_mib = _rss_mib(pid)
        problems = [f"{r.error} {r.stderr[:600]}" for r in imported if r.error or r.stderr]
        problems += _run_cells(kernel, home / chapter)
        peaks = [_peak_mib(pid)]
        if learner.name == HEAVIEST_LEARNER:
            heaviest = str(PurePosixPath(chapter).parent / HEAVIEST_CHAPTER)
            kernels.append(ServerKernel(url, learner.token, heaviest))
            second = _kernel_pid(kernels[-1])
            problems += _run_cells(kernels[-1], home / heaviest)
            peaks.append(_peak_mib(second))
        server = psutil.Process(pid).parent()
        processes = [server, *server.children(recursive=True)]
        return ChapterRun(
            learner.name,
            problems,
            _rss_mib(server.pid),
            companion_mib,
            tensorflow_mib,
            max(peaks),
            sum(process.memory_info().rss for process in processes) / 2**20,
        )
    finally:
        for opened in kernels:
            opened.close()


@pytest.fixture(scope="module")
def chapter_runs(learners, hub, guide_link) -> dict[str, ChapterRun]:
    """The three learners run the chapter at the same time, each through their own server."""
    with ThreadPoolExecutor(len(learners)) as pool:
        runs = pool.map(lambda learner: _learner_runs(hub, learner, guide_link), learners.values())
        return {run.name: run for run in runs}


def test_each_learner_runs_the_chapter_through_their_server(chapter_runs):
    for run in chapter_runs.values():
        assert not run.problems, f"{run.name}: " + "\n".join(run.problems)


RUN_CODE_CELL = """n => {
    // Run the n-th code cell of the open notebook, as a learner pressing Shift+Enter.
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.model.cells;
    for (let i = 0, k = -1; i < cells.length; i++) {
        if (cells.get(i).type === 'code' && ++k === n) {
            panel.content.activeCellIndex = i;
            window.jupyterapp.commands.execute('notebook:run-cell');
            return i;
        }
    }
    return -1;
}"""


def test_a_learner_moves_a_live_slider(learners, chapter_runs, hub, guide_link):
    """In JupyterLab, on the kernel that ran the chapter: show a demo and move its slider."""
    learner = learners[SLIDER_LEARNER]
    page = learner.page
    demo_cells = _demo_call_cells(hub.home(learner.name) / _chapter_path(guide_link))
    assert demo_cells, "the chapter shows no demo"
    assert page.evaluate(RUN_CODE_CELL, demo_cells[0]) >= 0
    before, after = move_first_live_slider(page)
    assert after != before, "moving the slider did not change the figure"
    assert not learner.log.page_errors, f"page errors: {learner.log.page_errors}"
    assert not learner.log.foreign_requests(), learner.log.foreign_requests()


# -- a second pull -------------------------------------------------------------------------------


def _teacher_pushes_an_update(course_repo: Path, branch: str, work: Path) -> None:
    """The teacher adds an announcement and edits the README, and pushes to the course."""
    _git("clone", "--quiet", "--branch", branch, course_repo.as_uri(), str(work))
    (work / "ANNOUNCEMENT.md").write_text("Session 2 starts with *Convolution math*.\n")
    with (work / "README.md").open("a", encoding="utf-8") as readme:
        readme.write("\nUpdated for this term.\n")
    _git("add", "ANNOUNCEMENT.md", "README.md", cwd=work)
    author = ["-c", "user.name=Teacher", "-c", "user.email=teacher@example.org"]
    _git(*author, "commit", "--quiet", "-m", "Announcement for session 2", cwd=work)
    _git("push", "--quiet", "origin", branch, cwd=work)


def test_a_learners_edit_survives_a_second_pull(
    learners, chapter_runs, hub, course_repo, guide_link, tmp_path
):
    learner = learners[EDITING_LEARNER]
    url = f"{hub.server_url(learner.name)}/api/contents/{_chapter_path(guide_link)}"
    model = request(url, learner.token)
    notebook = model["content"]
    note = {"cell_type": "markdown", "id": "learner-note", "metadata": {}, "source": NOTE}
    notebook["cells"].insert(1, note)
    request(url, learner.token, "PUT", {"type": "notebook", "format": "json", "content": notebook})

    _teacher_pushes_an_update(course_repo, guide_link["branch"], tmp_path / "teacher")

    # The learner follows the link again, in a new tab of the same (logged-in) browser.
    page = learner.page.context.new_page()
    link = puller_links.retarget(puller_links.guide_links()[0], hub.url, course_repo.as_uri())
    page.goto(link, wait_until="load")
    _wait_for_lab(page, hub, learner.name, guide_link["urlpath"])
    copy = _copy(hub, learner.name, guide_link)
    assert (copy / "ANNOUNCEMENT.md").is_file(), "the teacher's new file did not arrive"
    assert "Updated for this term." in (copy / "README.md").read_text(encoding="utf-8")
    kept = json.loads((hub.home(learner.name) / _chapter_path(guide_link)).read_text())
    sources = ["".join(cell["source"]) for cell in kept["cells"]]
    assert NOTE in sources, "the learner's note was lost in the second pull"


# -- memory ---------------------------------------------------------------------------------------


def test_memory_fits_the_guides_sizing(chapter_runs, guide_link):
    """Each server's memory, with and without TensorFlow, within the guide's settings."""
    runs = list(chapter_runs.values())
    chapters = [PurePosixPath(guide_link["urlpath"]).stem, PurePosixPath(HEAVIEST_CHAPTER).stem]
    measured = hub_sizing.Measurement(
        machine=hub_sizing.MEASURED.machine,
        date=hub_sizing.MEASURED.date,
        chapters=", ".join(chapters),
        server_mib=max(run.server_mib for run in runs),
        kernel_companion_mib=max(run.kernel_companion_mib for run in runs),
        kernel_tensorflow_mib=max(run.kernel_tensorflow_mib for run in runs),
        kernel_peak_mib=max(run.kernel_peak_mib for run in runs),
    )
    hub_sizing.dump(measured, MEMORY_FILE)
    for run in runs:
        assert run.kernel_tensorflow_mib > run.kernel_companion_mib, f"{run.name}: {run}"
    assert hub_sizing.MEASURED.kernel_peak_mib > 0, "tools/hub/hub_sizing.py holds no measurement"
    update = f"update MEASURED in tools/hub/hub_sizing.py from {MEMORY_FILE} and the guide"
    in_use = hub_sizing.in_use_with_tensorflow(measured)
    guarantee, limit = hub_sizing.guarantee_mib(), hub_sizing.limit_mib()
    assert in_use <= guarantee, f"{in_use:.0f} MiB in use, guarantee {guarantee} MiB: {update}"
    two = chapter_runs[HEAVIEST_LEARNER].total_mib
    assert two <= limit, f"two notebooks: {two:.0f} MiB, over the limit of {limit} MiB: {update}"
