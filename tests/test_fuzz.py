"""Hypothesis fuzzing of every reader and of the text pipeline: never a crash or a hang.

Random bytes, random (broken, deeply nested) HTML, odd Unicode (RTL, zero-width, emoji,
mixed scripts, controls), huge lines and broken WARC files go through the real readers, the
real pipeline and a real store. Each input must come out as stored articles and/or recorded
errors: ``ingest`` never raises, and every article read is stored or its failure recorded.

The readers are also fuzzed alone (no pipeline, so many more examples): every reader, the
decoder, the timestamp/date parser and the text-assembly helpers. ``read_source`` turns an
unexpected exception of a reader into a "reader failed" error so that a batch goes on; that
guard would hide a reader bug from the ingest-level tests, so the reader-level ones assert
that it never fires, and that reading one small input takes well under the time limit
(reading is not under the per-article limit: a reader that hangs would stall the batch).
Examples are bounded so that the whole file runs in about a minute.
"""

from __future__ import annotations

import codecs
import contextlib
import encodings.aliases
import gzip
import io
import json
import re
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.batch import _Item, analyse_chunk, ingest, warm_up
from dateline.ingest import read_source
from dateline.ingest.compose import build_article, byline_authors, clean_paragraph
from dateline.ingest.dates import Ambiguous, parse_datetime, parse_timestamp_line
from dateline.ingest.decode import (
    DecodeError,
    check_bytes,
    decode,
    header_charset,
    html_charset,
    is_binary,
)
from dateline.ingest.errors import ReadError
from dateline.ingest.furniture import is_furniture
from dateline.ingest.html import parse_html, to_datetime
from dateline.ingest.text import parse_text_article, split_paragraphs
from dateline.model import Article, ArticleFacts, IngestError
from dateline.store import open_store

