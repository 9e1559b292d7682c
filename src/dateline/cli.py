"""The ``dateline`` command line: a thin layer over the library (typer + rich).

No logic that belongs in the library lives here: commands parse options, call
``dateline.ingest`` / ``dateline.pipeline`` / ``dateline.batch`` / ``dateline.store`` /
``dateline.export``, and print the result with :func:`emit` (JSON in the shapes of
docs/facts.md with ``--json``, a rich report or table without).

Adding a command (quotes, actors, events, timeline, compare, serve...): add a function in
its own section below, decorated with ``@app.command()``, taking ``db: DbOption`` and
``as_json: JsonOption``; open the store with ``with open_db(db) as store:``; print with
``emit(obj, as_json, render)``; stop with ``usage_error("what went wrong. What to do next.")``
(exit 2). Import heavy modules inside the command so that ``dateline --help`` stays fast.

Exit codes: 0 all good, 1 some articles failed (they are listed), 2 usage error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from pydantic import BaseModel
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.table import Table

from dateline import __version__ as _version_probe  # noqa: F401  (fails early if broken)
from dateline.config import SETTINGS
from dateline.model import ArticleFacts, IngestError

if TYPE_CHECKING:
    from dateline.store import Store

EXIT_OK = 0
EXIT_FAILED = 1  # some articles failed; they are listed
EXIT_USAGE = 2  # bad arguments, missing database, unknown id, bad path

app = typer.Typer(
    name="dateline",
    help="Turn news articles into a database of sourced facts: events, quotes, actors, "
    "times and places, each pointing back to the text it came from.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

# Consoles resolve sys.stdout/sys.stderr when printing, so test runners can capture them.
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


# =========================================================================== shared options

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="DATELINE_DB",
        help="SQLite file or postgresql:// URL of the store (env DATELINE_DB).",
        show_default=True,
    ),
]
JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print JSON (the shapes of docs/facts.md) instead of a report."),
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many rows.")]

DEFAULT_DB: str = SETTINGS.db_path


# =========================================================================== shared helpers


def shown(db: str) -> str:
    """The --db value as messages show it: a database URL without its password."""
    from dateline.store import display_target

    return display_target(db)


def usage_error(message: str) -> NoReturn:
    """Print an error that says what to do next, and exit 2."""
    # soft_wrap: one line whatever the terminal width, so paths and commands stay whole.
    err_console.print(f"[bold red]Error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def hint(message: str, target: Console | None = None) -> None:
    """A next step for the user, on one line (commands and paths stay whole)."""
    (target or console).print(escape(message), style="dim", soft_wrap=True)


def to_jsonable(obj: Any) -> Any:
    """Models, dataclasses, dates and containers as plain JSON values."""
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return to_jsonable(dataclasses.asdict(obj))
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, Enum):
        return obj.value
    if hasattr(obj, "_asdict"):  # namedtuple, sqlite3.Row-like
        return to_jsonable(obj._asdict())
    if hasattr(obj, "keys") and hasattr(obj, "__getitem__"):  # sqlite3.Row
        return {k: to_jsonable(obj[k]) for k in obj.keys()}  # noqa: SIM118
    return obj


def emit(
    obj: Any,
    as_json: bool,
    render: Callable[[Any], RenderableType] | None = None,
    *,
    indent: int | None = 2,
) -> None:
    """The one way commands print a result: JSON, or a rich rendering of it."""
    if as_json:
        if isinstance(obj, BaseModel):
            text = obj.model_dump_json(indent=indent)
        else:
            text = json.dumps(to_jsonable(obj), indent=indent, ensure_ascii=False)
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    else:
        console.print(render(obj) if render else obj)


def is_url(target: str) -> bool:
    return "://" in target


@contextlib.contextmanager
def open_db(db: str, *, create: bool = False) -> Iterator[Store]:
    """Open the store at ``db``; without ``create`` a missing SQLite file is a usage error."""
    if not create and not is_url(db) and not Path(db).is_file():
        usage_error(f"No database at {db}. Run `dateline ingest PATHS --db {db}` first.")
    if create and not is_url(db) and Path(db).is_dir():
        usage_error(
            f"{db} is a folder. Give --db a file name, e.g. `--db {Path(db) / 'dateline.db'}`."
        )
    from dateline.store import display_target, open_store

    try:
        store = open_store(db)
    except Exception as exc:  # a broken or foreign file: say so, don't dump a traceback
        usage_error(
            f"Could not open the database {display_target(db)}: {exc}. "
            "Check the path or use another --db."
        )
    try:
        yield store
    finally:
        store.close()


_GLOB_CHARS = set("*?[")


def check_paths(paths: Iterable[str]) -> None:
    """Every path must exist (or be '-' for stdin, or a glob that matches something)."""
    for path in paths:
        if path == "-":
            continue
        if _GLOB_CHARS & set(path):
            if not glob.glob(path, recursive=True):
                usage_error(
                    f"The pattern {path!r} matches no file. Check it (quote it in the shell)."
                )
            continue
        if not Path(path).exists():
            usage_error(
                f"No such file or folder: {path}. Check the path; use `-` to read from stdin."
            )


def print_failures(
    target: Console, failures: Iterable[IngestError | Any], title: str = "Failed"
) -> None:
    """One line per failure (never wrapped, so paths stay whole and copyable)."""
    rows = [to_jsonable(f) for f in failures]
    target.print(f"[bold red]{escape(title)}[/] ({len(rows)}):")
    for row in rows:
        if not isinstance(row, dict):
            row = {"reason": str(row)}
        source = str(row.get("source") or row.get("path") or "?")
        stage = str(row.get("stage") or "")
        when = str(row.get("time") or "")[:19]  # to the second
        target.print(
            f"  [red]✗[/] {escape(source)}  [dim]{escape(stage)}[/]  {escape(str(row.get('reason') or ''))}"
            + (f"  [dim]{escape(when)}[/]" if when else ""),
            soft_wrap=True,
        )


def dict_table(data: dict[str, Any], title: str) -> Table:
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("key", style="cyan")
    table.add_column("value", overflow="fold")
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "—"
        table.add_row(escape(str(key)), escape(str(value)))
    return table


def render_report(facts: ArticleFacts) -> RenderableType:
    from dateline import report

    return report.render(facts)


def _version_callback(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"dateline {version('dateline')}")
        except PackageNotFoundError:
            typer.echo("dateline (not installed)")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Dateline: news articles in, sourced facts out."""


