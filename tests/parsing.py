"""Reading pages and fragments as a browser would, with html5lib, so that a
test checks the elements a journalist sees rather than a string of markup."""

from xml.etree.ElementTree import Element

import html5lib


def parse(content: str | bytes) -> Element:
    """A page or a fragment as an element tree (no namespaces; a fragment
    gets the <html> and <body> a browser would give it)."""
    return html5lib.parse(content, treebuilder="etree", namespaceHTMLElements=False)


def text_of(element: Element) -> str:
    """The element's text as shown, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def radios(content: str | bytes, name: str) -> dict[str, bool]:
    """The radio buttons called ``name``: whether each value is checked."""
    return {
        button.get("value", ""): button.get("checked") is not None
        for button in parse(content).iter("input")
        if button.get("type") == "radio" and button.get("name") == name
    }


def choice_labels(content: str | bytes, name: str) -> dict[str, str]:
    """The text of the label around each radio button called ``name``, by value."""
    labels = {}
    for label in parse(content).iter("label"):
        for button in label.iter("input"):
            if button.get("type") == "radio" and button.get("name") == name:
                labels[button.get("value", "")] = text_of(label)
    return labels


def form_values(content: str | bytes) -> dict[str, str]:
    """What the page's own POST form (the one without an ``action``, which
    posts back to the page) would send as it stands: its inputs (the checked
    ones of radio buttons and checkboxes), textareas and selects."""
    form = next(
        f
        for f in parse(content).iter("form")
        if f.get("method", "").lower() == "post" and not f.get("action")
    )
    values = {}
    for element in form.iter():
        name = element.get("name")
        if not name:
            continue
        if element.tag == "input":
            if element.get("type") in ("radio", "checkbox") and element.get("checked") is None:
                continue
            if element.get("type") not in ("submit", "button"):
                values[name] = element.get("value", "")
        elif element.tag == "textarea":
            # A browser drops the newline right after <textarea>; html5lib does too.
            values[name] = element.text or ""
        elif element.tag == "select":
            options = list(element.iter("option"))
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            values[name] = chosen[0].get("value", text_of(chosen[0])) if chosen else ""
    return values
