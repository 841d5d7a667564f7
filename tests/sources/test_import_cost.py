"""Turning imported HTML into text costs time in proportion to its length,
however deeply it nests (issue 15, item 1)."""

import html5lib.treebuilders.base
import pytest
from bleach._vendor.html5lib.treebuilders import base as bleach_base

from sources.text import html_to_text


@pytest.fixture
def scope_steps(monkeypatch):
    """How many open elements html5lib's scope checks walk past, in the
    sanitizer's parser and ours: the work that grew with the square of the
    depth."""
    steps = [0]
    for module in (html5lib.treebuilders.base, bleach_base):
        original = module.TreeBuilder.elementInScope

        def counting(self, target, variant=None, _original=original):
            steps[0] += len(self.openElements)
            return _original(self, target, variant)

        monkeypatch.setattr(module.TreeBuilder, "elementInScope", counting)
    return steps


def nested(depth: int, tag: str = "div") -> str:
    return f"<{tag}>" * depth + "the words" + f"</{tag}>" * depth


def steps_for(html: str, scope_steps) -> int:
    scope_steps[0] = 0
    html_to_text(html)
    return scope_steps[0]


@pytest.mark.parametrize("tag", ["div", "b", "section", "span"])
def test_work_grows_linearly_with_nesting_depth(scope_steps, tag):
    shallow = steps_for(nested(4000, tag), scope_steps)
    deep = steps_for(nested(16000, tag), scope_steps)
    # Four times the depth: four times the work when linear, sixteen when quadratic.
    assert deep <= 6 * max(shallow, 1)


def test_deeply_nested_text_is_kept():
    html = "<div>" * 8000 + "<p>First</p><p>Second</p>" + "</div>" * 8000 + "<p>After</p>"
    text = html_to_text(html)
    assert "First" in text and "Second" in text and text.endswith("After")


def test_every_word_of_a_deep_staircase_is_kept():
    html = "".join(f"<div>w{i} " for i in range(5000)) + "</div>" * 5000
    words = html_to_text(html).split()
    assert words == [f"w{i}" for i in range(5000)]


def test_shallow_documents_keep_their_paragraphs():
    html = "<div>" * 20 + "<p>One</p><p>Two</p>" + "</div>" * 20
    assert html_to_text(html) == "One\n\nTwo"