# =========================================================================== analysis: analyze


@app.command()
def analyze(
    file: Annotated[
        str, typer.Argument(help="An article file (.txt, .html, .jsonl, .warc); `-` reads stdin.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Print the facts of one article, without storing anything.

    A file with several articles (.jsonl, .warc) prints each: with --json one object a line.
    """
    check_paths([file])
    if Path(file).is_dir():
        usage_error(f"{file} is a folder; analyze takes one file. Use `dateline ingest {file}`.")
    from dateline.ingest import read_source
    from dateline.pipeline import analyze as analyze_article

    items = iter(read_source(file))
    first = next(items, None)
    if first is None:
        err_console.print(
            f"[bold red]No article found in {escape(file)}.[/] Check that it has text."
        )
        raise typer.Exit(EXIT_FAILED)
    second = next(items, None)
    single = second is None
    failures: list[Any] = []
    for item in (x for x in (first, second) if x is not None):
        _analyze_one(item, as_json, single, failures, analyze_article)
    for item in items:
        _analyze_one(item, as_json, single, failures, analyze_article)
    if failures:
        print_failures(err_console, failures, "Could not analyse")
        hint("Fix or remove these inputs; `dateline ingest` records such failures.", err_console)
        raise typer.Exit(EXIT_FAILED)


def _analyze_one(
    item: Any,
    as_json: bool,
    single: bool,
    failures: list[Any],
    analyze_article: Callable[[Any], ArticleFacts],
) -> None:
    if isinstance(item, IngestError):
        failures.append(item)
        return
    facts = analyze_article(item)
    emit(facts, as_json, render_report, indent=2 if single else None)


# =========================================================================== store: ingest


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders (read recursively), quoted globs, or `-` for stdin."),
    ],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes.")] = 1,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip sources a previous (killed) run already stored.")
    ] = False,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
    as_json: JsonOption = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Where analysis runs: `pool` (a process pool of --workers processes; "
            "the default when --workers > 1), `local` (a Dask LocalCluster), "
            "or `tcp://HOST:8786` (a Dask scheduler, many machines).",
        ),
    ] = None,
    out: Annotated[
        list[str] | None,
        typer.Option(
            "--out",
            help="Where facts go: `db` (default) and/or `parquet:DIR` (Parquet files, one "
            "folder per table); repeat for both. The --db keeps sources and errors anyway.",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", min=0, help="Per-article time limit in seconds (0: none)."),
    ] = None,
) -> None:
    """Read, analyse and store articles; print a summary and list what failed."""
    check_paths(paths)
    if cluster is not None and cluster not in ("local", "pool") and "://" not in cluster:
        usage_error(f"--cluster {cluster}: use local, pool or tcp://HOST:8786.")
    for target in out or []:
        if target != "db" and not (target.startswith("parquet:") and len(target) > 8):
            usage_error(f"--out {target}: use db or parquet:DIR.")
    with open_db(db, create=True) as store:
        from dateline.batch import ingest as run_batch

        summary = run_batch(
            paths,
            store,
            workers=workers,
            resume=resume,
            progress=not no_progress,
            timeout=timeout,
            cluster=cluster,
            out=out or ("db",),
        )
        from dateline.corpus import update as update_corpus

        fused = update_corpus(store)  # incremental: only the new articles are compared
    data = summary_dict(summary)
    data["corpus"] = to_jsonable(fused)
    failures = data.pop("failures", []) or []
    if as_json:
        emit({**data, "db": db, "failures": failures}, True)
    else:
        console.print(
            f"[bold]{data.get('read', 0)}[/] read, [green]{data.get('stored', 0)}[/] stored, "
            f"{data.get('duplicates', 0)} duplicates, "
            f"[{'red' if data.get('failed') else 'dim'}]{data.get('failed', 0)} failed[/]"
            + (f", {data['skipped']} sources skipped (done before)" if data.get("skipped") else "")
            + f" → {escape(db)}",
            soft_wrap=True,  # one line: the database path stays whole
        )
        if failures:
            print_failures(console, failures)
            hint(
                f"The failures are recorded; see them later with `dateline errors --db {shown(db)}`."
            )
        elif data.get("stored"):
            hint(
                f"Next: `dateline stats --db {shown(db)}` or `dateline search WORDS --db {shown(db)}`."
            )
    if data.get("failed") or failures:
        raise typer.Exit(EXIT_FAILED)


def summary_dict(summary: Any) -> dict[str, Any]:
    """The batch summary (a dataclass, a model or a dict) as a dict with known keys."""
    data = to_jsonable(summary)
    if not isinstance(data, dict):
        data = {
            k: to_jsonable(getattr(summary, k, None))
            for k in ("read", "stored", "duplicates", "failed", "failures")
        }
    data.setdefault("failures", [])
    data.setdefault("failed", len(data["failures"]))
    return data


# =========================================================================== store: show, search


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="An article id or a unique prefix of one.")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Print the stored facts of one article."""
    with open_db(db) as store:
        try:
            facts = store.get_facts(article_id)
        except (LookupError, ValueError) as exc:  # an ambiguous prefix
            usage_error(f"{exc}. Give more characters of the id.")
    if facts is None:
        usage_error(
            f"No article with id or prefix {article_id!r} in {shown(db)}. "
            f"Find ids with `dateline search WORDS --db {shown(db)}`."
        )
    emit(facts, as_json, render_report)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in article text (full-text search).")],
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = 20,
    as_json: JsonOption = False,
) -> None:
    """Find stored articles by their text."""
    with open_db(db) as store:
        try:
            hits = [to_jsonable(hit) for hit in store.search(query, limit=limit)]
        except ValueError as exc:  # a query the full-text engine cannot parse
            usage_error(f'Bad search query {query!r}: {exc}. Use plain words or "a phrase".')
    hits = [h if isinstance(h, dict) else {"id": str(h)} for h in hits]
    if as_json:
        emit(hits, True)
        return
    if not hits:
        console.print(f"No article matches {escape(query)!r}. Try fewer or other words.")
        return
    table = Table(
        title=f"{len(hits)} article{'s' if len(hits) != 1 else ''} matching {query!r}",
        title_justify="left",
        expand=True,
    )
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("title / snippet", overflow="fold")
    for hit in hits:
        art = hit.get("article") if isinstance(hit.get("article"), dict) else hit
        snippet = " ".join(str(hit.get("snippet") or "").split())  # one line
        title = art.get("title") or ""
        table.add_row(
            str(art.get("id") or "")[:12],
            str(art.get("published") or "")[:10],
            escape(title) + (f"\n[dim]{escape(str(snippet))}[/]" if snippet else ""),
        )
    console.print(table)
    hint(f"Show one with `dateline show ID --db {shown(db)}`.")


# =========================================================================== store: stats, errors


@app.command()
def stats(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Counts of what the store holds."""
    with open_db(db) as store:
        data = to_jsonable(store.stats())
        from dateline.corpus import corpus_stats

        data.update(corpus_stats(store))  # story families, fused events, discrepancies
    emit(data, as_json, lambda d: dict_table(d, f"Store {shown(db)}"))


@app.command()
def errors(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Articles that could not be read or analysed, with the reason."""
    with open_db(db) as store:
        rows = [to_jsonable(e) for e in store.errors()]
    if as_json:
        emit(rows, True)
    elif rows:
        print_failures(console, rows, "Recorded errors")
    else:
        console.print("No errors recorded.")


# =========================================================================== export


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    acled_csv = "acled-csv"
    geojson = "geojson"
    stix = "stix"


class FactKind(StrEnum):
    events = "events"
    entities = "entities"
    quotes = "quotes"
    times = "times"
    places = "places"
    embeds = "embeds"
    notes = "notes"


@app.command()
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.jsonl,
    db: DbOption = DEFAULT_DB,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write here instead of stdout.", dir_okay=False),
    ] = None,
    kind: Annotated[
        FactKind, typer.Option("--kind", help="For csv: one row per fact of this kind.")
    ] = FactKind.events,
) -> None:
    """Write every stored article's facts as JSONL, CSV, ACLED CSV, GeoJSON or STIX 2.1."""
    from dateline.export import export as run_export

    if out is not None and not out.parent.exists():
        usage_error(f"The folder {out.parent} does not exist. Create it or choose another --out.")
    source: Any = open_db(db)
    if str(db).startswith("parquet:"):  # facts written by `ingest --out parquet:DIR`
        from dateline.distributed.parquet import ParquetFacts

        try:
            source = ParquetFacts(str(db)[len("parquet:") :])
        except FileNotFoundError as exc:
            usage_error(str(exc))
    with source as store:
        options: dict[str, Any] = {"kind": kind.value} if fmt is ExportFormat.csv else {}
        if out is None:
            n = run_export(fmt.value, store.iter_facts(), sys.stdout, **options)
            sys.stdout.flush()
        else:
            newline = "" if fmt.value.endswith("csv") else None  # csv writes its own \r\n
            with out.open("w", encoding="utf-8", newline=newline) as fh:
                n = run_export(fmt.value, store.iter_facts(), fh, **options)
    where = str(out) if out else "stdout"
    err_console.print(f"Wrote {n} records as {fmt.value} to {escape(where)}.", style="dim")


# =========================================================================== more commands
# Other engineers add their command groups below this line, one marked section each
# (quotes, actors, events, timeline, compare, serve), following the pattern above.


# =========================================================================== quotes


def quote_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored quote row in the shape of docs/facts.md, with the article it came from."""
    return {
        "article": {k: row.get(k) for k in ("article_id", "title", "published", "outlet")},
        "text": row.get("text"),
        "start": row.get("start"),
        "end": row.get("end"),
        "kind": row.get("kind"),
        "speaker": {
            "text": row.get("speaker_text"),
            "canonical": row.get("speaker_canonical"),
            "description": row.get("speaker_description"),
            "anonymous": bool(row.get("anonymous")),
            "resolved_by": row.get("resolved_by") or "none",
        },
        "cue": row.get("cue"),
        "hedge": row.get("hedge"),
        "via": row.get("via") or [],
        "addressee": row.get("addressee"),
        "question": bool(row.get("question")),
    }


def quotes_table(records: list[dict[str, Any]]) -> Table:
    table = Table(
        title=f"{len(records)} quote{'s' if len(records) != 1 else ''}",
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("speaker", ratio=2)
    table.add_column("quote", ratio=4, overflow="fold")
    table.add_column("cue / hedge / via", ratio=2, overflow="fold")
    table.add_column("article", ratio=2, overflow="fold")
    for rec in records:
        sp = rec["speaker"]
        who = escape(sp["canonical"] or sp["text"] or "unattributed")
        desc = (sp["description"] or "").casefold()
        if desc and not desc.endswith((sp["canonical"] or "\0").casefold()):
            who += f"\n[dim]{escape(sp['description'])}[/]"
        if sp["anonymous"]:
            who += "\n[yellow]anonymous[/]"
        if sp["resolved_by"] not in {"none", "explicit"}:
            who += f" [dim](by {escape(sp['resolved_by'])})[/]"
        chain = " / ".join(x for x in (rec["cue"], rec["hedge"]) if x) or "—"
        if rec["via"]:
            chain += "\nvia " + " → ".join(rec["via"])
        if rec["addressee"]:
            chain += f"\nto {rec['addressee']}"
        words = " ".join(str(rec["text"] or "").split())
        if len(words) > 400:
            words = words[:399].rstrip() + "…"
        kind = rec["kind"] + (", question" if rec["question"] else "")
        art = rec["article"]
        table.add_row(
            who,
            f"[dim]{escape(kind)}[/] {escape(words)}",
            escape(chain),
            f"[cyan]{escape(str(art['article_id'] or '')[:12])}[/] "
            f"{escape(str(art['published'] or '')[:10])}\n{escape(art['title'] or '')}",
        )
    return table


@app.command()
def quotes(
    speaker: Annotated[
        str | None,
        typer.Option(
            "--speaker", "-s", help="Who said it: a name or any alias the actor KB knows."
        ),
    ] = None,
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help="Only quotes from unnamed/anonymous sources.")
    ] = False,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Words in the quote (full-text search).")
    ] = None,
    hedge: Annotated[
        list[str] | None,
        typer.Option(
            "--hedge",
            help="Only quotes with this hedge (repeatable): asserted, claimed, alleged, "
            "denied, not_ruled_out, according_to, stance, ...",
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = 50,
    as_json: JsonOption = False,
) -> None:
    """Who said what: stored quotes with speaker, hedge and chain of attribution."""
    names: list[str] = []
    if speaker is not None:
        if not speaker.strip():
            usage_error("--speaker is empty. Give a name, e.g. `--speaker Daesh`.")
        from dateline.actors import canonical

        # "Daesh" finds the quotes stored under the KB's canonical name ("Islamic State").
        names = list(dict.fromkeys([speaker.strip(), canonical(speaker.strip())]))
    with open_db(db) as store:
        try:
            rows = store.quotes(
                speaker=names or None,
                anonymous=True if anonymous else None,
                query=query or None,
                limit=limit,
                hedge=hedge or None,
            )
        except ValueError as exc:  # QueryError: a query FTS5 cannot parse
            usage_error(f'Bad query {query!r}: {exc}. Use plain words or "a phrase".')
    records = [quote_record(to_jsonable(r)) for r in rows]
    if as_json:
        emit(records, True)
        return
    if not records:
        asked = ", ".join(
            x
            for x in (
                f"speaker {speaker!r}" if speaker else "",
                "anonymous" if anonymous else "",
                f"query {query!r}" if query else "",
                f"hedge {', '.join(hedge)}" if hedge else "",
            )
            if x
        )
        console.print(f"No quote matches {escape(asked or 'anything')}.")
        hint(
            f"List all with `dateline quotes --db {shown(db)}`; check names with `dateline actors --db {shown(db)}`."
        )
        return
    console.print(quotes_table(records))
    hint(f"Show an article with `dateline show ID --db {shown(db)}`.")


# =========================================================================== corpus: fuse, events, timeline, compare, actors

ActorFilter = Annotated[str | None, typer.Option("--actor", help="Perpetrator or target name.")]
PlaceFilter = Annotated[str | None, typer.Option("--place", help="Place or country code.")]
FromFilter = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")]
ToFilter = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")]


@app.command()
def fuse(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Link syndicated copies and fuse events across articles (incremental; ingest runs it)."""
    from dateline.corpus import update
    from dateline.corpus.render import summary

    with open_db(db) as store:
        result = update(store)
    emit(result, as_json, summary)


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    actor: ActorFilter = None,
    place: PlaceFilter = None,
    date_from: FromFilter = None,
    date_to: ToFilter = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type.")] = None,
    limit: LimitOption = 100,
    as_json: JsonOption = False,
) -> None:
    """Fused events (one per real-world event), each with its reports and discrepancies."""
    from dateline.corpus import fused_events
    from dateline.corpus.render import events_table

    with open_db(db) as store:
        rows = fused_events(
            store,
            actor=actor,
            place=place,
            date_from=date_from,
            date_to=date_to,
            type=event_type,
            limit=limit,
        )
    emit(rows, as_json, events_table)