FUZZ = settings(
    max_examples=15,
    deadline=None,  # per-example time is bounded by the article time limit instead
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
TIME_LIMIT = 30.0  # per article; a hang beyond it would be recorded, not wait forever

# Characters that break naive text handling: RTL and bidi controls, zero-width joiners,
# emoji with modifiers, combining marks, CJK, Cyrillic look-alikes, quotes and dashes.
ODD = (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069\ufeff"
    "مرحبا بالعالم שלום עולם 😀👍🏽👨‍👩‍👧🇺🇦 中文字 日本語 한국어 Пётр αβγ"
    "e\u0301a\u0308 \u00a0\u2028\u2029\t\r\n“”‘’«»„\"'—–-…*#@:;()[]{}<>&"
)
odd_text = st.text(alphabet=st.sampled_from(ODD) | st.characters(), max_size=400)
paragraphs = st.lists(
    st.one_of(odd_text, st.sampled_from(["KABUL —", '"We will fight," he said.', "\n\n"])),
    min_size=1,
    max_size=6,
).map("\n\n".join)


def _ingest_file(
    name: str, data: bytes, time_limit: float = TIME_LIMIT
) -> tuple[Any, dict[str, Any]]:
    """Ingest one file into a fresh store; the summary and the store's counts."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with open_store(Path(tmp) / "fuzz.db") as store:
            summary = ingest([path], store, progress=False, timeout=time_limit)
            stats = store.stats()
            errors = store.errors()
    # Every article read is stored, a duplicate, or a recorded failure; nothing vanishes.
    analysed_failures = [e for e in errors if e.stage != "read"]
    assert summary.read == summary.stored + summary.duplicates + len(analysed_failures)
    assert stats["articles"] == summary.stored
    assert len(errors) == summary.failed
    assert all(e.reason for e in errors)
    return summary, stats


def _check_items(items: list[Article | IngestError]) -> None:
    for item in items:
        if isinstance(item, Article):
            assert item.id and item.source and isinstance(item.text, str)
            assert 0 <= item.body_start <= len(item.text)
        else:
            assert isinstance(item, IngestError) and item.reason


# --------------------------------------------------------------------------- readers


@FUZZ
@given(
    data=st.binary(max_size=3000),
    name=st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.warc", "a.warc.gz", "noext"]),
)
def test_random_bytes_under_any_name(data: bytes, name: str) -> None:
    _ingest_file(name, data)


def _html(depth: int = 0) -> st.SearchStrategy[str]:
    tags = st.sampled_from(["p", "div", "article", "span", "h1", "script", "table", "b", "x:y"])
    leaf = odd_text.map(lambda t: t.replace("<", "&lt;"))
    return st.recursive(
        leaf,
        lambda inner: st.tuples(tags, st.lists(inner, max_size=3), st.booleans()).map(
            lambda t: f"<{t[0]} class='{t[0]}\"'>" + "".join(t[1]) + (f"</{t[0]}>" if t[2] else "")
        ),
        max_leaves=12,
    )


@FUZZ
@given(body=_html(), title=odd_text, nest=st.integers(0, 3000), cut=st.integers(0, 100))
def test_random_broken_deep_html(body: str, title: str, nest: int, cut: int) -> None:
    page = (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        + "<div>" * nest
        + f"<article><h1>{title}</h1><p>{body}</p></article>"
        + "</div>" * (nest // 2)
    )
    raw = page.encode("utf-8", "surrogatepass")
    _ingest_file("page.html", raw[: max(1, len(raw) * cut // 100)] if cut < 100 else raw)


@FUZZ
@given(
    rows=st.lists(
        st.one_of(
            st.builds(lambda t, b: json.dumps({"title": t, "text": b}), odd_text, paragraphs),
            st.builds(lambda b: json.dumps({"text": b, "published": "not a date"}), odd_text),
            odd_text,  # not JSON at all
            st.sampled_from(["[]", "null", '{"text": 5}', '{"text": ""}', "{" * 500]),
        ),
        max_size=5,
    )
)
def test_random_jsonl_lines(rows: list[str]) -> None:
    _ingest_file("lines.jsonl", "\n".join(rows).encode("utf-8", "surrogatepass"))


@FUZZ
@given(text=paragraphs, title=odd_text)
def test_odd_unicode_text_files(text: str, title: str) -> None:
    _ingest_file("odd.txt", f"{title}\n\n{text}".encode("utf-8", "surrogatepass"))


def _warc(html: str, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    payload = html.encode("utf-8", "surrogatepass")
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    for n in range(2):
        record = writer.create_warc_record(
            f"https://example.org/news/{n}",
            "response",
            payload=io.BytesIO(payload),
            http_headers=headers,
        )
        writer.write_record(record)
    return out.getvalue()


@FUZZ
@given(body=_html(), gz=st.booleans(), cut=st.integers(1, 100), garbage=st.binary(max_size=64))
def test_broken_warc_files(body: str, gz: bool, cut: int, garbage: bytes) -> None:
    data = _warc(f"<html><body><article><h1>Report</h1><p>{body}</p></article></body></html>", gz)
    data = data[: len(data) * cut // 100] + (garbage if cut % 3 == 0 else b"")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("a.warc.gz" if gz else "a.warc")
        path.write_bytes(data)
        _check_items(list(read_source(path)))  # the reader alone: no exception
    _ingest_file("a.warc.gz" if gz else "a.warc", data)


@settings(max_examples=2, deadline=None, database=None)
@given(word=st.sampled_from(["word", "مرحبا", "😀", "a\u200b"]), n=st.integers(20_000, 40_000))
def test_huge_single_line_is_stored_or_times_out(word: str, n: int) -> None:
    """One paragraph of tens of thousands of tokens: stored, or failed at the time limit."""
    text = "Huge\n" + " ".join([word] * n)
    summary, _ = _ingest_file("huge.txt", text.encode("utf-8"), time_limit=5.0)
    assert summary.read == 1 and summary.stored + summary.failed == 1
    assert all("time limit" in e.reason for e in summary.failures)


def test_oversized_input_is_an_error_not_a_read(monkeypatch: Any) -> None:
    from dateline import config

    monkeypatch.setattr(config, "SETTINGS", config.Settings(max_bytes=1000))
    summary, stats = _ingest_file("big.txt", b"Big\n\n" + b"x " * 5000)
    assert summary.read == 0 and summary.failed == 1 and stats["articles"] == 0


def test_gzip_bomb_like_member_is_bounded() -> None:
    bomb = gzip.compress(b"WARC/1.0\r\n" + b"A" * 2_000_000)
    summary, stats = _ingest_file("bomb.warc.gz", bomb)
    assert stats["articles"] == 0 and summary.failed >= 1


# --------------------------------------------------------------------------- pipeline


@FUZZ
@given(texts=st.lists(paragraphs, min_size=1, max_size=4))
def test_pipeline_on_odd_text_gives_facts_or_errors(texts: list[str]) -> None:
    items = [
        _Item("fuzz", Article(text=t, source=f"fuzz#{i}").with_id()) for i, t in enumerate(texts)
    ]
    results = analyse_chunk(items, TIME_LIMIT)
    assert len(results) == len(items)
    for item, result in zip(items, results, strict=True):
        assert isinstance(result, ArticleFacts | IngestError)
        if isinstance(result, ArticleFacts):
            assert result.article.text == item.article.text  # type: ignore[union-attr]


# --------------------------------------------------------------------------- readers alone

READ_FUZZ = settings(
    max_examples=60,
    deadline=None,  # timed below with a bound that tolerates a loaded CI machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
# Reading one input of at most a few hundred KB: seconds at most even on a loaded machine;
# a quadratic scan of a crafted page takes minutes to hours and fails this.
READ_S = 15.0

# Every codec name Python knows (text encodings, and bytes-to-bytes codecs such as rot13 or
# base64 that a page may declare by mistake or malice) and some that are not codecs at all.
CHARSETS = sorted(
    set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values()) | {"undefined"}
) + ["", " ", "x-unknown", "'utf-8'", '"latin1"', "utf-8;", "ut f-8"]
# Non-ASCII characters that match an ASCII letter case-insensitively in `re` (long s,
# the Kelvin sign, dotted capital I...): month and zone names written with them.
CASE_LOOKALIKES = "".join(
    c for c in map(chr, range(128, 0x3000)) if re.fullmatch(r"[a-z]", c, re.IGNORECASE)
)


def _timed(fn: Any, *args: Any, limit: float = READ_S, **kwargs: Any) -> Any:
    """``fn(*args)``, which must take under ``limit`` seconds, the second time if not the
    first: a library's one-time warm-up (dateparser compiles its ~200 locales' rules on
    first use, 15-40 s on a loaded machine) is not the input's fault; a slow input is
    slow twice."""
    for _ in (1, 2):
        start = time.monotonic()
        result = fn(*args, **kwargs)
        elapsed = time.monotonic() - start
        if elapsed < limit:
            break
    assert elapsed < limit, f"{getattr(fn, '__name__', fn)} took {elapsed:.1f} s, twice"
    return result


def _read_all(name: str, data: bytes) -> list[Article | IngestError]:
    """Everything ``read_source`` yields for one file; no reader bug, no hang."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = _timed(lambda: list(read_source(path)))
    _check_items(items)
    bugs = [i.reason for i in items if isinstance(i, IngestError) and "reader failed" in i.reason]
    assert not bugs, bugs
    return items


