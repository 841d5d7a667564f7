"""The one rule for a captured document's title, authors and language."""

import pytest

from sources.capture.metadata import names, primary_language, single_line


def test_a_title_becomes_one_line_with_single_spaces():
    assert single_line("  Russia airstrike\non Homs\u00a0 kills 36 ") == "Russia airstrike on Homs kills 36"
    assert single_line(None) == ""


def test_names_are_separated_by_semicolons_not_commas():
    assert names("Khoja, Khaled; Lavrov, Sergei") == ("Khoja, Khaled", "Lavrov, Sergei")
    assert names(" MEE staff ;; ") == ("MEE staff",)
    assert names(None) == ()


@pytest.mark.parametrize(
    ("tag", "primary"),
    [
        ("en-GB", "en"),
        ("AR", "ar"),
        ("ru_RU", "ru"),
        ("zh-Hant-TW", "zh"),
        ("fil", "fil"),
        ("en, ar", "en"),
        ("und", ""),
        ("x-klingon", ""),
        ("english", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_a_language_tag_is_reduced_to_its_primary_subtag(tag, primary):
    assert primary_language(tag) == primary
