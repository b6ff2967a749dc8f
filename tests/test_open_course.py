"""An open course's files: licences, the citation file, and the references.

The references live in one BibTeX file (``book/references.bib``) that the book
renders through sphinxcontrib-bibtex; these tests check what the build cannot:
that every work carries a DOI or a URL, and that every key a page cites exists.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

REPO = Path(__file__).resolve().parent.parent
BOOK = REPO / "book"
# A DOI is "10.", a registrant code of 4 to 9 digits, "/", a suffix (Crossref's advice).
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
BIBLIOGRAPHY = re.compile(r"^```\{bibliography\}", re.MULTILINE)
# Works whose stable address the course does not know yet (fill it in, then drop the key).
NO_ADDRESS_YET = {"krishnan2022"}  # the Medium post: its URL is not recorded anywhere here


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _citation() -> dict:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def _pages() -> dict[str, str]:
    """Each page of the book as its markdown text (notebooks: markdown cells only)."""
    pages = {path.name: path.read_text(encoding="utf-8") for path in BOOK.glob("*.md")}
    for path in BOOK.glob("*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        pages[path.name] = "\n\n".join(
            "".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"
        )
    return pages


def _cited(text: str) -> set[str]:
    return {key.strip() for keys in CITE.findall(text) for key in keys.split(",")}


# -- licences and the citation file ------------------------------------------------


def test_the_package_licence_is_an_spdx_expression_naming_the_mit_licence_file():
    project = _pyproject()["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_the_text_licence_is_the_cc_by_4_0_legal_code():
    text = (REPO / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert text.startswith("Creative Commons Attribution 4.0 International")
    assert "Section 8 – Interpretation." in text


def test_citation_file_has_the_keys_cff_1_2_0_requires():
    citation = _citation()
    assert citation["cff-version"] == "1.2.0"
    assert citation["message"].strip() and citation["title"].strip()
    assert citation["authors"], "`authors` must list at least one person or entity"
    for author in citation["authors"]:
        assert author.get("name") or author.get("family-names"), author


def test_citation_file_agrees_with_the_package_and_the_book():
    citation = _citation()
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    assert str(citation["version"]) == _pyproject()["project"]["version"]
    assert citation["repository-code"] == config["repository"]["url"]
    assert sorted(citation["license"]) == ["CC-BY-4.0", "MIT"]


# -- references ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bibliography():
    return parse_file(str(BOOK / "references.bib"), bib_format="bibtex")


def test_the_book_reads_the_one_bibliography_file():
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    assert config["bibtex_bibfiles"] == ["book/references.bib"]


def test_every_reference_has_a_well_formed_doi_or_an_https_url(bibliography):
    for key, entry in bibliography.entries.items():
        doi, url = entry.fields.get("doi"), entry.fields.get("url")
        assert doi or url or key in NO_ADDRESS_YET, (
            f"{key}: give a DOI, or a URL where the work has none"
        )
        if doi:
            assert DOI.match(doi), f"{key}: `doi` must be a bare DOI (10.xxxx/...), got {doi!r}"
        if url:
            assert url.startswith("https://"), f"{key}: `url` must use https, got {url!r}"
            assert "doi.org/" not in url, f"{key}: a DOI belongs in `doi`, not in `url`"


def test_every_reference_names_its_authors_and_year(bibliography):
    for key, entry in bibliography.entries.items():
        assert entry.persons.get("author"), f"{key}: no author"
        assert re.fullmatch(r"(19|20)\d\d", entry.fields.get("year", "")), f"{key}: no year"


def test_every_key_a_page_cites_is_in_the_bibliography(bibliography):
    known = set(bibliography.entries)
    for name, text in _pages().items():
        missing = _cited(text) - known
        assert not missing, f"{name} cites keys missing from references.bib: {sorted(missing)}"


def test_a_page_that_cites_lists_its_references():
    citing = {name: text for name, text in _pages().items() if _cited(text)}
    assert citing, "no page cites anything: the references are not rendered"
    for name, text in citing.items():
        assert BIBLIOGRAPHY.search(text), f"{name} cites works but has no {{bibliography}}"


def test_the_citation_pattern_finds_every_key_of_a_role():
    text = "as {cite:t}`zhang2019` and {cite:p}`azulay2019, kayhan2020` show, {cite}`lin2014`"
    assert _cited(text) == {"zhang2019", "azulay2019", "kayhan2020", "lin2014"}
