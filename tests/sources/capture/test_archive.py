"""The archive keeps every capture and upload as WARC records, byte for byte,
with SHA-256 digests that warcio checks and that reading verifies."""

import gzip
import hashlib
import io
import re
import zlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.core.files.storage import InMemoryStorage, storages
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator
from warcio.cli import main as warcio_main

from sources.capture.archive import (
    ArchiveCorrupt,
    archive_fetch,
    archive_upload,
    open_archive,
    read_document,
    store,
)
from sources.capture.exchange import Exchange, FetchResult

FETCHED_AT = datetime(2026, 12, 3, 9, 30, 15, 250000, tzinfo=UTC)
HTML = (
    "<html><head><title>Caf\u00e9 prices</title></head><body>\u201cDouble\u201d \u2014 \u20ac4</body></html>"
)
# The page as served: windows-1252 text (not UTF-8), gzipped and kept gzipped.
PAGE_TEXT = HTML.encode("cp1252")
PAGE_BODY = gzip.compress(PAGE_TEXT, mtime=0)
REDIRECT_BODY = b"<a href='https://www.example.org/prices'>Moved</a>"
PAGE_HEADERS = (
    ("Date", "Thu, 03 Dec 2026 09:30:15 GMT"),
    ("content-type", "text/html; charset=windows-1252"),
    ("Set-Cookie", "session=abc; Path=/; HttpOnly"),
    ("X-Served-BY", "cache-fra1"),
    ("set-cookie", "consent=no; Path=/"),
    ("Content-Encoding", "gzip"),
    ("Content-Length", str(len(PAGE_BODY))),
    ("X-Note", "caf\u00e9"),  # a byte over 0x7f, as http.client decodes it
    ("Vary", "Accept-Encoding"),
)
PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def request_headers(host: str) -> tuple[tuple[str, str], ...]:
    return (
        ("Host", host),
        ("User-Agent", "Counterclaim/1.0 (test)"),
        ("Accept-Encoding", "gzip"),
        ("Accept", "text/html,application/pdf;q=0.9"),
    )


def make_exchange(**overrides) -> Exchange:
    values = {
        "url": "https://www.example.org/prices?week=49",
        "address": "93.184.216.34",
        "method": "GET",
        "request_headers": request_headers("www.example.org"),
        "http_version": "HTTP/1.1",
        "status": 200,
        "reason": "OK",
        "response_headers": PAGE_HEADERS,
        "body": PAGE_BODY,
    }
    return Exchange(**{**values, **overrides})


def make_fetch(*exchanges: Exchange, **overrides) -> FetchResult:
    """A fetch of http://example.org/prices: a 301 to https, a 302 to www,
    then the page, unless other exchanges are given."""
    hops = exchanges or (
        make_exchange(
            url="http://example.org/prices?week=49",
            address="93.184.216.10",
            request_headers=request_headers("example.org"),
            status=301,
            reason="Moved Permanently",
            response_headers=(("Location", "https://example.org/prices?week=49"), ("Content-Length", "0")),
            body=b"",
        ),
        make_exchange(
            url="https://example.org/prices?week=49",
            address="93.184.216.10",
            request_headers=request_headers("example.org"),
            status=302,
            reason="Found",
            response_headers=(
                ("Location", "https://www.example.org/prices?week=49"),
                ("Content-Type", "text/html"),
                ("Content-Length", str(len(REDIRECT_BODY))),
            ),
            body=REDIRECT_BODY,
        ),
        make_exchange(),
    )
    values = {
        "requested_url": "http://example.org/prices?week=49",
        "exchanges": hops,
        "fetched_at": FETCHED_AT,
        "content_type": "text/html",
        "charset": "windows-1252",
    }
    return FetchResult(**{**values, **overrides})


def records(data: bytes) -> list[tuple[str, dict[str, str], bytes]]:
    """(type, WARC headers, raw block) of every record, as warcio reads them."""
    found = []
    for record in ArchiveIterator(io.BytesIO(data), no_record_parse=True):
        found.append((record.rec_type, dict(record.rec_headers.headers), record.raw_stream.read()))
    return found


@pytest.fixture
def archive_storage(settings) -> InMemoryStorage:
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return storages["archive"]


# --- Writing a capture -------------------------------------------------------


