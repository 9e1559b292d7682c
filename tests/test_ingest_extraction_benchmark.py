"""benchmarks/extraction.py: the metric and the run on a tiny dataset we write here."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "extraction.py"


@pytest.fixture(scope="module")
def bench():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("extraction_bench", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_metric(bench) -> None:  # noqa: ANN001
    gold = "one two three four five six"
    assert bench.score([bench.tp_fp_fn(gold, gold)])["f1"] == 1.0
    assert bench.score([bench.tp_fp_fn(gold, "seven eight nine ten")])["f1"] == 0.0
    half = bench.score([bench.tp_fp_fn(gold, "one two three four")])  # 1 of 3 shingles
    assert half["precision"] == 1.0 and half["recall"] == pytest.approx(1 / 3, abs=1e-3)
    # An empty prediction counts for recall, not for precision.
    both = bench.score([bench.tp_fp_fn(gold, gold), bench.tp_fp_fn(gold, "")])
    assert both["precision"] == 1.0 and both["recall"] == 0.5


def test_run_on_tiny_dataset(bench, tmp_path: Path) -> None:  # noqa: ANN001
    (tmp_path / "html").mkdir()
    body = "Troops withdrew from the town on Monday after a week of fighting, officials said."
    page = f"<html><body><nav>Home Subscribe</nav><article><h1>Troops Withdraw</h1><p>{body}</p><p>{body} Again.</p></article></body></html>"
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(page.encode()))
    (tmp_path / "html" / "p2.html.gz").write_bytes(
        gzip.compress(b"<html><body><nav>Home</nav></body></html>")
    )
    gold = {
        "p1": {"articleBody": f"{body}\n\n{body} Again."},
        "p2": {"articleBody": "Missing text."},
    }
    (tmp_path / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "reference-outputs").mkdir()
    (tmp_path / "reference-outputs" / "empty.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "out.json"
    assert bench.main(["--data", str(tmp_path), "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["pages"] == 2 and result["failed"] == 1
    assert result["ingested_or_recorded_pct"] == 100.0
    assert "no body text" in result["failures"][0]["reason"]
    assert result["precision"] == 1.0 and result["recall"] == 0.5
    assert "note" in result["references"]["empty"]


def test_skips_without_data(bench, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    assert bench.main(["--data", str(tmp_path / "absent"), "--out", str(tmp_path / "o.json")]) == 0
    assert "skip" in capsys.readouterr().out and not (tmp_path / "o.json").exists()