def _mangle(word: str) -> st.SearchStrategy[str]:
    """``word`` with each letter as written, upper-cased, or a case-insensitive look-alike."""
    return st.tuples(
        *[
            st.sampled_from(
                [c, c.upper(), *[x for x in CASE_LOOKALIKES if re.fullmatch(c, x, re.I)]]
            )
            for c in word
        ]
    ).map("".join)


_MONTH_WORDS = [
    "january",
    "feb",
    "march",
    "april",
    "may",
    "june",
    "jul",
    "august",
    "sept",
    "oct",
    "december",
]
_DATE_TOKENS = st.one_of(
    st.sampled_from(
        [
            "28",
            "08",
            "2021",
            "9999",
            "0001",
            "31.02.2021",
            "12/11/2020",
            "13/1/2021",
            "2021-08-28T21:31:00+00:00",
            "21:31",
            "9:31 PM",
            "12.30",
            "GMT",
            "UTC+14",
            "+05:30",
            "-12",
            "BST",
            "Updated:",
            "Published on",
            "|",
            "(",
            ")",
            ",",
            "Saturday",
            "at",
        ]
    ),  # fmt: skip
    st.sampled_from(_MONTH_WORDS).flatmap(_mangle),
    st.sampled_from(["gmt", "utc", "est", "pst", "msk"]).flatmap(_mangle),
    st.integers(0, 99999).map(str),
    st.text(alphabet=st.sampled_from(ODD) | st.characters(), max_size=6),
)
_MONTHS = st.sampled_from(_MONTH_WORDS).flatmap(_mangle)
_DAYS = st.integers(0, 40).map(str) | st.sampled_from(["1st", "22nd", "3rd", "28th", "٢٨"])
_YEARS = st.integers(0, 9999).map(lambda y: f"{y:04d}") | st.sampled_from(["٢٠٢١", "20210"])
# Dates in each form the parser knows (day-month-year, month-day-year, dots, slashes,
# ISO), with odd parts (mangled month names, Arabic-Indic digits, day 0 or 40, year 0000).
_DATES = st.one_of(
    st.tuples(_DAYS, _MONTHS, _YEARS).map(" ".join),
    st.tuples(_MONTHS, _DAYS, _YEARS).map(lambda t: f"{t[0]}. {t[1]}, {t[2]}"),
    st.tuples(_DAYS, _DAYS, _YEARS).map(".".join),
    st.tuples(_DAYS, _DAYS, _YEARS).map("/".join),
    st.tuples(_YEARS, st.integers(0, 19), st.integers(0, 40)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"
    ),
)
_TIMES = st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]}:{t[1]:02d}")
date_lines = st.lists(_DATE_TOKENS | _DATES | _TIMES, max_size=8).map(" ".join)