def test_the_document_body_comes_back_byte_for_byte_still_gzipped() -> None:
    document = read_document(archive_fetch(make_fetch()).data)

    assert document.body == PAGE_BODY
    assert gzip.decompress(document.body) == PAGE_TEXT
    assert b"\x93Double\x94 \x97 \x804" in gzip.decompress(document.body)  # windows-1252, not UTF-8


def test_response_headers_keep_their_order_case_and_duplicates() -> None:
    document = read_document(archive_fetch(make_fetch()).data)

    assert document.headers == PAGE_HEADERS


def test_the_response_record_holds_the_status_line_headers_and_body_as_received() -> None:
    (_, _, block) = [r for r in records(archive_fetch(make_fetch()).data) if r[0] == "response"][-1]

    head = (
        b"HTTP/1.1 200 OK\r\n"
        b"Date: Thu, 03 Dec 2026 09:30:15 GMT\r\n"
        b"content-type: text/html; charset=windows-1252\r\n"
        b"Set-Cookie: session=abc; Path=/; HttpOnly\r\n"
        b"X-Served-BY: cache-fra1\r\n"
        b"set-cookie: consent=no; Path=/\r\n"
        b"Content-Encoding: gzip\r\n"
        + f"Content-Length: {len(PAGE_BODY)}\r\n".encode()
        + b"X-Note: caf\xe9\r\n"
        b"Vary: Accept-Encoding\r\n"
        b"\r\n"
    )
    assert block == head + PAGE_BODY


def test_the_request_record_holds_the_request_line_and_headers_as_sent() -> None:
    (_, _, block) = [r for r in records(archive_fetch(make_fetch()).data) if r[0] == "request"][-1]

    assert block == (
        b"GET /prices?week=49 HTTP/1.1\r\n"
        b"Host: www.example.org\r\n"
        b"User-Agent: Counterclaim/1.0 (test)\r\n"
        b"Accept-Encoding: gzip\r\n"
        b"Accept: text/html,application/pdf;q=0.9\r\n"
        b"\r\n"
    )


def test_sha256_is_the_document_payloads_and_warc_sha256_the_files() -> None:
    copy = archive_fetch(make_fetch())

    assert copy.sha256 == hashlib.sha256(PAGE_BODY).hexdigest()
    assert copy.warc_sha256 == hashlib.sha256(copy.data).hexdigest()
    assert copy.size == len(copy.data)


def test_the_file_is_gzipped_warc_1_1_one_gzip_member_a_record() -> None:
    rest = archive_fetch(make_fetch()).data

    # Each record is its own gzip member, so a reader can seek to any one.
    members = []
    while rest:
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        members.append(member.decompress(rest))
        rest = member.unused_data
    assert len(members) == 7
    assert all(member.startswith(b"WARC/1.1\r\n") for member in members)


def test_records_come_in_order_warcinfo_then_request_and_response_for_every_hop() -> None:
    found = records(archive_fetch(make_fetch()).data)

    assert [kind for kind, _, _ in found] == ["warcinfo"] + ["request", "response"] * 3


def test_the_warcinfo_names_the_software_the_format_and_the_requested_url() -> None:
    (kind, _, block) = records(archive_fetch(make_fetch(), software="Counterclaim 0.1").data)[0]

    assert kind == "warcinfo"
    assert b"software: Counterclaim 0.1\r\n" in block
    assert b"format: WARC File Format 1.1\r\n" in block
    assert b"requested-url: http://example.org/prices?week=49\r\n" in block


def test_every_record_has_its_target_uri_ip_address_and_the_fetch_time() -> None:
    found = records(archive_fetch(make_fetch()).data)[1:]

    targets = [(fields["WARC-Target-URI"], fields["WARC-IP-Address"]) for _, fields, _ in found]
    assert targets == [
        ("http://example.org/prices?week=49", "93.184.216.10"),
        ("http://example.org/prices?week=49", "93.184.216.10"),
        ("https://example.org/prices?week=49", "93.184.216.10"),
        ("https://example.org/prices?week=49", "93.184.216.10"),
        ("https://www.example.org/prices?week=49", "93.184.216.34"),
        ("https://www.example.org/prices?week=49", "93.184.216.34"),
    ]
    assert {fields["WARC-Date"] for _, fields, _ in found} == {"2026-12-03T09:30:15.250000Z"}


def test_request_and_response_name_each_other_as_concurrent() -> None:
    found = records(archive_fetch(make_fetch()).data)[1:]

    for (_, request, _), (_, response, _) in zip(found[::2], found[1::2], strict=True):
        assert request["WARC-Concurrent-To"] == response["WARC-Record-ID"]
        assert response["WARC-Concurrent-To"] == request["WARC-Record-ID"]


