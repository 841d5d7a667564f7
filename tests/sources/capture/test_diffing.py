"""The word diff between two captures, and page starts carried through a
corrected text."""

from sources.capture import diffing
from sources.capture.diffing import Piece, carry_offsets, counts, word_diff


def test_a_changed_word_is_removed_then_added_in_reading_order():
    pieces = word_diff("Lavrov called it completely untrue.", "Lavrov called it groundless.")

    assert pieces == [
        Piece("same", "Lavrov called it "),
        Piece("removed", "completely untrue"),
        Piece("added", "groundless"),
        Piece("same", "."),
    ]
    assert counts(pieces) == (2, 1)


def test_joining_the_pieces_gives_back_each_text_when_nothing_is_folded():
    old = "Khoja said 36 civilians were killed.\n\nRussia denied it."
    new = "Khoja said 33 civilians were killed.\n\nRussia denied it on Thursday."
    pieces = word_diff(old, new)

    assert "".join(p.text for p in pieces if p.kind != "added") == old
    assert "".join(p.text for p in pieces if p.kind != "removed") == new


def test_long_unchanged_stretches_are_folded_around_the_change():
    words = " ".join(f"word{n}" for n in range(200))
    pieces = word_diff(words + " old ending.", words + " new ending.")

    assert pieces[0].kind == "gap"  # the start of the text, far from the change
    kept = "".join(p.text for p in pieces if p.kind == "same")
    assert "word199" in kept and "word0 " not in kept
    assert [p.text for p in pieces if p.kind in ("removed", "added")] == ["old", "new"]


def test_identical_texts_have_no_change():
    assert all(p.kind in ("same", "gap") for p in word_diff("The same text.", "The same text."))


def test_texts_too_long_to_compare_are_not_diffed(monkeypatch):
    monkeypatch.setattr(diffing, "MAX_TOKENS", 10)

    assert word_diff("one two three four five six", "one two three four five seven") is None


def test_page_starts_follow_their_words_through_a_correction():
    old = "Page one text.\n\nPage two text.\n\nPage three."
    starts = [0, old.index("Page two"), old.index("Page three")]
    new = "A title added.\n\nPage one text.\n\nPage two, corrected.\n\nPage three."

    carried = carry_offsets(old, new, starts)

    assert carried == [new.index("Page one"), new.index("Page two"), new.index("Page three")]


def test_a_page_start_in_removed_text_goes_to_what_replaced_it():
    old = "First page.\n\nSecond page."
    new = "First page.\n\nThe second page, rewritten."

    [first, second] = carry_offsets(old, new, [0, old.index("Second")])

    assert first == 0
    assert new[second:].startswith("The second page")