@READ_FUZZ
@given(
    data=st.binary(max_size=4000),
    name=st.sampled_from(
        [
            "a.txt",
            "a.text",
            "a.html",
            "a.htm",
            "a.xhtml",
            "a.jsonl",
            "a.ndjson",
            "a.warc",
            "a.warc.gz",
            "noext",
        ]
    ),  # fmt: skip
)
def test_every_reader_on_random_bytes(data: bytes, name: str) -> None:
    _read_all(name, data)


@READ_FUZZ
@given(data=st.binary(max_size=3000), declared=st.sampled_from(CHARSETS) | st.text(max_size=12))
def test_decoder_on_any_bytes_and_any_declared_charset(data: bytes, declared: str) -> None:
    decoded = decode(data, declared)
    assert isinstance(decoded.text, str) and codecs.lookup(decoded.encoding)
    is_binary(data)
    try:
        check_bytes(data)
    except DecodeError as exc:
        assert str(exc)
    page = b'<meta charset="' + declared.encode("utf-8", "surrogatepass") + b'">' + data
    if (charset := html_charset(page)) is not None:
        decode(data, charset)
    decode(data, header_charset(f"text/html; charset={declared}"))


@READ_FUZZ
@given(line=date_lines)
def test_date_parser_on_odd_timestamp_lines(line: str) -> None:
    stamps = _timed(parse_timestamp_line, line)
    if stamps is not None:
        for when in (stamps.published, stamps.updated):
            assert when is None or (isinstance(when, datetime) and when.tzinfo is not None)
    try:
        when = parse_datetime(line)
    except Ambiguous:
        when = None
    assert when is None or when.tzinfo is not None
    when = to_datetime(line)
    assert when is None or when.tzinfo is not None


@READ_FUZZ
@given(text=paragraphs, title=odd_text, lines=st.lists(odd_text | date_lines, max_size=8))
def test_text_assembly_on_odd_unicode(text: str, title: str, lines: list[str]) -> None:
    article = _timed(parse_text_article, f"{title}\n{chr(10).join(lines)}\n\n{text}")
    assert 0 <= article.body_start <= len(article.text)
    for line in lines:
        is_furniture(line)
        byline_authors(line)
        assert "\n" not in clean_paragraph(line)
    built = build_article(title, split_paragraphs(lines))
    assert 0 <= built.body_start <= len(built.text) and built.id


_FRAGMENTS = st.sampled_from(
    ["<time>", "<time datetime='2021-08-28'>", "</time>", "<time ", "<meta ", "<meta charset=",
     "<p>", "<div>", "<b><i>", "<table><tr><td>", "<script>", "<script type='application/ld+json'>",
     "<!--", "<![CDATA[", "&#", "&amp", "<a href='", "</", "<", "[", "{\"a\":", "word "]
)  # fmt: skip


def _json_value() -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | odd_text | date_lines
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["@type", "@graph", "datePublished", "dateModified", "x"]),
                inner,
                max_size=3,
            )
        ),
        max_leaves=8,
    )


@READ_FUZZ
@given(
    body=_html(),
    charset=st.sampled_from(CHARSETS),
    date=date_lines,
    ld=_json_value(),
    repeat=st.tuples(_FRAGMENTS, st.integers(0, 50)),
    where=st.sampled_from(["head", "body", "end"]),
)
def test_html_reader_on_random_markup_and_metadata(
    body: str, charset: str, date: str, ld: Any, repeat: tuple[str, int], where: str
) -> None:
    """Random pages with random charsets, dates and JSON-LD: an Article or a ReadError."""
    _check_page(body, charset, date, ld, repeat[0] * repeat[1], where)