def test_record_id_is_the_documents_response_record() -> None:
    copy = archive_fetch(make_fetch())

    (kind, fields, _) = records(copy.data)[-1]
    assert kind == "response"
    assert copy.record_id == fields["WARC-Record-ID"]
    assert re.fullmatch(r"<urn:uuid:[0-9a-f-]{36}>", copy.record_id)


def test_payload_and_block_digests_are_sha256_in_hex() -> None:
    copy = archive_fetch(make_fetch())

    (_, fields, block) = records(copy.data)[-1]
    assert fields["WARC-Payload-Digest"] == f"sha256:{copy.sha256}"
    assert fields["WARC-Block-Digest"] == f"sha256:{hashlib.sha256(block).hexdigest()}"


def test_warcio_check_finds_every_digest_valid(tmp_path, capsys) -> None:
    path = tmp_path / "capture.warc.gz"
    path.write_bytes(archive_fetch(make_fetch()).data)

    with pytest.raises(SystemExit) as exited:
        warcio_main(["check", "--verbose", str(path)])

    output = capsys.readouterr().out
    assert exited.value.code == 0
    assert output.count("digest pass") == 7
    assert "failed" not in output


def test_every_record_passes_warcio_digest_checking_while_iterating() -> None:
    data = archive_fetch(make_fetch()).data

    checked = []
    for record in ArchiveIterator(io.BytesIO(data), check_digests="raise"):
        record.content_stream().read()
        checked.append(record.digest_checker.passed)
    assert checked == [True] * 7


