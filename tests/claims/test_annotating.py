"""Making claims and appearances from passages of a source (claims.domain.annotating)."""

import pytest
from django.core.exceptions import ValidationError

from claims.domain.annotating import (
    MISMATCH_MESSAGE,
    NewSpeaker,
    add_appearance,
    create_claim_from_selection,
    find_passage,
    speaker_named,
)
from claims.models import Appearance, Claim, Speaker
from sources.models import Quote, SourceRevision
from tests.factories import make_appearance, make_claim, make_quote, make_source, make_speaker, make_user

pytestmark = pytest.mark.django_db

TEXT = "The ministry said 36 civilians were killed. The army said no civilians were killed."


def selection(revision, words, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = revision.text.index(words, start + 1)
    return {"revision": revision, "start": start, "end": start + len(words), "exact": words}


def new_claim(**overrides):
    fields = {
        "text": "36 civilians were killed.",
        "speaker": NewSpeaker("The ministry", Speaker.Kind.MINISTRY),
        "role": "",
        "claimed_on": None,
        "venue": "",
        "by": None,
    }
    fields.update(overrides)
    return create_claim_from_selection(**fields)


def test_a_selection_becomes_a_claim_with_its_speaker_and_first_appearance():
    user = make_user()
    revision = make_source(text=TEXT).current_revision()
    claim = new_claim(**selection(revision, "36 civilians were killed"), role="spokesman", by=user)
    assert claim.speaker.name == "The ministry"
    assert claim.speaker.kind == Speaker.Kind.MINISTRY
    assert claim.speaker_role == "spokesman"
    assert claim.created_by == user
    (appearance,) = claim.appearances.all()
    quote = appearance.quote
    assert (quote.start, quote.end) == (18, 42)
    assert quote.exact == "36 civilians were killed"
    assert quote.prefix == "The ministry said "
    assert quote.suffix.startswith(". The army")
    assert quote.created_by == user and appearance.added_by == user


def test_the_words_the_browser_saw_must_match_the_text_at_those_positions():
    revision = make_source(text=TEXT).current_revision()
    wrong = selection(revision, "36 civilians were killed") | {"exact": "36 civilians were kille"}
    with pytest.raises(ValidationError) as refused:
        new_claim(**wrong)
    assert refused.value.messages == [MISMATCH_MESSAGE]
    assert not Claim.objects.exists() and not Quote.objects.exists()


def test_positions_count_code_points_so_an_emoji_before_the_words_shifts_them_by_one():
    text = "😀 قال المتحدث إن الغارات قتلت ستة وثلاثين مدنياً."
    revision = make_source(text=text, language="ar").current_revision()
    words = "قتلت ستة وثلاثين مدنياً"
    start = text.index(words)
    # JavaScript's .length would count the emoji as two and land one later.
    with pytest.raises(ValidationError, match="does not match"):
        new_claim(revision=revision, start=start + 1, end=start + 1 + len(words), exact=words)
    claim = new_claim(revision=revision, start=start, end=start + len(words), exact=words)
    assert claim.appearances.get().quote.exact == words


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (10, 10, "The selection is empty"),
        (12, 10, "The selection is empty"),
        (80, 500, "after the end of the text"),
        (-1, 5, "cannot start before"),
        (3, 4, "only spaces"),
    ],
)
def test_impossible_ranges_are_refused_with_a_message(start, end, message):
    revision = make_source(text=TEXT).current_revision()
    with pytest.raises(ValidationError, match=message):
        new_claim(revision=revision, start=start, end=end, exact=None)
    assert not Claim.objects.exists()


def test_only_the_current_revision_takes_new_quotes():
    source = make_source(text=TEXT)
    old = source.current_revision()
    SourceRevision.objects.create(source=source, number=2, text=TEXT + " Updated.")
    with pytest.raises(ValidationError, match="revised since"):
        new_claim(**selection(old, "36 civilians were killed"))
    with pytest.raises(ValidationError, match="revised since"):
        add_appearance(claim=make_claim(), **selection(old, "36 civilians"), by=None)
    assert not Quote.objects.exists()


def test_the_same_passage_cannot_be_quoted_twice_for_one_claim():
    revision = make_source(text=TEXT).current_revision()
    claim = new_claim(**selection(revision, "36 civilians were killed"))
    with pytest.raises(ValidationError, match="already a quote of this claim"):
        add_appearance(claim=claim, **selection(revision, "36 civilians were killed"), by=None)
    # Another claim may quote it, and this claim may quote other words.
    add_appearance(claim=make_claim(), **selection(revision, "36 civilians were killed"), by=None)
    add_appearance(claim=claim, **selection(revision, "were killed", occurrence=1), by=None)
    assert claim.appearances.count() == 2


