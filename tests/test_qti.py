"""The self-check questions exported as QTI 1.2 for an LMS (book/_ext/course_qti.py, `make qti`).

The export is read back as an LMS would: the zip's manifest, then the
assessment's XML. Every question, every choice (in order, with its feedback)
and the right answer must be there, as the lesson files state them.
"""

from __future__ import annotations

import html
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "book" / "_ext"))

import course_lessons  # noqa: E402
import course_qti  # noqa: E402

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CHAPTERS = course_lessons.chapters(REPO)


def _plain(markup: str) -> str:
    """The text a learner reads: tags dropped, entities and typography undone."""
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2026", "...")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def _yaml_text(text: str) -> str:
    return " ".join(str(text).replace("`", "").split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("qti")
    paths = course_qti.export(out, REPO)
    return {path.stem: path for path in paths}


def _items(path: Path) -> list[ET.Element]:
    with zipfile.ZipFile(path) as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        hrefs = [
            file.get("href")
            for element in manifest.iter()
            if element.tag.endswith("}resource") and element.get("type") == "imsqti_xmlv1p2"
            for file in element
            if file.tag.endswith("}file")
        ]
        assert len(hrefs) == 1, hrefs
        assessment = ET.fromstring(archive.read(hrefs[0]))
    return list(assessment.iter(f"{QTI}item"))


def test_every_chapter_is_exported_as_one_zip(exported):
    assert sorted(exported) == sorted(Path(chapter).name for chapter in CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_question_choice_feedback_and_right_answer_is_in_the_export(exported, chapter):
    questions = course_lessons.load(chapter, REPO)["quiz"]
    items = _items(exported[Path(chapter).name])
    assert len(items) == len(questions)
    for item, question in zip(items, questions, strict=True):
        presentation = item.find(f"{QTI}presentation")
        prompt = presentation.find(f"{QTI}material/{QTI}mattext").text
        assert _plain(prompt) == _yaml_text(question["question"])
        labels = presentation.findall(f".//{QTI}response_label")
        texts = [_plain(label.find(f".//{QTI}mattext").text) for label in labels]
        assert texts == [_yaml_text(choice["text"]) for choice in question["choices"]]
        idents = [label.get("ident") for label in labels]
        scored = [
            condition.find(f".//{QTI}varequal").text
            for condition in item.iter(f"{QTI}respcondition")
            if condition.find(f"{QTI}setvar") is not None
            and condition.find(f"{QTI}setvar").text == "100"
        ]
        assert scored == [idents[question["answer"]]]
        feedback = {
            element.get("ident"): _plain(element.find(f".//{QTI}mattext").text)
            for element in item.iter(f"{QTI}itemfeedback")
        }
        for ident, choice in zip(idents, question["choices"], strict=True):
            assert feedback[f"{ident}_fb"] == _yaml_text(choice["feedback"])


def test_markdown_and_html_in_a_question_show_literally():
    text = course_qti.markdown_text("a *b* <i>c</i> & $x$ `<code>`")
    quiz = course_qti.quiz_text(
        "book/09_demo",
        {
            "title": "Demo",
            "quiz": [
                {
                    "question": "a *b* <i>c</i> & $x$ `<code>`",
                    "answer": 0,
                    "choices": [{"text": "yes", "feedback": "f"}, {"text": "no", "feedback": "g"}],
                }
            ],
        },
    )
    from text2qti.config import Config
    from text2qti.quiz import Quiz

    parsed = Quiz(quiz, config=Config(), source_name="demo")
    question = next(q for q in parsed.questions_and_delims if hasattr(q, "question_html_xml"))
    assert _plain(html.unescape(question.question_html_xml)) == "a *b* <i>c</i> & $x$ <code>"
    assert "`<code>`" in text


def test_make_qti_writes_the_zips_into_qti():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^qti:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe and "course_qti.py --out qti" in recipe.group(1)
