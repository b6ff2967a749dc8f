"""What the teacher's guide says about a JupyterHub agrees with the course.

The guide's nbgitpuller links open a chapter of the repository that
``_config.yml`` names; the chapter pages' JupyterHub button opens the same
link; the sizing tables and the memory settings are those computed from the
measurement in ``tools/hub/hub_sizing.py`` (``tests/test_hub.py`` re-measures).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import REPO, toc_sources

sys.path.insert(0, str(REPO / "tools" / "hub"))

import hub_sizing
import puller_links

CONFIG = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
GUIDE_TEXT = puller_links.GUIDE.read_text(encoding="utf-8")
CHAPTERS = [path.name for path in toc_sources().values() if path.suffix == ".ipynb"]


def _links() -> list[dict[str, str]]:
    found = puller_links.guide_links()
    assert len(found) >= 2, "the guide shows the course's link and the student branch's"
    return [puller_links.puller_parameters(link) for link in found]


def test_the_guides_link_opens_a_chapter_of_the_configured_repository():
    course = _links()[0]
    repository = CONFIG["repository"]
    assert course["repo"] == repository["url"]
    assert course["branch"] == repository["branch"]
    folder = PurePosixPath(repository["url"]).name
    urlpath = PurePosixPath(course["urlpath"])
    assert urlpath.parts[:3] == ("lab", "tree", folder), course["urlpath"]
    assert (REPO / Path(*urlpath.parts[3:])).is_file(), f"no {course['urlpath']} in the course"


def test_the_student_branch_link_opens_a_student_notebook_in_a_folder_of_its_own():
    student = _links()[1]
    assert student["repo"] == CONFIG["repository"]["url"]
    assert student["branch"] == "student"
    target = student["targetpath"]
    assert target != PurePosixPath(CONFIG["repository"]["url"]).name
    urlpath = PurePosixPath(student["urlpath"])
    assert urlpath.parent == PurePosixPath("lab/tree", target)
    assert urlpath.name in CHAPTERS  # make student writes student/<chapter>.ipynb


def test_links_are_written_as_the_link_builder_writes_them():
    for link in puller_links.guide_links():
        parameters = puller_links.puller_parameters(link)
        rebuilt = puller_links.nbgitpuller_link("https://<your-hub>", **parameters)
        assert rebuilt == link


def test_the_launch_buttons_name_a_hub():
    hub = CONFIG["launch_buttons"]["jupyterhub_url"]
    assert urlsplit(hub).scheme == "https" and urlsplit(hub).netloc, hub


def test_the_guides_sizing_tables_come_from_the_measurement():
    assert hub_sizing.MEASURED.kernel_peak_mib > 0, "no measurement in tools/hub/hub_sizing.py"
    assert hub_sizing.markdown_table() in GUIDE_TEXT, "run python tools/hub/hub_sizing.py"
    assert hub_sizing.measurement_table() in GUIDE_TEXT, "run python tools/hub/hub_sizing.py"


@pytest.mark.parametrize(
    "setting",
    [
        "guarantee: {guarantee}M",
        "limit: {limit}M",
        "tljh-config set limits.memory {limit}M",
    ],
)
def test_the_guides_memory_settings_are_the_computed_ones(setting):
    expected = setting.format(guarantee=hub_sizing.guarantee_mib(), limit=hub_sizing.limit_mib())
    assert expected in GUIDE_TEXT


def test_every_chapter_page_has_the_guides_link_as_its_hub_button(site):
    """Built pages: the launch menu's JupyterHub entry is the guide's link for that chapter."""
    course = _links()[0]
    hub = CONFIG["launch_buttons"]["jupyterhub_url"].rstrip("/")
    folder = PurePosixPath(CONFIG["repository"]["url"]).name
    for name in CHAPTERS:
        page = site / "book" / Path(name).with_suffix(".html")
        hrefs = re.findall(r'href="([^"]*/hub/user-redirect/git-pull\?[^"]*)"', page.read_text())
        assert len(hrefs) == 1, f"{page.name}: hub buttons {hrefs}"
        href = hrefs[0].replace("&amp;", "&")
        assert href.startswith(f"{hub}{puller_links.PULL_PATH}?"), href
        expected = dict(course, urlpath=f"lab/tree/{folder}/book/{name}")
        assert puller_links.puller_parameters(href) == expected