def test_a_withdrawn_claim_takes_no_new_appearance():
    from django.utils import timezone

    revision = make_source(text=TEXT).current_revision()
    claim = make_claim(withdrawn_at=timezone.now(), withdrawn_reason="duplicate")
    with pytest.raises(ValidationError, match="withdrawn"):
        add_appearance(claim=claim, **selection(revision, "36 civilians"), by=None)


def test_add_appearance_links_a_new_quote_to_the_claim():
    revision = make_source(text=TEXT).current_revision()
    claim = make_claim()
    make_appearance(claim=claim, quote=make_quote(revision=revision, exact="The ministry said"))
    appearance = add_appearance(claim=claim, **selection(revision, "no civilians were killed"), by=None)
    assert appearance.claim == claim
    assert appearance.quote.exact == "no civilians were killed"
    assert claim.appearances.count() == 2


def test_a_failure_after_the_claim_is_saved_leaves_nothing_behind(monkeypatch):
    revision = make_source(text=TEXT).current_revision()
    speakers_before = Speaker.objects.count()

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Appearance, "save", broken_save)
    with pytest.raises(RuntimeError):
        new_claim(
            **selection(revision, "36 civilians were killed"), speaker=NewSpeaker("Brand new", "person")
        )
    assert not Claim.objects.exists()
    assert not Quote.objects.exists()
    assert Speaker.objects.count() == speakers_before


def test_a_new_speaker_with_a_known_name_is_the_known_speaker():
    lavrov = make_speaker(name="Sergei Lavrov")
    russian = make_speaker(name="Сергей Лавров")
    assert speaker_named(name="sergei  LAVROV", kind="person") == lavrov
    assert speaker_named(name="сергей лавров", kind="person") == russian
    revision = make_source(text=TEXT).current_revision()
    claim = new_claim(**selection(revision, "36 civilians"), speaker=NewSpeaker("SERGEI LAVROV", "ministry"))
    assert claim.speaker == lavrov
    assert Speaker.objects.filter(name__iexact="sergei lavrov").count() == 1


def test_a_new_speaker_named_by_an_alias_is_the_known_speaker():
    kremlin = make_speaker(name="Kremlin", aliases=["the Kremlin", "Russian presidency"])
    assert speaker_named(name="The kremlin", kind="government") == kremlin
    assert speaker_named(name="Kremlin press office", kind="government") != kremlin


def test_a_new_speaker_needs_a_name_and_a_known_kind():
    with pytest.raises(ValidationError, match="name"):
        speaker_named(name="  ", kind="person")
    with pytest.raises(ValidationError, match="not a kind"):
        speaker_named(name="Someone", kind="alien")


# --- find_passage: the words typed without JavaScript ------------------------------


def test_typed_words_are_found_where_they_occur_once():
    revision = make_source(text=TEXT).current_revision()
    assert find_passage(revision=revision, exact="ministry said") == (4, 17)


def test_typed_words_that_occur_several_times_ask_for_context():
    revision = make_source(text=TEXT + " The army said civilians were killed.").current_revision()
    with pytest.raises(ValidationError) as ambiguous:
        find_passage(revision=revision, exact="civilians were killed")
    assert ambiguous.value.messages == [
        "These words occur 3 times in the text: add a few words before or after them."
    ]


def test_words_before_or_after_choose_between_occurrences():
    revision = make_source(text=TEXT).current_revision()
    start, end = find_passage(revision=revision, exact="civilians were killed", prefix="army said no")
    assert revision.text[start:end] == "civilians were killed"
    assert start == TEXT.index("no civilians") + 3
    start, end = find_passage(revision=revision, exact="were killed", suffix=". The army")
    assert start == TEXT.index("were killed")


def test_context_that_still_matches_twice_asks_for_more():
    revision = make_source(text="He said no. She said no. They said yes.").current_revision()
    with pytest.raises(ValidationError, match="occur 2 times in the text even with"):
        find_passage(revision=revision, exact="no", prefix="said")


def test_typed_words_match_across_line_breaks_and_no_break_spaces():
    text = "Killed\u00a036\ncivilians today."
    revision = make_source(text=text).current_revision()
    start, end = find_passage(revision=revision, exact="killed 36 civilians".replace("k", "K", 1))
    assert text[start:end] == "Killed\u00a036\ncivilians"


@pytest.mark.parametrize(
    ("exact", "prefix", "message"),
    [
        ("", "", "Type the words"),
        ("forty civilians", "", "do not occur"),
        ("civilians were killed", "the navy said", "never with the words you gave"),
    ],
)
def test_typed_words_that_cannot_be_found_are_explained(exact, prefix, message):
    revision = make_source(text=TEXT).current_revision()
    with pytest.raises(ValidationError, match=message):
        find_passage(revision=revision, exact=exact, prefix=prefix)


def test_overlapping_occurrences_are_all_counted():
    revision = make_source(text="aaa").current_revision()
    with pytest.raises(ValidationError, match="2 times"):
        find_passage(revision=revision, exact="aa")
