"""Readers: text, HTML, JSONL, WARC, folders/globs/stdin, and every kind of bad input."""

from __future__ import annotations

import builtins
import gzip
import io
import json
import sys
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline import config
from dateline.ingest import READERS, iter_sources, parse_text_article, read_paths, read_source
from dateline.model import Article, IngestError, article_id

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "examples"
KABUL = SHARED / "kabul-airport-2021-08-28.txt"

TEXT_ARTICLE = """Gunmen Storm Police Post in Northern Town, Killing Four
14:05 GMT 02.03.2024 (Updated: 08:30 GMT 03.03.2024)
Subscribe
Share this article
Gunmen stormed a police post in the northern town of Kade on Saturday, killing four officers, a local official said.
Advertisement
The attackers fled on motorcycles before reinforcements arrived, the official said.
Read more: Army launches offensive in the north
Follow us on Telegram
No group has claimed the attack.
"""


def one(path: Path | str) -> Article | IngestError:
    items = list(read_source(str(path)))
    assert len(items) == 1, items
    return items[0]


def article(path: Path | str) -> Article:
    item = one(path)
    assert isinstance(item, Article), item
    return item


def error(path: Path | str) -> IngestError:
    item = one(path)
    assert isinstance(item, IngestError), item
    return item


# --------------------------------------------------------------------------- plain text


@pytest.mark.skipif(not KABUL.exists(), reason="../shared/examples is not there")
def test_shared_example() -> None:
    art = article(KABUL)
    assert art.title is not None and art.title.startswith("Daesh-K Commander Told CNN")
    assert art.published == datetime(2021, 8, 28, 21, 31, tzinfo=UTC)
    assert art.updated == datetime(2022, 10, 18, 19, 56, tzinfo=UTC)
    assert art.published.isoformat() == "2021-08-28T21:31:00+00:00"
    assert "Subscribe" not in art.text and "GMT" not in art.text
    assert art.text.startswith(art.title + "\n\nThe suicide bombings")
    assert art.body_start == len(art.title) + 2
    assert "\n\n— Clarissa Ward (@clarissaward) August 27, 2021\n\n" in art.text
    assert art.text.endswith(
        "\n\n*Daesh (also known as ISIS/ISIL/IS) is a terrorist organization banned in Russia and many other states"
    )
    assert art.source == str(KABUL) and art.id == article_id(art.text)


def test_text_furniture_and_timestamp() -> None:
    art = parse_text_article(TEXT_ARTICLE)
    assert art.title == "Gunmen Storm Police Post in Northern Town, Killing Four"
    assert art.published == datetime(2024, 3, 2, 14, 5, tzinfo=UTC)
    assert art.updated == datetime(2024, 3, 3, 8, 30, tzinfo=UTC)
    paragraphs = art.text.split("\n\n")
    assert paragraphs[0] == art.title
    assert (
        paragraphs[1].startswith("Gunmen stormed")
        and paragraphs[-1] == "No group has claimed the attack."
    )
    assert len(paragraphs) == 4
    for junk in ("Subscribe", "Share", "Advertisement", "Read more", "Follow us"):
        assert junk not in art.text
    assert art.text[art.body_start :].startswith("Gunmen stormed")


def test_text_without_timestamp_and_fields_override() -> None:
    art = parse_text_article(
        "Title Line\n\nFirst paragraph here.\n\nSecond one.", url="https://x.example/a"
    )
    assert art.published is None and art.url == "https://x.example/a"
    assert art.text == "Title Line\n\nFirst paragraph here.\n\nSecond one."
    assert art.id == article_id(art.text, "https://x.example/a") != article_id(art.text)


def test_text_hard_wrapped_paragraphs_and_byline() -> None:
    raw = (
        "Floods Cut Off Villages\nBy Maria Lopez and Tom Hale\n\n"
        "Heavy rain cut off dozens of villages\nin the south on Monday, officials said.\n\n"
        "Rescue teams reached some of them\nby boat.\n*Figures from the regional government."
    )
    art = parse_text_article(raw)
    assert art.authors == ["Maria Lopez", "Tom Hale"]
    assert art.text.split("\n\n") == [
        "Floods Cut Off Villages",
        "Heavy rain cut off dozens of villages in the south on Monday, officials said.",
        "Rescue teams reached some of them by boat.",
        "*Figures from the regional government.",
    ]


