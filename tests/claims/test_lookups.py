"""The one lookup module (``claims/domain/lookups.py``): how names and
queries are folded and split into words, and how speakers are found by name
or alias, on whichever database the tests run (SQLite by default, PostgreSQL
with ``DATABASE_URL``)."""

import time
from importlib import import_module

import pytest
from django.apps import apps
from hypothesis import given
from hypothesis import strategies as st

from claims.domain.lookups import find_speakers, speaker_with_name
from claims.models import Speaker
from claims.search.query import search_terms
from claims.words import (
    MAX_QUERY_LENGTH,
    MAX_TERM_LENGTH,
    MAX_TERMS,
    fold,
    query_terms,
    speaker_lookup_names,
    tokens,
)
from tests.factories import make_speaker

# --- Folding ---------------------------------------------------------------------------


def test_english_and_russian_fold_case_and_collapse_whitespace():
    assert fold("  Sergei   LAVROV\t") == "sergei lavrov"
    assert fold("Сергей ЛАВРОВ") == fold("сергей лавров")
    assert fold("ЁЛКА Ёж") == "елка еж"
    # Unicode case folding, not lower(): the German sharp s and the Turkish
    # dotted capital I fold to what people type for them.
    assert fold("STRASSE") == fold("Straße") == "strasse"
    assert fold("İstanbul") == "istanbul"


def test_accents_and_compatibility_forms_are_ignored():
    assert fold("Khōja") == fold("Khoja") == "khoja"
    assert fold("José Martí") == "jose marti"
    assert fold("ﬁnance") == "finance"  # the fi ligature
    assert fold("Ｋｒｅｍｌｉｎ") == "kremlin"  # full-width letters
    assert fold("non\u00a0breaking") == "non breaking"


def test_arabic_diacritics_tatweel_and_letter_variants_are_made_one():
    assert fold("قُتِلَ ستةٌ") == fold("قتل سته")
    assert fold("خالـــد") == "خالد"  # tatweel only stretches the word
    assert fold("أحمد إلى آمال ٱلله") == "احمد الي امال الله"
    assert fold("مدرسة") == fold("مدرسه")  # teh marbuta written as heh
    assert fold("مصطفى") == fold("مصطفي")  # alef maksura written as yeh
    assert fold("مؤتمر رئيس") == "موتمر رييس"
    assert fold("ی ک") == "ي ك"  # Persian yeh and keh
    assert fold("٣٦ مدنياً") == "36 مدنيا"


def test_nul_control_and_invisible_characters_never_survive():
    assert fold("before\x00after") == "before after"
    assert fold("a\x1fb\x7fc") == "a b c"
    # Direction marks and zero-width joiners are invisible in a name.
    assert fold("\u200fخالد\u200e خوجة\u200d") == "خالد خوجه"
    assert fold("") == "" and fold("\u0301\u200f") == ""


