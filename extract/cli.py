"""Command line: parse options, call the API, print. No extraction logic lives here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import pipeline
from .load import LoadError
from .schema import document_schema, schema_text, write_schemas


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
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the <doc_id>.json files.")
def run(paths: tuple[Path, ...], out_dir: Path) -> None:
    """Extract files and folders (searched for .txt and .md) to OUT/<doc_id>.json."""
    result = pipeline.run_batch(paths, out_dir)
    for _, message in result.failed:
        click.echo(f"error: {message}", err=True)
    click.echo(f"{len(result.written)} written to {out_dir}, {len(result.failed)} failed", err=True)
    if result.failed or not (result.written or result.failed):
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