def test_text_ambiguous_date_left_unknown() -> None:
    art = parse_text_article("Title\n03/04/2024 10:00\nBody paragraph one.\nBody two.")
    assert art.published is None
    assert "03/04/2024" not in art.text
    assert art.model_extra and art.model_extra["date_ambiguous"] == ["03/04/2024"]


# --------------------------------------------------------------------------- HTML


def test_html_original_date_wins_over_update_and_embed() -> None:
    art = article(FIXTURES / "updated-with-embed.html")
    assert art.published == datetime(2024, 5, 12, 6, 30, tzinfo=UTC)  # not 14 May, not 11 May
    assert art.updated == datetime(2024, 5, 14, 16, 5, tzinfo=UTC)
    assert art.title == "Rockets Hit Port City Overnight, Officials Say"
    assert art.authors == ["Lena Park"] and art.outlet == "Coastline Herald"
    assert art.url == "https://herald.example.com/world/2024/05/12/port-rockets"
    assert art.encoding == "utf-8" and not art.encoding_fallback
    paragraphs = art.text.split("\n\n")
    assert paragraphs[0] == art.title and paragraphs[1].startswith("PORT TOWN - Three rockets")
    assert "— Harbour Watch (@harbourwatch) May 11, 2024" in paragraphs
    assert paragraphs[-1].startswith("Officials said the harbour would reopen")
    for junk in (
        "Subscribe",
        "cookies",
        "Share on",
        "Advertisement",
        "All rights reserved",
        "Home",
        "Updated",
    ):
        assert junk not in art.text, junk


def test_html_time_elements_outside_embeds() -> None:
    art = article(FIXTURES / "time-elements-only.html")
    assert art.published is not None and art.published.isoformat() == "2024-03-02T09:00:00+01:00"
    assert art.updated is not None and art.updated.date().isoformat() == "2024-03-04"


def test_html_without_body_text() -> None:
    err = error(FIXTURES / "no-body.html")
    assert "no body text" in err.reason and err.source.endswith("no-body.html")


def test_html_declared_charset_honoured(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9 Attack</title></head><body><article>'
        "<p>A grenade was thrown into a caf\xe9 in the old town on Friday, wounding five people, police said.</p>"
        "<p>The owner said the caf\xe9 had received threats.</p></article></body></html>"
    )
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("latin-1"))
    art = article(path)
    assert "café in the old town" in art.text
    assert art.encoding == "iso8859-1" and art.encoding_fallback is False


def test_html_wrong_declared_charset_falls_back(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="utf-8"><title>Talks</title></head><body><article>'
        "<p>\u201cWe will not negotiate,\u201d the minister said on Tuesday as talks stalled for a third day.</p>"
        "<p>Mediators said they would try again next week.</p></article></body></html>"
    )
    path = tmp_path / "wrong.html"
    path.write_bytes(page.encode("cp1252"))
    art = article(path)
    assert "\u201cWe will not negotiate,\u201d" in art.text
    assert art.encoding == "cp1252" and art.encoding_fallback is True


# --------------------------------------------------------------------------- JSONL


def test_jsonl_bad_lines_recorded_and_file_goes_on(tmp_path: Path) -> None:
    good = {
        "title": "Blast Hits Bus Station",
        "text": "A bomb exploded at a bus station on Monday.\n\nSix people were hurt.",
        "url": "https://wire.example/1",
        "published": "2024-02-01T10:00:00+00:00",
        "outlet": "Example Wire",
        "authors": ["A. Writer"],
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "No text"}),
        json.dumps({**good, "published": "someday"}),
        "",
        json.dumps({**good, "url": "https://wire.example/2", "published": "2024-02-02"}),
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_source(str(path)))
    assert [type(i).__name__ for i in items] == ["Article", *["IngestError"] * 4, "Article"]
    assert [i.source for i in items] == [f"{path}#line={n}" for n in (1, 2, 3, 4, 5, 7)]
    first = items[0]
    assert isinstance(first, Article)
    assert (
        first.text
        == "Blast Hits Bus Station\n\nA bomb exploded at a bus station on Monday.\n\nSix people were hurt."
    )
    assert first.outlet == "Example Wire" and first.authors == ["A. Writer"]
    assert first.published == datetime(2024, 2, 1, 10, tzinfo=UTC)
    assert items[-1].published == datetime(2024, 2, 2, tzinfo=UTC)
    assert all("bad JSONL line" in i.reason for i in items[1:5])


