"""Splitting a text into paragraphs and highlighted segments for the reader."""

from types import SimpleNamespace

from sources.highlight import Span, highlight, on_its_words, split_paragraphs


def spans_of(paragraphs):
    """Each segment as (text, quote ids covering it), paragraph by paragraph."""
    return [[(s.text, sorted(s.quote_ids)) for s in p.segments] for p in paragraphs]


def test_every_character_is_in_exactly_one_paragraph_apart_from_the_blank_lines():
    text = "First paragraph.\n\nSecond, line one\nline two.\n\n\nThird."
    paragraphs = highlight(text, [])
    assert [(p.start, p.end) for p in paragraphs] == [(0, 16), (18, 44), (47, 53)]
    for paragraph in paragraphs:
        assert paragraph.text == text[paragraph.start : paragraph.end]


def test_a_single_newline_stays_inside_the_paragraph_as_a_line_break():
    (paragraph,) = highlight("line one\nline two", [])
    (segment,) = paragraph.segments
    assert segment.lines == ["line one", "line two"]


def test_leading_and_trailing_blank_lines_make_no_paragraph():
    assert split_paragraphs("\n\nOnly one.\n\n") == [(2, 11)]
    assert split_paragraphs("") == []


def test_a_quote_splits_its_paragraph_into_before_quote_and_after():
    text = "The ministry said 36 civilians were killed."
    start = text.index("36")
    (paragraph,) = highlight(text, [Span(start, start + len("36 civilians"), 7, "/claims/1/", "Ministry")])
    assert spans_of([paragraph]) == [
        [("The ministry said ", []), ("36 civilians", [7]), (" were killed.", [])]
    ]
    mark = paragraph.segments[1]
    assert mark.primary.href == "/claims/1/"
    assert mark.data_quotes == "7"
    assert [s.quote_id for s in mark.starts] == [7] and [s.quote_id for s in mark.ends] == [7]


def test_overlapping_quotes_are_both_visible_and_the_shared_words_carry_both():
    text = "abcdefghij"
    paragraphs = highlight(text, [Span(0, 6, 1), Span(4, 10, 2)])
    assert spans_of(paragraphs) == [[("abcd", [1]), ("ef", [1, 2]), ("ghij", [2])]]
    shared = paragraphs[0].segments[1]
    assert shared.overlap and shared.depth == 2
    assert shared.data_quotes == "1 2"
    # Quote 1 ends inside the shared words, quote 2 starts at them.
    assert [s.quote_id for s in shared.ends] == [1]
    assert [s.quote_id for s in shared.starts] == [2]


def test_a_nested_quote_links_to_the_innermost_and_names_both():
    text = "A Russian airstrike killed 36 civilians, including five children."
    inner_start = text.index("killed")
    inner_end = text.index(",")
    paragraphs = highlight(
        text,
        [
            Span(0, len(text) - 1, 1, "/claims/1/", "Khoja: the lead"),
            Span(inner_start, inner_end, 2, "#quote-2", "New: killed 36 civilians"),
        ],
    )
    segments = paragraphs[0].segments
    assert [(s.text, sorted(s.quote_ids)) for s in segments] == [
        ("A Russian airstrike ", [1]),
        ("killed 36 civilians", [1, 2]),
        (", including five children", [1]),
        (".", []),
    ]
    nested = segments[1]
    assert nested.primary.quote_id == 2  # the shorter, more specific quote
    assert nested.title == "New: killed 36 civilians\nKhoja: the lead"


def test_adjacent_quotes_stay_two_highlights_with_a_visible_boundary():
    text = "one two three"
    paragraphs = highlight(text, [Span(0, 3, 1), Span(3, 7, 2)])
    first, second, rest = paragraphs[0].segments
    assert (first.text, first.quote_ids) == ("one", [1])
    assert (second.text, second.quote_ids) == (" two", [2])
    assert [s.quote_id for s in first.ends] == [1]
    assert [s.quote_id for s in second.starts] == [2]
    assert rest.spans == ()


def test_a_quote_across_a_paragraph_break_is_highlighted_in_both_paragraphs():
    text = "End of one.\n\nStart of two."
    paragraphs = highlight(text, [Span(7, 18, 5)])
    assert spans_of(paragraphs) == [
        [("End of ", []), ("one.", [5])],
        [("Start", [5]), (" of two.", [])],
    ]
    # It starts in the first paragraph and ends in the second only.
    assert paragraphs[0].segments[1].starts and not paragraphs[0].segments[1].ends
    assert paragraphs[1].segments[0].ends and not paragraphs[1].segments[0].starts


def test_offsets_count_code_points_with_an_emoji_and_arabic_before_the_quote():
    text = "🇸🇾 بيان\n\n😀 قال المتحدث إن الغارات قتلت ستة وثلاثين مدنياً."
    quoted = "قتلت ستة وثلاثين مدنياً"
    start = text.index(quoted)
    paragraphs = highlight(text, [Span(start, start + len(quoted), 9)])
    assert paragraphs[1].start == text.index("😀")
    highlighted = [s for s in paragraphs[1].segments if s.highlighted]
    assert [s.text for s in highlighted] == [quoted]
    assert highlighted[0].start == start


def test_spans_outside_the_text_are_ignored_or_cut():
    text = "short text"
    paragraphs = highlight(text, [Span(20, 30, 1), Span(6, 50, 2), Span(3, 3, 3)])
    assert spans_of(paragraphs) == [[("short ", []), ("text", [2])]]


def test_a_quote_is_highlighted_only_where_its_words_are():
    text = "The ministry said 36 civilians were killed."
    placed = SimpleNamespace(start=18, end=30, exact="36 civilians")
    moved = SimpleNamespace(start=18, end=30, exact="no civilians")
    past_the_end = SimpleNamespace(start=40, end=60, exact="killed. And more")
    assert on_its_words(text, placed)
    assert not on_its_words(text, moved)
    assert not on_its_words(text, past_the_end)