def test_a_chunked_response_keeps_transfer_encoding_under_another_name() -> None:
    headers = (
        ("Content-Type", "text/html; charset=windows-1252"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Encoding", "gzip"),
    )
    fetch = make_fetch(make_exchange(response_headers=headers))

    document = read_document(archive_fetch(fetch).data)

    assert document.headers == (
        ("Content-Type", "text/html; charset=windows-1252"),
        ("X-Archive-Orig-Transfer-Encoding", "chunked"),
        ("Content-Encoding", "gzip"),
    )
    assert document.body == PAGE_BODY


def test_a_gzipped_body_kept_raw_replays_decoded_in_warcio() -> None:
    data = archive_fetch(make_fetch()).data

    replayed = [
        r.content_stream().read() for r in ArchiveIterator(io.BytesIO(data)) if r.rec_type == "response"
    ]
    assert replayed[-1] == PAGE_TEXT


def test_a_dechunked_body_is_not_dechunked_again_on_replay() -> None:
    # A page about HTTP whose text happens to be valid chunked framing: kept
    # under Transfer-Encoding, a replay tool would serve only "Wiki".
    body = b"4\r\nWiki\r\n0\r\n\r\n"
    headers = (("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked"))
    data = archive_fetch(make_fetch(make_exchange(response_headers=headers, body=body))).data

    replayed = [
        r.content_stream().read() for r in ArchiveIterator(io.BytesIO(data)) if r.rec_type == "response"
    ]
    assert replayed[-1] == body


def test_a_content_length_that_does_not_match_the_body_is_kept_under_another_name() -> None:
    headers = (
        ("Content-Type", "text/html"),
        ("Content-Length", "99999"),
        ("content-length", str(len(PAGE_BODY))),
    )
    fetch = make_fetch(make_exchange(response_headers=headers))

    document = read_document(archive_fetch(fetch).data)

    assert document.headers == (
        ("Content-Type", "text/html"),
        ("X-Archive-Orig-Content-Length", "99999"),
        ("content-length", str(len(PAGE_BODY))),
    )


def test_a_header_with_a_line_break_is_refused_rather_than_written() -> None:
    headers = (("Content-Type", "text/html"), ("X-Evil", "a\r\nWARC-Type: metadata"))

    with pytest.raises(ValueError, match="line break"):
        archive_fetch(make_fetch(make_exchange(response_headers=headers)))


def test_a_naive_fetch_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        archive_fetch(make_fetch(fetched_at=datetime(2026, 12, 3, 9, 30)))


# --- Reading a capture -------------------------------------------------------


def test_read_document_returns_the_final_response_of_the_capture() -> None:
    document = read_document(archive_fetch(make_fetch()).data)

    assert document.url == "https://www.example.org/prices?week=49"
    assert document.status == 200
    assert document.content_type == "text/html"
    assert document.charset == "windows-1252"
    assert document.date == FETCHED_AT
    assert document.filename is None


def test_a_sniffed_content_type_is_what_the_document_reads_as() -> None:
    served_as = (("Content-Type", "application/octet-stream"), ("Content-Length", str(len(PDF))))
    fetch = make_fetch(make_exchange(response_headers=served_as, body=PDF), content_type="application/pdf")

    document = read_document(archive_fetch(fetch).data)

    assert document.content_type == "application/pdf"
    assert document.headers[0] == ("Content-Type", "application/octet-stream")


def test_the_date_is_read_back_in_utc() -> None:
    fetched_at = datetime(2026, 12, 3, 10, 30, 15, tzinfo=timezone(timedelta(hours=1)))

    document = read_document(archive_fetch(make_fetch(fetched_at=fetched_at)).data)

    assert document.date == fetched_at
    assert document.date.utcoffset() == timedelta(0)


# --- Uploads -------------------------------------------------------------------


def test_an_uploaded_pdf_comes_back_byte_for_byte() -> None:
    copy = archive_upload(
        filename="budget 2027.pdf", content_type="application/pdf", body=PDF, received_at=FETCHED_AT
    )

    document = read_document(copy.data)

    assert document.body == PDF
    assert document.url == f"urn:counterclaim:upload:{hashlib.sha256(PDF).hexdigest()}"
    assert document.content_type == "application/pdf"
    assert document.status is None
    assert document.headers == ()
    assert document.filename == "budget 2027.pdf"
    assert document.date == FETCHED_AT
    assert copy.sha256 == hashlib.sha256(PDF).hexdigest()
    assert copy.warc_sha256 == hashlib.sha256(copy.data).hexdigest()


def test_an_upload_is_warcinfo_and_one_resource_record_that_warcio_checks(tmp_path, capsys) -> None:
    copy = archive_upload(filename="a.pdf", content_type="application/pdf", body=PDF, received_at=FETCHED_AT)
    path = tmp_path / "upload.warc.gz"
    path.write_bytes(copy.data)

    found = records(copy.data)
    with pytest.raises(SystemExit) as exited:
        warcio_main(["check", "--verbose", str(path)])

    assert [kind for kind, _, _ in found] == ["warcinfo", "resource"]
    assert found[1][1]["WARC-Record-ID"] == copy.record_id
    assert found[1][1]["Counterclaim-Upload-Filename"] == "a.pdf"
    assert exited.value.code == 0
    assert capsys.readouterr().out.count("digest pass") == 2


def test_an_upload_file_name_with_control_characters_is_escaped_and_read_back() -> None:
    name = "Déclaration 100%\r\nWARC-Type: metadata.pdf"
    copy = archive_upload(filename=name, content_type="application/pdf", body=PDF, received_at=FETCHED_AT)

    (_, fields, _) = records(copy.data)[1]

    assert fields["Counterclaim-Upload-Filename"] == "Déclaration 100%25%0D%0AWARC-Type: metadata.pdf"
    assert fields["WARC-Type"] == "resource"
    assert read_document(copy.data).filename == name


def test_an_upload_content_type_with_a_line_break_is_refused() -> None:
    with pytest.raises(ValueError, match="line break"):
        archive_upload(
            filename="a.pdf", content_type="application/pdf\r\nX: y", body=PDF, received_at=FETCHED_AT
        )


# --- Storage -------------------------------------------------------------------


def test_store_saves_to_the_archive_storage_under_a_dated_name(archive_storage) -> None:
    copy = archive_fetch(make_fetch())

    name = store(copy, when=FETCHED_AT)

    assert isinstance(storages["archive"], InMemoryStorage)
    assert re.fullmatch(rf"captures/2026/12/{copy.sha256[:16]}-[0-9a-f]{{8}}\.warc\.gz", name)
    assert archive_storage.exists(name)
    with archive_storage.open(name, "rb") as stored:
        assert stored.read() == copy.data


def test_storing_the_same_copy_twice_keeps_both(archive_storage) -> None:
    copy = archive_fetch(make_fetch())

    first, second = store(copy, when=FETCHED_AT), store(copy, when=FETCHED_AT)

    assert first != second
    assert archive_storage.exists(first)
    assert archive_storage.exists(second)


def test_open_archive_reads_a_stored_copy_back(archive_storage) -> None:
    name = store(archive_fetch(make_fetch()), when=FETCHED_AT)

    with open_archive(name) as stored:
        document = read_document(stored)

    assert document.body == PAGE_BODY


def test_store_and_open_archive_work_on_the_filesystem_storage(settings, tmp_path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    copy = archive_upload(filename="a.pdf", content_type="application/pdf", body=PDF, received_at=FETCHED_AT)

    name = store(copy, when=FETCHED_AT)

    assert (tmp_path / name).read_bytes() == copy.data
    with open_archive(name) as stored:
        assert read_document(stored).body == PDF


# --- Refusals ------------------------------------------------------------------


def test_a_tampered_payload_raises_archive_corrupt() -> None:
    uncompressed = gzip.decompress(archive_fetch(make_fetch()).data)
    tampered = uncompressed.replace(PAGE_BODY, bytes(len(PAGE_BODY)))
    assert tampered != uncompressed

    with pytest.raises(ArchiveCorrupt, match="WARC-Payload-Digest"):
        read_document(tampered)


def test_a_tampered_http_head_raises_archive_corrupt() -> None:
    uncompressed = gzip.decompress(archive_fetch(make_fetch()).data)
    tampered = uncompressed.replace(b"consent=no", b"consent=ok")

    with pytest.raises(ArchiveCorrupt, match="WARC-Block-Digest"):
        read_document(tampered)


def test_a_tampered_upload_raises_archive_corrupt() -> None:
    copy = archive_upload(filename="a.pdf", content_type="application/pdf", body=PDF, received_at=FETCHED_AT)
    tampered = gzip.decompress(copy.data).replace(b"/Catalog", b"/Catalug")

    with pytest.raises(ArchiveCorrupt, match="WARC-Payload-Digest"):
        read_document(tampered)


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"garbage",
        b"\x1f\x8b",
        gzip.compress(b"not a warc at all"),
        b"WARC/1.1\r\n\r\n",
        b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/",
        b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\n",
        bytes(range(256)) * 8,
    ],
    ids=["empty", "text", "gzip-magic", "gzipped-text", "bare-header", "no-digest", "bad-length", "binary"],
)
def test_garbage_raises_archive_corrupt(garbage: bytes) -> None:
    with pytest.raises(ArchiveCorrupt):
        read_document(garbage)