# --------------------------------------------------------------------------- WARC


def _html(title: str, sentence: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav><article>"
        f"<h1>{title}</h1><p>{sentence}</p><p>Officials said more details would follow later in the day.</p>"
        "</article></body></html>"
    )


def build_warc(gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)

    def response(uri: str, body: bytes, content_type: str) -> None:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)

    response(
        "https://a.example/one",
        _html(
            "Curfew Imposed After Clashes",
            "Authorities imposed a curfew in the city on Sunday after two nights of clashes.",
        ).encode(),
        "text/html; charset=utf-8",
    )
    response("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
    request = writer.create_warc_record(
        "https://a.example/two", "request", payload=io.BytesIO(b"GET /two HTTP/1.1\r\n\r\n")
    )
    writer.write_record(request)
    response(
        "https://a.example/two",
        _html(
            "Caf\xe9 Owners Protest",
            "Caf\xe9 owners protested on Monday against new \u201cemergency\u201d taxes, organisers said.",
        ).encode("cp1252"),
        "text/html; charset=windows-1252",
    )
    return buf.getvalue()


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_html_responses_only(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(build_warc(gz))
    items = list(read_source(str(path)))
    assert all(isinstance(i, Article) for i in items), items
    assert [i.url for i in items] == ["https://a.example/one", "https://a.example/two"]
    assert [i.source for i in items] == [f"{path}#record=1", f"{path}#record=4"]
    second = items[1]
    assert (
        "Caf\xe9 owners protested on Monday against new \u201cemergency\u201d taxes" in second.text
    )
    assert second.encoding == "cp1252" and not second.encoding_fallback
    assert second.id == article_id(second.text, "https://a.example/two")


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_cut_mid_record(tmp_path: Path, gz: bool) -> None:
    data = build_warc(gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: len(data) - 40])  # inside the last record
    items = list(read_source(str(path)))
    assert isinstance(items[0], Article) and items[0].url == "https://a.example/one"
    last = items[-1]
    assert isinstance(last, IngestError) and "cut mid-record" in last.reason
    assert last.source == f"{path}#record=4"
    assert sum(isinstance(i, IngestError) for i in items) == 1


# --------------------------------------------------------------------------- bad input


def test_empty_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_bytes(b"  \n\n \t\n")
    (tmp_path / "furniture.txt").write_text("Subscribe\nShare\nAdvertisement\n", encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert all(isinstance(i, IngestError) and i.reason.startswith("empty") for i in items), items
    assert len(items) == 3


def test_binary_files(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
    )
    (tmp_path / "blob.bin").write_bytes(bytes(range(32)) * 64)
    items = list(read_paths([tmp_path]))
    assert len(items) == 2
    assert all(isinstance(i, IngestError) and "binary file" in i.reason for i in items), items


def test_undecodable_bytes_fall_back_and_record_it(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes(
        "Caf\xe9 Bombing Kills Two\n\n\u201cIt was terrible,\u201d a witness said.\n\nPolice closed the street.".encode(
            "cp1252"
        )
    )
    art = article(path)
    assert art.title == "Caf\xe9 Bombing Kills Two" and "\u201cIt was terrible,\u201d" in art.text
    assert art.encoding == "cp1252" and art.encoding_fallback is True


def test_bom_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("Title With BOM\n\nBody line one.".encode("utf-8-sig"))
    art = article(path)
    assert art.title == "Title With BOM" and art.encoding == "utf-8"
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Title In UTF-16\n\nBody line one.".encode("utf-16"))
    art16 = article(utf16)
    assert art16.title == "Title In UTF-16" and art16.encoding.startswith("utf-16")


def test_fifty_megabyte_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = b"The same sentence about a long report is repeated to make a very large file.\n"
    with path.open("wb") as f:
        f.write(b"Huge File\n")
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    assert path.stat().st_size > 50_000_000
    tracemalloc.start()
    try:
        items = list(read_source(str(path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(items) == 1 and isinstance(items[0], IngestError)
    assert "too large" in items[0].reason and "DATELINE_MAX_BYTES" in items[0].reason
    assert peak < 3 * config.SETTINGS.max_bytes  # bounded by the limit, not the file


def test_size_limit_applies_per_jsonl_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "SETTINGS", config.Settings(max_bytes=2000))
    path = tmp_path / "mixed.jsonl"
    small = json.dumps({"title": "Small", "text": "A short article.\n\nTwo paragraphs."})
    big = json.dumps({"title": "Big", "text": "word " * 5000})
    path.write_text(f"{small}\n{big}\n{small}\n", encoding="utf-8")
    items = list(read_source(str(path)))
    assert [type(i).__name__ for i in items] == ["Article", "IngestError", "Article"]
    assert "too large" in items[1].reason and items[1].source.endswith("#line=2")


def test_folder_with_unreadable_files_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("First Article\n\nIt has a body.", encoding="utf-8")
    (tmp_path / "b-locked.txt").write_text("Locked\n\nNobody may read this.", encoding="utf-8")
    (tmp_path / "c-dangling.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "d.txt").write_text("Last Article\n\nIt has a body too.", encoding="utf-8")
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if str(file).endswith("b-locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    items = list(read_paths([tmp_path]))
    kinds = [(Path(i.source).name, type(i).__name__) for i in items]
    assert kinds == [
        ("a.txt", "Article"),
        ("b-locked.txt", "IngestError"),
        ("c-dangling.txt", "IngestError"),
        ("d.txt", "Article"),
    ]
    assert "Permission denied" in items[1].reason and "dangling symlink" in items[2].reason


def test_directory_given_as_a_file(tmp_path: Path) -> None:
    # A directory named like an article is walked (empty here), never read as a file.
    (tmp_path / "folder.txt").mkdir()
    assert list(read_paths([tmp_path])) == []
    assert "is a directory" in error(tmp_path / "folder.txt").reason
    assert "no such file" in error(tmp_path / "nope.txt").reason


# --------------------------------------------------------------------------- sources


def test_iter_sources_folders_globs_stdin(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for name in ("b.txt", "a.html", "sub/c.jsonl", "sub/deeper/d.txt", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    listed = list(iter_sources([tmp_path]))
    assert listed == [
        str(tmp_path / n) for n in ("a.html", "b.txt", "sub/c.jsonl", "sub/deeper/d.txt")
    ]
    assert list(iter_sources([str(tmp_path / "**" / "*.txt")])) == [
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub/deeper/d.txt"),
    ]
    assert list(iter_sources(["-"])) == ["-"]


def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = b"Stdin Headline\n28 Aug 2021\nA paragraph read from standard input."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    art = article("-")
    assert art.source == "stdin" and art.title == "Stdin Headline"
    assert art.published == datetime(2021, 8, 28, tzinfo=UTC)


def test_unknown_suffix_sniffed(tmp_path: Path) -> None:
    html = tmp_path / "page.dat"
    html.write_text(
        _html("Sniffed Page", "This page has no suffix we know, but it is plainly an HTML page."),
        encoding="utf-8",
    )
    assert article(html).title == "Sniffed Page"
    text = tmp_path / "notes.md"
    text.write_text("Sniffed Text\n\nA plain text body.", encoding="utf-8")
    assert article(text).title == "Sniffed Text"
    warc = tmp_path / "crawl.bin"
    warc.write_bytes(gzip.compress(b"") + build_warc(gz=True))
    assert [a.url for a in read_source(str(warc))] == [
        "https://a.example/one",
        "https://a.example/two",
    ]


def test_registry_and_ids(tmp_path: Path) -> None:
    assert {".txt", ".text", ".html", ".htm", ".jsonl", ".ndjson", ".warc", ".warc.gz"} <= set(
        READERS
    )
    (tmp_path / "one.txt").write_text("Same\n\nSame body.", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Same\r\n\r\nSame   body.\r\n", encoding="utf-8")
    a, b = list(read_paths([tmp_path]))
    assert a.id == b.id and len(a.id) == 64  # identity is the normalised text


def test_html_timestamp_line_fills_missing_metadata() -> None:
    art = article(FIXTURES / "dates-in-text.html")
    assert art.published == datetime(2023, 10, 12, 11, 5, tzinfo=UTC)
    assert art.updated == datetime(2023, 10, 13, tzinfo=UTC)
    assert "GMT" not in art.text and "Last updated" not in art.text
    assert "— A Mediator (@mediator) October 10, 2023" in art.text


def test_html_embed_date_is_never_the_publication_date() -> None:
    art = article(FIXTURES / "only-embed-date.html")
    assert art.published is None or art.published.date().isoformat() != "2024-01-03"
    assert "(@villagevoice) January 3, 2024" in art.text


def test_text_byline_then_timestamp_hard_wrapped() -> None:
    raw = "Dam Breach Floods Valley\nBy Ana Reyes\n28 Aug 2021\n\nWater poured through\nthe breach at dawn.\n\nHundreds fled."
    art = parse_text_article(raw)
    assert art.authors == ["Ana Reyes"] and art.published == datetime(2021, 8, 28, tzinfo=UTC)
    assert (
        art.text
        == "Dam Breach Floods Valley\n\nWater poured through the breach at dawn.\n\nHundreds fled."
    )


def test_odd_unicode(tmp_path: Path) -> None:
    (tmp_path / "zero-width.txt").write_text("\u200b\u200b\n\ufeff\n\u00a0\n", encoding="utf-8")
    assert error(tmp_path / "zero-width.txt").reason.startswith("empty")
    raw = "Cafe\u0301 Attack in \u202bBeirut\u202c\n\nA bomb\u00a0exploded\u2003near a cafe\u0301 \U0001f4a5 on Monday."
    art = parse_text_article(raw)
    assert art.title == "Cafe\u0301 Attack in \u202bBeirut\u202c"
    assert "A bomb exploded near" in art.text
    assert art.id == parse_text_article(raw.replace("Cafe\u0301", "Caf\u00e9")).id  # NFC identity


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_text_parser_never_raises(raw: str) -> None:
    art = parse_text_article(raw)
    assert "\n\n\n" not in art.text
    assert art.text[: art.body_start].rstrip("\n") == (art.title or "")[: art.body_start]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600) | st.text(max_size=600).map(lambda t: t.encode("utf-8")))
def test_any_bytes_give_an_article_or_an_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for name in ("x.txt", "x.html", "x.jsonl", "x.warc", "x.unknown"):
        (folder / name).write_bytes(data)
    for item in read_paths([folder]):
        assert isinstance(item, Article | IngestError)
        assert item.source and str(folder) in item.source
        assert not isinstance(item, IngestError) or "reader failed" not in item.reason, item


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Subscribe", True),
        ("Share on Facebook", True),
        ("Follow us on Telegram", True),
        (
            "We use cookies to improve your experience. By continuing you accept our cookie policy.",
            True,
        ),
        ("Read more: Army launches offensive", True),
        ("ADVERTISEMENT", True),
        ("Home | World | Sport | Subscribe", True),
        ("© 2024 Example News. All rights reserved.", True),
        ("Sign up for our daily newsletter", True),
        ("The group said it would not subscribe to the ceasefire terms.", False),
        ("Customers who bought cookies said the experience was fun.", False),
        ("Home secretary resigns after report", False),
        ("Sign up for a free account to vote in the poll, organisers told residents.", False),
        ("*Daesh is a terrorist organisation banned in Russia", False),
        ("— Clarissa Ward (@clarissaward) August 27, 2021", False),
    ],
)
def test_furniture_lines(line: str, furniture: bool) -> None:
    from dateline.ingest.furniture import is_furniture

    assert is_furniture(line) is furniture


def test_html_embed_signature_keeps_its_date() -> None:
    art = article(FIXTURES / "time-elements-only.html")
    assert "— Border Reporter (@borderreporter) February 28, 2024" in art.text
    assert "Published" not in art.text and "Last updated" not in art.text
