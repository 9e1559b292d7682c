"""Usage errors of the CLI: exit code 2 and a message that says what to do next.

These need no store and no NLP: they stop before either is touched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

runner = CliRunner()


def invoke(*args: str, input: str | None = None):  # noqa: ANN201  (typer's Result)
    return runner.invoke(app, list(args), input=input)


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["stats", "--db", "{tmp}/none.db"],
            "No database at {tmp}/none.db. Run `dateline ingest PATHS --db {tmp}/none.db` first.",
        ),
        (["show", "abc", "--db", "{tmp}/none.db"], "No database at"),
        (["export", "--format", "stix", "--db", "{tmp}/none.db"], "No database at"),
        (["errors", "--db", "{tmp}/none.db"], "No database at"),
        (["search", "x", "--db", "{tmp}/none.db"], "No database at"),
        (["ingest", "{tmp}/missing-folder", "--db", "{tmp}/x.db"], "No such file or folder"),
        (["ingest", "{tmp}/*.nothing", "--db", "{tmp}/x.db"], "matches no file"),
        (["ingest", str(EXAMPLES), "--db", "{tmp}"], "is a folder"),
        (["analyze", "{tmp}/missing.txt"], "No such file or folder"),
        (["analyze", "{tmp}"], "is a folder; analyze takes one file. Use `dateline ingest"),
        (["ingest", "{tmp}/caf\u00e9 \u202e\U0001f4a5.txt", "--db", "{tmp}/x.db"], "No such file"),
    ],
)
def test_usage_errors_exit_2_and_say_what_to_do(
    tmp_path: Path, args: list[str], message: str
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert message.replace("{tmp}", str(tmp_path)) in flat(result.stderr)
    assert not (tmp_path / "x.db").exists()  # nothing created on a usage error


def test_click_usage_errors_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert invoke("ingest", str(EXAMPLES), "--workers", "0", "--db", str(db)).exit_code == 2
    assert invoke("export", "--format", "xml", "--db", str(db)).exit_code == 2
    assert invoke("show").exit_code == 2  # missing ARTICLE_ID
    out_in_missing_dir = str(db.parent / "no" / "such" / "dir" / "x.json")
    result = invoke("export", "--db", str(db), "--out", out_in_missing_dir)
    assert result.exit_code == 2 and "does not exist" in flat(result.stderr)


def test_a_database_url_password_never_reaches_the_terminal(tmp_path: Path) -> None:
    from dateline.store import display_target

    url = "postgresql://analyst:s3cret-pw@127.0.0.1:1/news?sslmode=disable"
    assert display_target(url) == "postgresql://analyst@127.0.0.1:1/news"
    assert display_target(tmp_path / "a.db") == str(tmp_path / "a.db")
    result = invoke("stats", "--db", url)
    assert result.exit_code == 2
    assert "s3cret-pw" not in result.output and "analyst@127.0.0.1:1/news" in result.output
