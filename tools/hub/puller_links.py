"""The nbgitpuller link of the teacher's guide: found, taken apart and pointed elsewhere.

The guide is the one place the link is written; the hub test follows that link
with its own hub and a local copy of the course in place of the placeholders,
and the site test compares it with the chapter pages' JupyterHub button.

>>> link = nbgitpuller_link("https://hub.example.org", "https://git.example.org/c", "main",
...                         "lab/tree/c/book/01.ipynb")
>>> link
'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgit.example.org%2Fc&branch=main&urlpath=lab%2Ftree%2Fc%2Fbook%2F01.ipynb'
>>> puller_parameters(link)["urlpath"]
'lab/tree/c/book/01.ipynb'
>>> retarget(link, "http://127.0.0.1:8000", "file:///tmp/c").split("?")[0]
'http://127.0.0.1:8000/hub/user-redirect/git-pull'
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

GUIDE = Path(__file__).resolve().parents[2] / "book" / "teachers_guide.md"
PULL_PATH = "/hub/user-redirect/git-pull"
_LINK = re.compile(r"https://<your-hub>" + re.escape(PULL_PATH) + r"\?\S+")


def nbgitpuller_link(
    hub_url: str, repo: str, branch: str, urlpath: str, targetpath: str | None = None
) -> str:
    """The link that clones ``repo`` (or pulls it again) into a learner's home and opens
    ``urlpath``; ``targetpath`` names the folder (default: the repository's name)."""
    parameters = {"repo": repo, "branch": branch, "urlpath": urlpath}
    if targetpath:
        parameters["targetpath"] = targetpath
    return f"{hub_url.rstrip('/')}{PULL_PATH}?{urlencode(parameters, quote_via=quote, safe='')}"


def guide_links(text: str | None = None) -> list[str]:
    """Every nbgitpuller link written in the guide, with ``https://<your-hub>`` as its hub."""
    return _LINK.findall(GUIDE.read_text(encoding="utf-8") if text is None else text)


def puller_parameters(link: str) -> dict[str, str]:
    """A link's query, decoded: ``repo``, ``branch``, ``urlpath`` (and ``targetpath``)."""
    return dict(parse_qsl(urlsplit(link).query, strict_parsing=True))


def retarget(link: str, hub_url: str, repo: str) -> str:
    """The same link for another hub and another copy of the repository."""
    parameters = puller_parameters(link)
    return nbgitpuller_link(
        hub_url,
        repo,
        parameters["branch"],
        parameters["urlpath"],
        parameters.get("targetpath"),
    )
