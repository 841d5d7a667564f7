"""The W3C Web Annotation Data Model's rules that Counterclaim's annotations
must keep, as assertions: the keys each object must have, their types, the
values the vocabulary allows, the selectors' shapes, and a page's links.
https://www.w3.org/TR/annotation-model/ and /TR/annotation-protocol/."""

from __future__ import annotations

import re
from typing import Any

ANNO = "http://www.w3.org/ns/anno.jsonld"
LDP = "http://www.w3.org/ns/ldp.jsonld"
# The motivations of the model's vocabulary (section 3.3.5).
MOTIVATIONS = {
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
}
# xsd:dateTime in UTC, as the model's examples write it.
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
IRI = re.compile(r"^[a-z][a-z0-9+.-]*:\S+$")


def check_annotation(annotation: dict[str, Any], *, embedded: bool = False) -> None:
    if not embedded:
        assert annotation["@context"] == ANNO
    assert IRI.match(annotation["id"])
    assert annotation["type"] == "Annotation"
    assert annotation["motivation"] in MOTIVATIONS
    for moment in ("created", "modified"):
        assert DATETIME.match(annotation[moment]), annotation[moment]
    assert annotation["modified"] >= annotation["created"]
    for body in annotation.get("body", []):
        check_body(body)
    check_target(annotation["target"])


def check_body(body: dict[str, Any]) -> None:
    assert body["type"] in ("TextualBody", "SpecificResource")
    assert body["purpose"] in MOTIVATIONS
    if body["type"] == "TextualBody":
        assert isinstance(body["value"], str) and body["value"]
        assert body["format"] == "text/plain"
    else:
        assert IRI.match(body["source"]["id"])


def check_target(target: dict[str, Any]) -> None:
    assert target["type"] == "SpecificResource"
    source = target["source"]
    assert IRI.match(source["id"])
    assert source["type"] == "Text"
    assert re.match(r"^ni:///sha-256;[A-Za-z0-9_-]{43}$", source["dcterms:identifier"])
    assert target["state"]["type"] == "TimeState"
    assert DATETIME.match(target["state"]["sourceDate"])
    quote, position = target["selector"]
    assert quote["type"] == "TextQuoteSelector"
    assert set(quote) == {"type", "exact", "prefix", "suffix"}
    assert isinstance(quote["exact"], str) and quote["exact"]
    assert position["type"] == "TextPositionSelector"
    assert set(position) == {"type", "start", "end"}
    assert all(isinstance(position[key], int) for key in ("start", "end"))
    assert 0 <= position["start"] < position["end"]
    assert position["end"] - position["start"] == len(quote["exact"])


def check_page(page: dict[str, Any], *, collection_id: str, total: int, embedded: bool = False) -> None:
    assert page["type"] == "AnnotationPage"
    assert IRI.match(page["id"])
    if not embedded:
        assert page["@context"] == ANNO
        assert page["partOf"] == {"id": collection_id, "total": total}
    assert isinstance(page["startIndex"], int) and page["startIndex"] >= 0
    assert isinstance(page["items"], list) and page["items"]
    for item in page["items"]:
        if isinstance(item, str):
            assert IRI.match(item)
        else:
            check_annotation(item, embedded=True)


def check_collection(collection: dict[str, Any]) -> None:
    assert collection["@context"] == [ANNO, LDP]
    assert collection["type"] == ["BasicContainer", "AnnotationCollection"]
    assert IRI.match(collection["id"])
    assert isinstance(collection["label"], str) and collection["label"]
    assert isinstance(collection["total"], int)
    assert DATETIME.match(collection["modified"])
    if collection["total"]:
        assert "first" in collection and IRI.match(collection["last"])