@pytest.mark.slow
@settings(READ_FUZZ, max_examples=15)
@given(
    fragment=_FRAGMENTS,
    n=st.integers(10_000, 30_000),
    where=st.sampled_from(["head", "body", "end"]),
)
def test_html_reader_on_huge_repeats_and_deep_nesting(fragment: str, n: int, where: str) -> None:
    """One fragment repeated thousands of times (nesting thousands deep, thousands of
    unclosed tags or comments): an Article or a ReadError, in linear time. (Linear is not
    instant: trafilatura takes about 10 s for 30,000 empty paragraphs on a loaded machine,
    so the bound is 60 s; the quadratic scan this found took minutes at that size.)"""
    _check_page("Police said.", "utf-8", "2021-08-28", {}, fragment * n, where, limit=60.0)


def _check_page(
    body: str, charset: str, date: str, ld: Any, junk: str, where: str, limit: float = READ_S
) -> None:
    head = (
        f"<meta charset='{charset}'><meta property='article:published_time' content='{date}'>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
        + (junk if where == "head" else "")
    )
    page = (
        f"<html><head>{head}</head><body><article><h1>Report</h1><time datetime='{date}'>{date}"
        f"</time><p>{body}</p>{junk if where == 'body' else ''}<p>The minister said on Monday "
        "that talks would resume in Geneva next week.</p></article></body></html>"
        + (junk if where == "end" else "")
    )
    try:
        article = _timed(parse_html, page.encode("utf-8", "surrogatepass"), limit=limit)
    except ReadError:
        return
    assert article.text and 0 <= article.body_start <= len(article.text)
    assert article.published is None or article.published.tzinfo is not None


@READ_FUZZ
@given(
    rows=st.lists(
        st.one_of(
            st.builds(
                lambda t, b, d: json.dumps({"title": t, "text": b, "published": d}),
                odd_text,
                paragraphs,
                date_lines,
            ),  # fmt: skip
            st.builds(lambda v: json.dumps({"text": "Talks resume today.", "x": v}), _json_value()),
            st.builds(
                lambda c, n: c * n, st.sampled_from(["[", '{"a":', '"', "\\"]), st.integers(0, 5000)
            ),
            st.builds(
                lambda n: '{"text": "Talks.", "a": ' + "[" * n + "]" * n + "}", st.integers(0, 5000)
            ),
            odd_text,
        ),
        max_size=6,
    )
)
def test_jsonl_reader_gives_one_item_per_line(rows: list[str]) -> None:
    """Each non-blank line is an Article or an error for that line: no line is lost."""
    rows = [r.replace("\n", " ").replace("\r", " ") for r in rows]
    data = "\n".join(rows).encode("utf-8", "surrogatepass")
    items = _read_all("lines.jsonl", data)
    lines = data.split(b"\n")
    expected = [f"#line={n}" for n, raw in enumerate(lines, 1) if raw.strip()]
    got = [(i.source or "").rsplit("#", 1)[-1] for i in items]
    assert ["#" + g for g in got] == expected


@READ_FUZZ
@given(
    payload=st.binary(max_size=2000)
    | _html().map(
        lambda h: f"<html><body><p>{h}</p></body></html>".encode("utf-8", "surrogatepass")
    ),
    content_type=st.sampled_from(
        ["text/html", "application/xhtml+xml", "text/plain", "TEXT/HTML", ""]
    ),
    charset=st.sampled_from(CHARSETS),
    gz=st.booleans(),
    uri=odd_text,
)
def test_warc_reader_on_random_records(
    payload: bytes, content_type: str, charset: str, gz: bool, uri: str
) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", f"{content_type}; charset={charset}")], protocol="HTTP/1.1"
    )
    safe_uri = "https://example.org/" + uri.encode("ascii", "backslashreplace").decode()
    for _ in range(2):
        record = writer.create_warc_record(
            safe_uri, "response", payload=io.BytesIO(payload), http_headers=headers
        )
        writer.write_record(record)
    items = _read_all("a.warc.gz" if gz else "a.warc", out.getvalue())
    # Nothing lost: both records come out (articles or errors) when they are HTML.
    if content_type.lower().startswith(("text/html", "application/xhtml")):
        assert len(items) == 2


