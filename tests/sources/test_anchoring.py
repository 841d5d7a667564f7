"""Anchoring: the browser's UTF-16 offsets, typed words found without
JavaScript, and quotes re-anchored when a source's text is revised.

Pure functions, so no database: each test states a text, a quote in it and a
revision, and pins where the quote lands and how it was found.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.anchoring import (
    FUZZY_THRESHOLD,
    Anchor,
    Match,
    Selectors,
    codepoint_to_utf16,
    find_exact,
    reanchor,
    selectors_for,
    utf16_to_codepoint,
)
from sources.anchoring.fuzzy import best_end
from sources.models import SELECTOR_CONTEXT

ARTICLE = (
    "NEW YORK, United States - A Russian airstrike killed 36 civilians, including five children, "
    "in the central Syrian province of Homs on Wednesday, the head of Syria's main opposition group said.\n\n"
    '"All of the casualties were civilians," Khoja said in New York on the sidelines of the UN General '
    "Assembly.\n\n"
    "Russian Foreign Minister Sergei Lavrov said on Thursday morning that the allegations were "
    '"completely untrue".\n'
)

ARABIC = (
    "قال رئيس الائتلاف الوطني السوري خالد خوجة إن الغارة الروسية قتلت 36 مدنياً بينهم خمسة أطفال "
    "في ريف حمص الشمالي، مضيفاً أن جميع الضحايا كانوا من المدنيين."
)

RUSSIAN = (
    "Министр иностранных дел России Сергей Лавров заявил в четверг утром, что обвинения "
    "«совершенно не соответствуют действительности», а удары наносились по террористам."
)


def quote_of(text: str, words: str) -> Selectors:
    """The selectors a journalist's selection of the only occurrence of
    ``words`` would make."""
    assert text.count(words) == 1, "the test's quote must be unambiguous"
    start = text.index(words)
    return selectors_for(text, start, start + len(words))


def words_at(text: str, anchor: Anchor | None) -> str | None:
    return None if anchor is None else text[anchor.start : anchor.end]


# The browser's offsets: UTF-16 code units in, code points out


def test_an_emoji_before_the_selection_shifts_browser_offsets_but_not_ours():
    # 👍🏽 is two astral code points (a thumb and a skin tone): four UTF-16
    # units in the browser, two characters in Python.
    text = "Khoja 👍🏽 said: killed 36 civilians"
    # What Selection/Range offsets report for "killed 36 civilians":
    # "Khoja " is 6 units, the emoji 4, " said: " 7, so it starts at unit 17.
    browser_start, browser_end = 17, 36

    start = utf16_to_codepoint(text, browser_start)
    end = utf16_to_codepoint(text, browser_end)

    assert (start, end) == (15, 34)
    assert text[start:end] == "killed 36 civilians"
    assert (codepoint_to_utf16(text, start), codepoint_to_utf16(text, end)) == (17, 36)


def test_a_mathematical_letter_counts_twice_in_the_browser():
    text = "𝔸 = 36"  # U+1D538 DOUBLE-STRUCK CAPITAL A

    assert utf16_to_codepoint(text, 5) == 4
    assert text[utf16_to_codepoint(text, 5) :] == "36"
    assert codepoint_to_utf16(text, 1) == 2


def test_text_without_astral_characters_counts_the_same_on_both_sides():
    for offset in range(len(ARABIC) + 1):
        assert utf16_to_codepoint(ARABIC, offset) == offset
        assert codepoint_to_utf16(ARABIC, offset) == offset


def test_a_utf16_offset_inside_a_surrogate_pair_is_refused():
    with pytest.raises(ValueError, match="inside the surrogate pair"):
        utf16_to_codepoint("a𝔸b", 2)


@pytest.mark.parametrize("offset", [-1, 5])
def test_a_utf16_offset_outside_the_text_is_refused(offset):
    # "a𝔸b" is four UTF-16 units long.
    with pytest.raises(ValueError):
        utf16_to_codepoint("a𝔸b", offset)


@pytest.mark.parametrize("offset", [-1, 4])
def test_a_code_point_offset_outside_the_text_is_refused(offset):
    with pytest.raises(ValueError, match="outside the text"):
        codepoint_to_utf16("a𝔸b", offset)


# Selectors


def test_selectors_keep_the_shared_amount_of_context_on_each_side():
    selectors = quote_of(ARTICLE, "killed 36 civilians")

    assert selectors.exact == "killed 36 civilians"
    assert selectors.prefix == "w YORK, United States - A Russian airstrike "[-SELECTOR_CONTEXT:]
    assert selectors.suffix == ", including five children, in the central Syrian"[:SELECTOR_CONTEXT]
    assert len(selectors.prefix) == len(selectors.suffix) == SELECTOR_CONTEXT


def test_selectors_at_the_start_of_the_text_have_no_prefix():
    selectors = selectors_for(ARTICLE, 0, 8)

    assert (selectors.exact, selectors.prefix) == ("NEW YORK", "")


@pytest.mark.parametrize(("start", "end"), [(5, 5), (6, 5), (-1, 3), (0, len(ARTICLE) + 1)])
def test_selectors_refuse_an_empty_or_outside_range(start, end):
    with pytest.raises(ValueError):
        selectors_for(ARTICLE, start, end)


# Typed words, without JavaScript


def test_words_that_occur_once_give_one_match():
    start = ARTICLE.index("completely untrue")

    assert find_exact(ARTICLE, "completely untrue") == [Match(start, start + 17, 1.0)]


def test_words_that_occur_twice_give_two_matches_until_context_is_typed():
    first = ARTICLE.index("civilians")
    second = ARTICLE.index("civilians", first + 1)

    ambiguous = find_exact(ARTICLE, "civilians")
    narrowed = find_exact(ARTICLE, "civilians", prefix="casualties were")

    assert [match.start for match in ambiguous] == [first, second]
    assert [match.start for match in narrowed] == [second]


def test_typed_context_after_the_words_also_narrows_the_matches():
    second = ARTICLE.index("civilians", ARTICLE.index("civilians") + 1)

    assert [match.start for match in find_exact(ARTICLE, "civilians", suffix=',"  Khoja')] == [second]


def test_typed_context_that_agrees_with_neither_occurrence_leaves_both():
    assert len(find_exact(ARTICLE, "civilians", prefix="nothing like this")) == 2


def test_typed_words_match_across_a_line_break():
    text = "the sidelines of the UN General\nAssembly, Khoja said"

    matches = find_exact(text, "UN General Assembly")

    assert [text[match.start : match.end] for match in matches] == ["UN General\nAssembly"]


def test_words_that_do_not_occur_give_no_match():
    assert find_exact(ARTICLE, "47 civilians") == []
    assert find_exact(ARTICLE, "   ") == []


# Re-anchoring: position, then quote with context


def test_a_quote_in_an_unchanged_text_stays_by_position():
    quote = quote_of(ARTICLE, "killed 36 civilians, including five children")

    assert reanchor(quote, ARTICLE) == Anchor(quote.start, quote.end, "position")


def test_a_quote_after_an_edit_elsewhere_stays_by_position():
    quote = quote_of(ARTICLE, "killed 36 civilians, including five children")
    revised = ARTICLE.replace("Sergei Lavrov", "Sergey Lavrov")

    assert reanchor(quote, revised) == Anchor(quote.start, quote.end, "position")


def test_a_quote_moved_by_text_inserted_before_it_is_found_by_its_words():
    quote = quote_of(ARTICLE, "the allegations were")
    lead = "Updated on 2 October with the Kremlin's statement.\n\n"

    anchor = reanchor(quote, lead + ARTICLE)

    assert anchor == Anchor(quote.start + len(lead), quote.end + len(lead), "quote")


def test_a_quote_moved_by_text_deleted_before_it_is_found_by_its_words():
    quote = quote_of(ARTICLE, '"completely untrue"')
    revised = ARTICLE.replace("NEW YORK, United States - ", "")

    anchor = reanchor(quote, revised)

    assert anchor.method == "quote"
    assert anchor.start == quote.start - len("NEW YORK, United States - ")
    assert words_at(revised, anchor) == '"completely untrue"'


def test_of_words_occurring_twice_the_context_picks_the_right_one():
    text = "The ministry said the figures were wrong. The army said the figures were wrong."
    start = text.rindex("the figures were wrong")
    quote = selectors_for(text, start, start + len("the figures were wrong"))
    revised = "In Moscow: " + text

    anchor = reanchor(quote, revised)

    assert anchor == Anchor(start + 11, quote.end + 11, "quote")
    assert revised[anchor.start - 10 : anchor.start] == "army said "


def test_the_same_words_at_the_old_position_lose_to_the_occurrence_with_the_right_context():
    # The two sentences swapped places; "Ahmed" and "Boris" have the same
    # length, so the old position still holds the quoted words, in the other
    # speaker's sentence.
    text = "Ahmed said: the figures were wrong. Boris said: the figures were wrong."
    quote = selectors_for(text, 12, 34)
    revised = "Boris said: the figures were wrong. Ahmed said: the figures were wrong."

    anchor = reanchor(quote, revised)

    assert revised[quote.start : quote.end] == quote.exact
    assert anchor == Anchor(48, 70, "quote")


PARAGRAPH = (
    "The Syrian National Coalition said in a statement that Russia was in preparation for a ground "
    "operation, and that its strikes had hit civilian areas of northern Homs."
)


def test_of_two_identical_passages_the_one_nearest_the_old_position_wins():
    # The paragraph was pasted twice by mistake: both copies have the same
    # words and the same context, so only the distance can decide.
    text = "Short lead.\n\n" + PARAGRAPH + "\n\nEnd."
    quote = quote_of(text, "in preparation for a ground operation")
    revised = "A longer lead paragraph.\n\n" + PARAGRAPH + "\n\n" + PARAGRAPH + "\n\nEnd."
    first = revised.index("in preparation")

    assert reanchor(quote, revised) == Anchor(first, first + 37, "quote")


def test_nearest_means_nearest_the_old_position_not_first_in_the_text():
    lead = "A lead paragraph that the editor later cut, " * 5 + "\n\n"
    text = lead + PARAGRAPH + "\n\nEnd."
    quote = quote_of(text, "in preparation for a ground operation")
    revised = PARAGRAPH + "\n\n" + PARAGRAPH + "\n\nEnd."
    second = revised.rindex("in preparation")

    assert reanchor(quote, revised) == Anchor(second, second + 37, "quote")


# Re-anchoring: approximate matches of edited passages


def test_a_quote_whose_typo_was_fixed_is_found_approximately():
    with_typo = ARTICLE.replace("allegations", "allegatons")
    quote = quote_of(
        with_typo, 'Lavrov said on Thursday morning that the allegatons were "completely untrue"'
    )

    anchor = reanchor(quote, ARTICLE)

    assert anchor.method == "fuzzy"
    assert words_at(ARTICLE, anchor) == (
        'Lavrov said on Thursday morning that the allegations were "completely untrue"'
    )
    assert anchor.similarity > 0.95


def test_a_quote_with_a_word_changed_is_found_approximately():
    quote = quote_of(ARTICLE, "killed 36 civilians, including five children")
    revised = ARTICLE.replace("including five children", "among them five children")

    anchor = reanchor(quote, revised)

    assert anchor.method == "fuzzy"
    assert words_at(revised, anchor) == "killed 36 civilians, among them five children"
    assert FUZZY_THRESHOLD <= anchor.similarity < 1


def test_a_quote_with_a_number_corrected_and_moved_is_found_approximately():
    quote = quote_of(ARTICLE, "killed 36 civilians, including five children")
    revised = "Correction appended.\n\n" + ARTICLE.replace("killed 36", "killed 35")

    anchor = reanchor(quote, revised)

    assert words_at(revised, anchor) == "killed 35 civilians, including five children"
    assert anchor.method == "fuzzy"


def test_a_quote_whose_first_word_changed_still_starts_after_its_prefix():
    quote = quote_of(ARTICLE, "said in New York on the sidelines of the UN")
    revised = ARTICLE.replace("Khoja said in New York", "Khoja stated in New York")

    anchor = reanchor(quote, revised)

    assert words_at(revised, anchor) == "stated in New York on the sidelines of the UN"
    assert anchor.method == "fuzzy"


def test_a_quote_whose_first_word_and_the_word_before_it_changed_starts_on_a_word():
    # Neither the end of the prefix nor the start of the quote occurs any
    # more, so the start is found by aligning the quote's first words.
    text = (
        "NEW YORK - The head of Syria's main opposition group, Khaled Khoja, said the strike killed "
        "36 civilians in northern Homs on Wednesday, in an interview with AFP."
    )
    quote = quote_of(text, "the strike killed 36 civilians in northern Homs")
    revised = text.replace("Khoja, said the strike", "Khoja, stated a strike")

    anchor = reanchor(quote, revised)

    assert words_at(revised, anchor) == "a strike killed 36 civilians in northern Homs"
    assert anchor.method == "fuzzy"


def test_a_quote_edited_with_its_surroundings_changed_on_one_side_is_still_found():
    text = (
        "NEW YORK - The head of Syria's main opposition group, Khaled Khoja, said the strike killed "
        "36 civilians in northern Homs on Wednesday, in an interview with AFP."
    )
    quote = quote_of(text, "the strike killed 36 civilians in northern Homs")
    revised = text.replace("killed 36", "killed 35").replace("Homs on Wednesday", "Homs province on Tuesday")

    anchor = reanchor(quote, revised)

    assert words_at(revised, anchor) == "the strike killed 35 civilians in northern Homs"


def test_a_quote_whose_passage_was_rewritten_is_not_anchored():
    quote = quote_of(ARTICLE, "killed 36 civilians, including five children")
    revised = ARTICLE.replace("killed 36 civilians, including five children", "caused dozens of deaths")

    assert reanchor(quote, revised) is None


def test_a_quote_whose_passage_was_deleted_is_not_anchored():
    quote = quote_of(ARTICLE, "the allegations were")
    revised = ARTICLE.split("Russian Foreign Minister")[0]

    assert reanchor(quote, revised) is None


def test_a_deleted_sentence_is_not_anchored_to_a_similar_neighbour():
    text = (
        "Officials in Damascus gave differing figures. "
        "The ministry said 12 people were killed in Talbiseh on Monday. "
        "The ministry said 21 people were killed in Rastan on Monday. "
        "Nobody else commented."
    )
    quote = quote_of(text, "The ministry said 12 people were killed in Talbiseh on Monday.")
    revised = text.replace("The ministry said 12 people were killed in Talbiseh on Monday. ", "")

    assert reanchor(quote, revised) is None


def test_a_short_quote_is_not_anchored_to_the_same_words_in_another_sentence():
    text = "The opposition counted 36 dead. The army denied it. Another report named 36 victims."
    quote = selectors_for(text, text.index("36"), text.index("36") + 2)
    revised = "The army denied it. Another report named 36 victims."

    assert reanchor(quote, revised) is None


def test_a_long_quote_is_anchored_to_its_words_wherever_they_now_are():
    # A paragraph moved to the end: its words are distinctive enough on
    # their own even though the context around it changed completely.
    first, rest = ARTICLE.split("\n\n", 1)
    quote = quote_of(ARTICLE, first)
    revised = rest + "\n" + first

    anchor = reanchor(quote, revised)

    assert anchor.method == "quote"
    assert words_at(revised, anchor) == first


# Arabic, Russian and astral characters


def test_an_arabic_quote_moves_with_its_paragraph():
    quote = quote_of(ARABIC, "الغارة الروسية قتلت 36 مدنياً بينهم خمسة أطفال")
    revised = "تحديث: أضيف بيان الكرملين.\n\n" + ARABIC

    anchor = reanchor(quote, revised)

    assert anchor.method == "quote"
    assert words_at(revised, anchor) == "الغارة الروسية قتلت 36 مدنياً بينهم خمسة أطفال"


def test_an_arabic_quote_is_found_after_its_spelling_was_corrected():
    # A common slip: ه (ha) typed for ة (ta marbuta) at the end of a word.
    with_typo = ARABIC.replace("الغارة الروسية", "الغارة الروسيه")
    quote = quote_of(with_typo, "الغارة الروسيه قتلت 36 مدنياً بينهم خمسة أطفال")

    anchor = reanchor(quote, ARABIC)

    assert anchor.method == "fuzzy"
    assert words_at(ARABIC, anchor) == "الغارة الروسية قتلت 36 مدنياً بينهم خمسة أطفال"


def test_a_russian_quote_moves_with_its_paragraph():
    quote = quote_of(RUSSIAN, "«совершенно не соответствуют действительности»")
    revised = "Обновлено в пятницу.\n\n" + RUSSIAN

    anchor = reanchor(quote, revised)

    assert anchor.method == "quote"
    assert words_at(revised, anchor) == "«совершенно не соответствуют действительности»"


def test_a_russian_quote_is_found_after_its_typo_was_fixed():
    with_typo = RUSSIAN.replace("действительности", "действитльности")
    quote = quote_of(with_typo, "обвинения «совершенно не соответствуют действитльности»")

    anchor = reanchor(quote, RUSSIAN)

    assert anchor.method == "fuzzy"
    assert words_at(RUSSIAN, anchor) == "обвинения «совершенно не соответствуют действительности»"


def test_a_quote_selected_after_an_emoji_reanchors_in_code_points():
    text = "Khoja 👍🏽 said: " + ARTICLE
    # The browser's selection of "killed 36 civilians", in UTF-16 units.
    browser_start = len("Khoja 👍🏽 said: ".encode("utf-16-le")) // 2 + ARTICLE.index("killed 36")
    start = utf16_to_codepoint(text, browser_start)
    quote = selectors_for(text, start, start + len("killed 36 civilians"))
    revised = "𝔸 " + text

    anchor = reanchor(quote, revised)

    assert quote.exact == "killed 36 civilians"
    assert anchor == Anchor(start + 2, start + 21, "quote")
    # And the browser highlights it at the offsets it counts.
    assert codepoint_to_utf16(revised, anchor.start) == browser_start + 3


# Properties over any text


def texts() -> st.SearchStrategy[str]:
    """Any text, with extra weight on the characters that make anchoring
    hard: astral characters, whitespace, and a small alphabet whose
    repetitions make quotes ambiguous. Lone surrogates are left out: they
    cannot be encoded, so no stored text holds one."""
    anything = st.characters(exclude_categories=["Cs"])
    return st.text(st.one_of(anything, st.sampled_from("ab 𝔸👍🏽\nя ع")), min_size=1, max_size=200)


@st.composite
def texts_with_a_range(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(texts())
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@settings(max_examples=200, deadline=None)
@given(texts_with_a_range())
def test_any_quote_of_an_unchanged_text_reanchors_to_the_same_range(case):
    text, start, end = case

    assert reanchor(selectors_for(text, start, end), text) == Anchor(start, end, "position")


@settings(max_examples=200, deadline=None)
@given(texts_with_a_range())
def test_typed_words_with_their_full_context_find_their_own_place(case):
    text, start, end = case
    quote = selectors_for(text, start, end)

    matches = find_exact(text, quote.exact, quote.prefix, quote.suffix)

    if quote.exact.strip():
        assert Match(start, end, 1.0) in matches


@settings(max_examples=200, deadline=None)
@given(texts())
def test_offsets_round_trip_at_every_character_boundary(text):
    for offset in range(len(text) + 1):
        # What the browser counts: UTF-16 code units before the boundary.
        units = len(text[:offset].encode("utf-16-le")) // 2

        assert codepoint_to_utf16(text, offset) == units
        assert utf16_to_codepoint(text, units) == offset


@settings(max_examples=200, deadline=None)
@given(texts())
def test_only_utf16_offsets_between_characters_convert(text):
    boundaries = {len(text[:offset].encode("utf-16-le")) // 2 for offset in range(len(text) + 1)}
    total = len(text.encode("utf-16-le")) // 2

    for units in range(total + 2):
        if units in boundaries:
            utf16_to_codepoint(text, units)
        else:
            with pytest.raises(ValueError):
                utf16_to_codepoint(text, units)


def edit_distance_table_row(pattern: str, window: str) -> list[int]:
    """The textbook dynamic programme, for checking the fast one: the
    distance from ``pattern`` to the closest substring of ``window`` ending
    at each position."""
    previous = [0] * (len(window) + 1)
    for i, wanted in enumerate(pattern, 1):
        current = [i] + [0] * len(window)
        for j, found in enumerate(window, 1):
            current[j] = min(previous[j - 1] + (wanted != found), previous[j] + 1, current[j - 1] + 1)
        previous = current
    return previous


@settings(max_examples=200, deadline=None)
@given(st.text("ab c𝔸", min_size=1, max_size=40), st.text("ab c𝔸", max_size=60))
def test_the_bit_parallel_alignment_finds_the_closest_substring(pattern, window):
    # Quotes' edges are aligned with Myers' bit-parallel algorithm; it must
    # agree with the plain edit-distance table on where the closest
    # substring ends, taking the leftmost and the rightmost of equals.
    row = edit_distance_table_row(pattern, window)
    closest = min(row)

    assert best_end(pattern, window) == row.index(closest)
    assert best_end(pattern, window, last=True) == len(row) - 1 - row[::-1].index(closest)