@given(st.text())
def test_folding_is_idempotent_and_yields_one_line_without_nul(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert "\n" not in folded and "\x00" not in folded
    assert folded == folded.strip()


# --- Tokenizing ------------------------------------------------------------------------


def test_words_are_runs_of_letters_and_digits_in_every_script():
    assert tokens("Al-Assad's  forces_killed 36, (says) “SOHR”!") == [
        "al",
        "assad",
        "s",
        "forces",
        "killed",
        "36",
        "says",
        "sohr",
    ]
    # Folding first keeps a word with Arabic vowel marks whole.
    assert tokens("قُتِلَ ستةٌ مدنياً") == ["قتل", "سته", "مدنيا"]
    assert tokens("Сергей Лавров", normal=None) == ["Сергей", "Лавров"]


def test_a_query_has_each_folded_word_once_and_never_an_operator_or_nul():
    assert query_terms('Lavrov "LAVROV" lavróv* OR -x & y:* a\x00b') == ["lavrov", "or", "x", "y", "a", "b"]
    assert query_terms(" ?!* \"' \x00 ") == []
    assert query_terms("сергей ЛАВРОВ") == ["сергеи", "лавров"]
    assert query_terms("الائتلاف الوطني") == ["الايتلاف", "الوطني"]


def test_a_query_is_bounded_in_words_and_length():
    terms = query_terms(" ".join(f"word{n}" for n in range(50)))
    assert terms == [f"word{n}" for n in range(MAX_TERMS)]
    assert query_terms("x" * 10_000) == ["x" * MAX_TERM_LENGTH]
    # Only the start of a pasted page is read, however long it is.
    assert query_terms(" " * MAX_QUERY_LENGTH + "late") == []
    started = time.perf_counter()
    assert len(query_terms("مدنياً, Лавров; " * 200_000)) == 2
    assert time.perf_counter() - started < 1


def test_the_readers_search_uses_the_same_tokenizer_lower_cased_only():
    # Same words and bounds; lower case only, because the full-text index it
    # queries keeps accents and Arabic letter variants (see claims.search).
    assert search_terms("Lavróv* LAVRÓV a\x00b") == ["lavróv", "a", "b"]
    assert len(search_terms(" ".join(f"w{n}" for n in range(50)))) == MAX_TERMS
    assert search_terms("x" * 1000) == ["x" * MAX_TERM_LENGTH]


# --- Speakers --------------------------------------------------------------------------


def test_the_stored_names_are_the_folded_name_and_aliases_one_per_line():
    assert speaker_lookup_names("Sergei Lavrov", ["Сергей Лавров", "sergei  LAVROV", "", 7]) == (
        "sergei lavrov\nсергеи лавров"
    )


@pytest.mark.django_db
def test_saving_a_speaker_rewrites_its_lookup_names_even_for_some_fields_only():
    speaker = make_speaker(name="Kremlin", aliases=["the Kremlin"])
    assert Speaker.objects.get(pk=speaker.pk).lookup_names == "kremlin\nthe kremlin"
    speaker.aliases = ["Кремль"]
    speaker.save(update_fields=["aliases"])
    assert Speaker.objects.get(pk=speaker.pk).lookup_names == "kremlin\nкремль"


@pytest.mark.django_db
def test_speakers_are_found_by_every_word_in_their_name_or_aliases_in_any_case_or_script():
    lavrov = make_speaker(name="Sergei Lavrov", aliases=["Сергей Лавров"])
    coalition = make_speaker(name="Syrian National Coalition", aliases=["الائتلاف الوطني السوري"])
    khoja = make_speaker(name="Khaled Khoja", aliases=["خالد خوجة"])
    make_speaker(name="Vladimir Putin", aliases=["Владимир Путин"])

    assert list(find_speakers("лавров")) == [lavrov]
    assert list(find_speakers("СЕРГЕЙ лав")) == [lavrov]
    assert list(find_speakers("الوطني")) == [coalition]
    assert list(find_speakers("الإئتلاف")) == [coalition]  # written with a hamza
    assert list(find_speakers("خوجه")) == [khoja]  # teh marbuta typed as heh
    assert list(find_speakers("khōja")) == [khoja]
    assert list(find_speakers("lavrov путин")) == []
    assert find_speakers("?!").count() == 4  # no words: nothing to filter by


@pytest.mark.django_db
def test_the_speaker_with_a_name_is_found_by_name_before_alias_and_never_by_part():
    kremlin = make_speaker(name="Kremlin", aliases=["Кремль", "the Kremlin"])
    presidency = make_speaker(name="The Kremlin", aliases=["Russian Presidency"])
    assert speaker_with_name("the  KREMLIN") == presidency  # a name beats an alias
    assert speaker_with_name("кремль") == kremlin
    assert speaker_with_name("Kreml") is None  # part of a name is no name
    assert speaker_with_name("kremlin press office") is None
    assert speaker_with_name(" \x00 ") is None
    # Among speakers already loaded, the same rule, without a query.
    assert speaker_with_name("КРЕМЛЬ", among=[presidency, kremlin]) == kremlin


@pytest.mark.django_db
def test_the_migration_fills_lookup_names_of_existing_speakers():
    speaker = make_speaker(name="Сергей Лавров", aliases=["Sergei Lavrov"])
    Speaker.objects.filter(pk=speaker.pk).update(lookup_names="")
    version = Speaker.objects.get(pk=speaker.pk).version

    import_module("claims.migrations.0006_speaker_version_and_lookup").fill(apps, None)

    stored = Speaker.objects.get(pk=speaker.pk)
    assert stored.lookup_names == "сергеи лавров\nsergei lavrov"
    assert stored.version == version  # an index, not an edit
    assert list(find_speakers("лавров")) == [stored]