@app.command()
def timeline(
    db: DbOption = DEFAULT_DB,
    actor: ActorFilter = None,
    place: PlaceFilter = None,
    date_from: FromFilter = None,
    date_to: ToFilter = None,
    as_json: JsonOption = False,
) -> None:
    """Fused events in date order."""
    from dateline.corpus import timeline as corpus_timeline
    from dateline.corpus.render import events_table

    with open_db(db) as store:
        rows = corpus_timeline(
            store, actor=actor, place=place, date_from=date_from, date_to=date_to
        )
    emit(rows, as_json, lambda r: events_table(r, "Timeline"))


@app.command()
def compare(
    event_id: Annotated[str, typer.Argument(help="A fused event id (or a unique prefix).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Side by side: every report of one fused event and where they differ."""
    from dateline.corpus import get_fused
    from dateline.corpus.render import compare as render_compare

    with open_db(db) as store:
        try:
            event = get_fused(store, event_id)
        except LookupError as exc:
            usage_error(f"{exc}. Give more characters of the id.")
    if event is None:
        usage_error(
            f"No fused event {event_id!r}. List them with `dateline events --db {shown(db)}`."
        )
    emit(event, as_json, render_compare)


@app.command()
def actors(
    name: Annotated[str | None, typer.Argument(help="An actor (canonical name or alias).")] = None,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Actors across the corpus; with a NAME, its profile (events, quotes, aliases)."""
    from dateline.corpus import actor_profile
    from dateline.corpus.render import actors as render_actors
    from dateline.corpus.render import profile

    with open_db(db) as store:
        result = actor_profile(store, name)
    emit(result, as_json, profile if name else render_actors)


# =========================================================================== serve: REST API and web UI


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; 127.0.0.1 keeps it on this machine."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="DATELINE_TOKEN",
            show_default=False,
            help="Bearer token that allows writes (POST /api/articles...); without it the "
            "server is read-only (env DATELINE_TOKEN).",
        ),
    ] = None,
) -> None:
    """Serve the REST API (/api, docs at /docs) and the web UI over the store."""
    from dateline.api.server import exposure_warning, run
    from dateline.store import display_target

    if not is_url(db) and not Path(db).is_file():
        usage_error(f"No database at {db}. Run `dateline ingest PATHS --db {db}` first.")
    warning = exposure_warning(host, token)
    if warning:
        err_console.print(f"[bold red]WARNING:[/] {escape(warning)}", soft_wrap=True)
    mode = "writes need the token" if token else "read-only (no --token)"
    err_console.print(
        f"Serving {escape(db)} at http://{escape(host)}:{port}/ (API docs at /docs; {mode}).",
        soft_wrap=True,
    )
    try:
        run(db, host=host, port=port, token=token)
    except ValueError as exc:  # a broken or foreign database file
        usage_error(
            f"Could not open the database {display_target(db)}: {exc}. "
            "Check the path or use another --db."
        )


# =========================================================================== entry point


def main() -> None:
    """Console entry point (``dateline = "dateline.cli:main"``)."""
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("Interrupted. Run `dateline ingest --resume ...` to carry on.")
        sys.exit(130)


if __name__ == "__main__":
    main()
