"""Hypothesis fuzzing of every reader and of the text pipeline: never a crash or a hang.

Random bytes, random (broken, deeply nested) HTML, odd Unicode (RTL, zero-width, emoji,
mixed scripts, controls), huge lines and broken WARC files go through the real readers, the
real pipeline and a real store. Each input must come out as stored articles and/or recorded
errors: ``ingest`` never raises, and every article read is stored or its failure recorded.
Examples are bounded so that the whole file runs in well under a minute.
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.batch import _Item, analyse_chunk, ingest
from dateline.ingest import read_source
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