def test_a_truncated_archive_raises_archive_corrupt() -> None:
    data = archive_fetch(make_fetch()).data

    with pytest.raises(ArchiveCorrupt):
        read_document(data[: len(data) - 40])


DAMAGE_BASE = archive_fetch(make_fetch()).data


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_damaged_archive_reads_whole_or_raises_archive_corrupt_never_another_error(data) -> None:
    archive = bytearray(DAMAGE_BASE)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(archive) - 1))
        archive[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(archive)))

    try:
        document = read_document(bytes(archive[:cut]))
    except ArchiveCorrupt:
        return
    # What is not refused is the document as written: its digests held.
    assert document.body == PAGE_BODY


def test_a_file_cut_between_records_does_not_pass_a_redirect_off_as_the_document() -> None:
    data = archive_fetch(make_fetch()).data
    iterator = ArchiveIterator(io.BytesIO(data))
    offsets = [iterator.get_record_offset() for _ in iterator]
    # Cut before the document's request: what is left is a whole, valid
    # WARC file whose last response is the 302.
    shorter = data[: offsets[5]]
    assert [kind for kind, _, _ in records(shorter)][-1] == "response"

    with pytest.raises(ArchiveCorrupt, match="ends before its document"):
        read_document(shorter)


def test_the_recorded_sha256_is_checked_when_given() -> None:
    copy = archive_fetch(make_fetch())

    assert read_document(copy.data, expected_sha256=copy.sha256).body == PAGE_BODY
    with pytest.raises(ArchiveCorrupt, match="not the one recorded"):
        read_document(copy.data, expected_sha256=hashlib.sha256(b"another page").hexdigest())


def test_a_file_with_too_many_records_is_refused() -> None:
    many = tuple(make_exchange() for _ in range(30))

    with pytest.raises(ArchiveCorrupt, match="more than 50 records"):
        read_document(archive_fetch(make_fetch(*many)).data)


def test_a_payload_over_the_limit_is_refused() -> None:
    data = archive_fetch(make_fetch()).data

    with pytest.raises(ArchiveCorrupt, match="larger than 10 bytes"):
        read_document(data, max_payload=10)
