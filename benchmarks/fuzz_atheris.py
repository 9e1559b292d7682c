"""Coverage-guided fuzzing of the readers with atheris (libFuzzer), run by hand, not in CI.

The hypothesis tests in tests/test_fuzz.py run in CI with bounded examples; this harness
runs for as long as you let it and is guided by coverage of ``dateline.ingest``. Each input
picks one target with its first byte and feeds it the rest:

    0 read_text   1 read_html   2 read_jsonl   3 read_warc     (the readers, called directly:
                                                               not behind read_source's guard)
    4 decode with a declared charset   5 parse_timestamp_line / parse_datetime / to_datetime
    6 parse_text_article               7 sniff, then that reader

A reader yields Articles and IngestErrors (that is how bad input is reported); any exception is a bug and libFuzzer stops with the input that caused
it (``crash-*``); an input slower than ``-timeout`` seconds is reported as a timeout.
``-timeout=60`` is the batch's default per-article limit (reading runs under it); a lower
one reports dateparser's first use (via htmldate), which compiles its ~200 locales' rules
once per process: up to 15 s on a loaded 2-core machine, then milliseconds.

atheris is not a project dependency; install it in a venv of its own (the wheel needs
CPython 3.11 or 3.12 on x86-64 Linux), with the readers' dependencies only:

    python3.11 -m venv /tmp/atheris-venv
    /tmp/atheris-venv/bin/pip install atheris trafilatura==2.3.1 htmldate==1.11.0 \
        lxml==6.1.3 lxml_html_clean==0.4.6 warcio==1.8.1 PyYAML==6.0.4 pydantic==2.14.4
    /tmp/atheris-venv/bin/pip install --no-deps -e .
    /tmp/atheris-venv/bin/python benchmarks/fuzz_atheris.py --seeds /tmp/fuzz-corpus
    nice -n 19 /tmp/atheris-venv/bin/python benchmarks/fuzz_atheris.py /tmp/fuzz-corpus \
        -max_total_time=600 -timeout=60 -max_len=20000 -rss_limit_mb=3000

What a run found is recorded in docs/guarantees.md.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports(include=["dateline"]):
    from dateline.ingest.dates import Ambiguous, parse_datetime, parse_timestamp_line
    from dateline.ingest.decode import decode
    from dateline.ingest.html import to_datetime
    from dateline.ingest.jsonl import read_jsonl
    from dateline.ingest.readers import read_html, read_text, sniff
    from dateline.ingest.text import parse_text_article
    from dateline.ingest.warc import read_warc
    from dateline.model import Article, IngestError

LIMIT = 1 << 20  # per-article byte limit given to the readers
READERS = (read_text, read_html, read_jsonl, read_warc)
CHARSETS = ("utf-8", "latin-1", "cp1252", "utf-16", "utf-7", "rot13", "base64", "idna", "", "x")


def _check(items: Any) -> None:
    for item in items:
        if isinstance(item, Article):
            assert 0 <= item.body_start <= len(item.text), item
        else:
            assert isinstance(item, IngestError) and item.reason, item


def test_one_input(data: bytes) -> None:
    if not data:
        return
    target, rest = data[0] % 8, data[1:]
    fdp = atheris.FuzzedDataProvider(rest)
    if target < 4:
        _check(READERS[target](io.BufferedReader(io.BytesIO(rest)), "fuzz", LIMIT))  # type: ignore[arg-type]
    elif target == 4:
        charset = CHARSETS[fdp.ConsumeIntInRange(0, len(CHARSETS) - 1)]
        text = decode(fdp.ConsumeBytes(fdp.remaining_bytes()), charset).text
        assert isinstance(text, str)
    elif target == 5:
        line = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
        parse_timestamp_line(line)
        to_datetime(line)
        with contextlib.suppress(Ambiguous):
            parse_datetime(line)
    elif target == 6:
        article = parse_text_article(fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()))
        assert 0 <= article.body_start <= len(article.text)
    else:
        reader = sniff(rest[:8192])
        if reader is not None:
            _check(reader(io.BufferedReader(io.BytesIO(rest)), "fuzz", LIMIT))  # type: ignore[arg-type]


def write_seeds(out: Path) -> int:
    """Seed inputs for each target from the project's own examples and fixtures.

    Without seeds libFuzzer starts from empty inputs and takes hours to build an HTML page
    or a WARC record; with them it mutates real ones from the first run.
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    root = Path(__file__).resolve().parent.parent
    files = sorted([*(root / "examples").iterdir(), *(root / "tests/fixtures/ingest").iterdir()])
    seeds: list[bytes] = []
    for path in files:
        data = path.read_bytes()[:20000]
        kind = {".txt": [0, 6, 7], ".html": [1, 7], ".jsonl": [2, 7]}.get(path.suffix, [])
        seeds += [bytes([k]) + data for k in kind]
        if path.suffix == ".html":
            for gz in (False, True):
                buf = io.BytesIO()
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
                )
                record = WARCWriter(buf, gzip=gz).create_warc_record(
                    "https://example.org/a",
                    "response",
                    payload=io.BytesIO(data),
                    http_headers=headers,
                )
                WARCWriter(buf, gzip=gz).write_record(record)
                seeds += [bytes([3]) + buf.getvalue(), bytes([7]) + buf.getvalue()]
    for line in (
        "21:31 GMT 28.08.2021 (Updated: 19:56 GMT 18.10.2022)",
        "Published: 28 Aug 2021 | Updated: 29 Aug 2021 10:02 GMT",
        "August 28, 2021 9:31 PM",
        "2021-08-28T21:31:00+00:00",
        "12/11/2020 UTC+05:30",
    ):
        seeds.append(bytes([5]) + line.encode())
    seeds += [bytes([4, n]) + "Café déjà vu".encode() for n in range(len(CHARSETS))]
    out.mkdir(parents=True, exist_ok=True)
    for n, seed in enumerate(seeds):
        (out / f"seed-{n:03d}").write_bytes(seed)
    return len(seeds)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--seeds":
        print(write_seeds(Path(sys.argv[2])), "seeds written to", sys.argv[2])
        return
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
