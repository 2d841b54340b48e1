"""Command line: parse options, call the API, print. No extraction logic lives here."""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
from pathlib import Path

import click

from . import batch, pipeline
from .load import LoadError
from .schema import document_schema, schema_text, write_schemas


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@click.group()
@click.version_option(package_name="plan-extract")
def main() -> None:
    """Vietnamese plan documents → structured, schema-checked JSON.

    \b
    Examples:
      plan-extract run corpus -o out          # one out/<doc_id>.json per input
      plan-extract outline corpus/000_46efe9ef18f66514.txt
      plan-extract evaluate --gold gold --pred out
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the <doc_id>.json files.")
@click.option("--jsonl", type=click.Path(dir_okay=False, path_type=Path),
              help="Also (or, without -o, only) write every document as one line of this JSON Lines file.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--resume", is_flag=True,
              help="Skip inputs whose output exists and was made from the same bytes (SHA-256).")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where failed files are listed, one JSON object each (default: errors.jsonl in OUT, "
                   "else beside the --jsonl file).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Run on a Dask distributed cluster (scheduler address, e.g. tcp://10.0.0.5:8786).")
@click.option("--max-size", "max_size", type=click.FloatRange(min=0, min_open=True), default=None, metavar="MB",
              help="Refuse input files larger than this (default 50, or $PLAN_EXTRACT_MAX_BYTES bytes).")
@click.option("--timeout", type=click.FloatRange(min=0), default=batch.DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Give up on a file that takes longer than this (0: no limit).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: only when stderr is a terminal).")
def run(paths: tuple[Path, ...], out_dir: Path | None, jsonl: Path | None, jobs: int | None, resume: bool,
        errors_path: Path | None, dask_address: str | None, max_size: float | None, timeout: float,
        progress: bool | None) -> None:
    """Extract files and folders (searched for .txt, .md, .markdown, .docx, .pdf, .html, .htm) to
    OUT/<doc_id>.json and/or a JSON Lines file.

    \b
    Examples:
      plan-extract run corpus -o out
      plan-extract run archive/ -o out -j 8 --resume
      plan-extract run archive/ --jsonl plans.jsonl
      plan-extract run archive/ -o /shared/out --dask tcp://scheduler:8786
    """
    if out_dir is None and jsonl is None:
        raise click.UsageError("say where to write: -o OUT, --jsonl FILE, or both")
    from tqdm import tqdm  # here, not at the top: the commands that never load spaCy start 30 ms sooner

    # No monitor thread: workers are forked, also mid-run to replace one that died, and a fork
    # copies only the forking thread, so a lock the monitor held (stderr's, tqdm's) would stay
    # locked in the worker for good. With miniters=1 every update checks the clock itself,
    # which is all the monitor is for.
    tqdm.monitor_interval = 0
    bar = tqdm(unit="file", file=sys.stderr, disable=not (sys.stderr.isatty() if progress is None else progress),
               dynamic_ncols=True, miniters=1)

    def on_start(total: int) -> None:
        bar.reset(total=total)

    def on_outcome(outcome: batch.Outcome) -> None:
        if outcome.status == "failed":
            bar.write(f"error: {outcome.message}", file=sys.stderr)
        bar.update()

    # spaCy, the vocabularies and the patterns live until the process ends: frozen at exit, they
    # are spared the interpreter's last collection (about 0.5 s after a batch).
    atexit.register(gc.freeze)
    batch.exit_on_sigterm()
    with bar:
        result = batch.run_batch(paths, out_dir, jsonl=jsonl, jobs=jobs or available_cores(), resume=resume,
                                 dask=dask_address, errors=errors_path, on_start=on_start, on_outcome=on_outcome,
                                 max_bytes=int(max_size * 1e6) if max_size else None, timeout=timeout or None)
    where = ", ".join(str(p) for p in (out_dir, jsonl) if p is not None)
    click.echo(f"{result.written} written to {where}, {result.skipped} up to date, {len(result.failed)} failed"
               + (f" (listed in {result.errors_path})" if result.failed else ""), err=True)
    if result.failed or not result.total:
        sys.exit(1)


@main.command()
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write document.schema.json and gold.schema.json here instead of printing.")
def schema(out_dir: Path | None) -> None:
    """Print the JSON Schema of the output (or write both schemas to a folder)."""
    if out_dir is None:
        click.echo(schema_text(document_schema()), nl=False)
        return
    for path in write_schemas(out_dir):
        click.echo(f"wrote {path}", err=True)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the sections as JSON instead.")
def outline(file: Path, as_json: bool) -> None:
    """Show the section tree of FILE as an indented outline."""
    try:
        document = pipeline.extract_file(file)
    except LoadError as error:
        raise click.ClickException(str(error))
    if as_json:
        click.echo(json.dumps([s.model_dump(mode="json") for s in document.sections], ensure_ascii=False, indent=2))
        return
    for section in document.iter_sections():
        kind = f"  [{section.kind}]" if section.kind else ""
        click.echo(f"{'    ' * (section.level - 1)}{section.label}. {section.title}{kind}")
    for warning in document.warnings:
        click.echo(f"warning: {warning}", err=True)


@main.command("evaluate")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold <doc_id>.json files.")
@click.option("--pred", "pred_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of predicted <doc_id>.json files.")
@click.option("--by-doc", is_flag=True, help="Add one score table per document.")
@click.option("--errors", "show_errors", is_flag=True, help="List every strict miss and false positive.")
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result (save it for --baseline).")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A result saved with --json: show what improved and what got worse.")
@click.option("--min-f1", "min_f1", multiple=True, metavar="TYPE=VALUE",
              help="Exit 1 when the strict F1 of TYPE (or 'all') is below VALUE. Repeatable.")
def evaluate_command(gold_dir: Path, pred_dir: Path, by_doc: bool, show_errors: bool, as_json: bool,
                     baseline: Path | None, min_f1: tuple[str, ...]) -> None:
    """Score the predictions in PRED against the gold annotations in GOLD."""
    from . import evaluate as evaluation

    try:
        thresholds = evaluation.parse_thresholds(min_f1)
        result = evaluation.evaluate_folders(gold_dir, pred_dir)
        comparison = evaluation.compare_results(evaluation.load_result(baseline), result) if baseline else None
    except evaluation.EvaluationError as error:
        raise click.ClickException(str(error))
    failures = evaluation.check_thresholds(result, thresholds)
    if as_json:
        output = result.to_dict()
        if comparison is not None:
            output["comparison"] = comparison.to_dict()
        click.echo(json.dumps(output, ensure_ascii=False, indent=2))
    else:
        click.echo(evaluation.render_report(result, by_doc=by_doc, errors=show_errors))
        if comparison is not None:
            click.echo("\n" + evaluation.render_comparison(comparison))
    if failures:
        click.echo(evaluation.render_threshold_failures(failures), err=True)
        sys.exit(1)


@main.command("export")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl", "duckdb"]), default="csv", show_default=True)
@click.option("-o", "--out", required=True, type=click.Path(path_type=Path),
              help="Folder for one file per table; for duckdb, the database file.")
def export_command(sources: tuple[Path, ...], fmt: str, out: Path) -> None:
    """Write the long tables (documents, sections, targets, deadlines, citations,
    citation_mentions, assignments) of output documents: folders of JSON files from
    `plan-extract run`, single JSON files or JSON Lines files.

    \b
    Examples:
      plan-extract export out --format parquet -o tables
      plan-extract export out --format duckdb -o plans.duckdb
    """
    from .export import export

    result = export(list(sources), out, fmt, on_error=lambda message: click.echo(f"warning: {message}", err=True))
    counts = ", ".join(f"{n} {table}" for table, n in result.rows.items())
    click.echo(f"{result.documents} documents → {counts}; written to {out}", err=True)
    if not result.documents:
        sys.exit(1)


@main.command("compare")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--indicator", help="Only this indicator code (e.g. nutrition.stunting_u5).")
@click.option("--year", type=int, help="Only targets due in this year.")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("compare"),
              show_default=True, help="Folder for commitments.csv/.md and responsibilities.csv/.md.")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw the --indicator's values across documents and years (.svg, .png or .html).")
def compare_command(sources: tuple[Path, ...], indicator: str | None, year: int | None, out: Path,
                    chart: Path | None) -> None:
    """Put the commitments of output documents side by side: indicator × document, and
    who answers for which indicator.

    \b
    Examples:
      plan-extract compare out
      plan-extract compare out --indicator nutrition.stunting_u5 --chart stunting.svg
    """
    from rich.console import Console
    from rich.table import Table as RichTable

    from . import compare
    from .export import read_documents

    if chart is not None and indicator is None:
        raise click.UsageError("--chart draws one indicator: give --indicator CODE")
    documents = list(read_documents(list(sources), lambda message: click.echo(f"warning: {message}", err=True)))
    if not documents:
        raise click.ClickException("no output documents found")
    views = [compare.commitments(documents, indicator=indicator, year=year),
             compare.responsibilities(documents, indicator=indicator)]
    console = Console(width=max(120, Console().width), markup=False)  # "[nông thôn]" is text, not markup
    for view in views:
        table = RichTable(title=view.title, show_lines=True)
        for column in view.header:
            table.add_column(column, overflow="fold")
        for row in view.rows:
            table.add_row(*row)
        console.print(table)
    for path in compare.save(views, out, ["commitments", "responsibilities"]):
        click.echo(f"wrote {path}", err=True)
    if chart is not None:
        try:
            click.echo(f"wrote {compare.chart(documents, indicator, chart)}", err=True)
        except ValueError as error:
            raise click.ClickException(str(error))


@main.command("review")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The HTML page to write.")
def review_command(file: Path, out: Path) -> None:
    """Write one self-contained HTML page showing FILE's text with every extracted item
    highlighted, its outline as a table of contents, and tables of the items.

    \b
    Example:
      plan-extract review corpus/004_244997f7a7702c06.txt -o review.html
    """
    from .review import review_file

    try:
        click.echo(f"wrote {review_file(file, out)}", err=True)
    except LoadError as error:
        raise click.ClickException(str(error))