# --------------------------------------------------------------------------- regressions
# Each of these crashed or hung a reader before it was fixed; all were found by the
# fuzzing above (see docs/guarantees.md).


def test_declared_bytes_to_bytes_codec_is_ignored() -> None:
    page = (
        b'<html><head><meta charset="rot13"></head><body><article><h1>Talks</h1><p>The '
        b"minister said on Monday that talks would resume in Geneva next week.</p>"
        b"</article></body></html>"
    )
    article = parse_html(page)  # was LookupError: 'rot-13' is not a text encoding
    assert "Geneva" in article.text and article.encoding == "utf-8"
    for charset in ("base64", "zlib", "hex", "undefined", "punycode", "a\x00b"):
        assert decode(b"Caf\xc3\xa9 Geneva", charset).text == "Café Geneva"


def test_month_names_with_case_folding_look_alikes_are_read() -> None:
    # 're' matches 'ſ' (long s) and 'İ' to 's' and 'i' case-insensitively; lower() does not
    # map them back, and the month lookup raised KeyError
    stamps = parse_timestamp_line("1 Auguſt 2021 10:00 GMT")
    assert stamps is not None and stamps.published == datetime.fromisoformat("2021-08-01T10:00Z")
    assert parse_datetime("Aprİl 3, 2021") == datetime.fromisoformat("2021-04-03T00:00Z")


def test_jsonl_line_nested_too_deep_is_that_lines_error_only() -> None:
    good = json.dumps({"title": "Talks", "text": "Talks resume in Geneva on Monday."})
    items = _read_all("deep.jsonl", "\n".join([good, "[" * 5000, good + " "]).encode())
    assert [type(i).__name__ for i in items] == ["Article", "IngestError", "Article"]
    assert "recursion" in items[1].reason and items[1].source.endswith("#line=2")  # type: ignore[union-attr]


def test_date_without_a_utc_equivalent_is_no_date() -> None:
    # the pipeline reads dates in UTC: such a date failed the article with OverflowError
    assert to_datetime("0001-01-01T00:00:00+05:00") is None
    assert to_datetime("9999-12-31T23:00:00-12:00") is None
    assert parse_datetime("31.12.9999 23:00 UTC-12") is None
    assert to_datetime("9999-12-31T23:00:00Z") is not None


def test_thousands_of_unclosed_time_tags_are_read_in_linear_time() -> None:
    page = (
        "<html><body><article><h1>Talks</h1><p>The minister said on Monday that talks "
        "would resume in Geneva next week.</p>" + "<time>" * 20_000 + "</article></body></html>"
    )
    start = time.monotonic()
    with_time = None
    with contextlib.suppress(ReadError):
        with_time = parse_html(page.encode())
    # was a quadratic regular expression: 26 s for 16,000 tags, hours for a 1 MB page
    assert time.monotonic() - start < 10.0
    assert with_time is None or "Geneva" in with_time.text


def test_a_page_that_takes_the_reader_past_the_limit_is_recorded(monkeypatch: Any) -> None:
    """Reading is timed too: a reader stuck on one page fails that file, the batch goes on."""
    from dateline.ingest import readers

    real = readers.parse_html

    def slow(data: bytes, **kwargs: Any) -> Article:
        while b"STUCK" in data:  # pure Python, as trafilatura is: interruptible
            time.sleep(0.01)
        return real(data, **kwargs)

    monkeypatch.setattr(readers, "parse_html", slow)
    warm_up()  # the pipeline's first load must not count against the short limit below
    body = "<p>The minister said on Monday that talks would resume in Geneva next week.</p>"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        (folder / "a.html").write_text(f"<html><body><h1>A</h1>{body}</body></html>")
        (folder / "b.html").write_text(f"<html><body><h1>STUCK</h1>{body}</body></html>")
        (folder / "c.txt").write_text("Talks resume\n\nThe minister spoke in Geneva on Monday.")
        with open_store(Path(tmp) / "t.db") as store:
            summary = ingest([folder], store, progress=False, timeout=2.0)
            errors = store.errors()
            done = [store.source_done(str(folder / n)) for n in ("a.html", "b.html", "c.txt")]
    assert summary.stored == 2 and summary.failed == 1 and all(done)
    assert errors[0].source.endswith("b.html") and errors[0].stage == "read"
    assert "reading ran over the time limit of 2 s" in errors[0].reason
