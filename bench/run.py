"""`make bench`: end-to-end speed and memory of `plan-extract run`, against the floor and
the baseline a user would otherwise run, in one run on this machine.

Corpora: ../shared/bulk/docs (real legal documents, PDF text: real length and mess) and
synthetic plans made from corpus/ (bench/synthesize.py), 2,000 of them, and 10,000 for
memory. For each: `plan-extract run CORPUS -o TMP -j N` as a subprocess, timed, with the
memory of its process tree sampled four times a second (PSS, so that the pages the forked
workers share with the main process count once). The -j 1 and -j 2 runs alternate, twice
each (--rounds); the fastest of each counts, since what else the machine runs only ever
slows a run down, and the highest memory peak of them. The floor is read + NFC + one
heading regex over the same files, the fastest of three passes; the baseline is underthesea's word_tokenize + ner over a sample
of the same text. Where the time goes is measured in-process on a sample of each corpus:
the share of each pipeline stage (load, segment, each extractor, emit, write). Ratios and
verdicts are printed and written to bench/results.json.

    python -m bench.run            # everything (a few minutes)
    python -m bench.run --quick    # small corpora, to check the script itself
    python -m bench.run --bulk DIR # the real documents are elsewhere

The quick run writes bench/data/results-quick.json, leaving the real figures alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import psutil
import regex

from bench.synthesize import write_corpus

ROOT = Path(__file__).resolve().parent.parent
BULK = ROOT.parent / "shared" / "bulk" / "docs"
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results.json"
QUICK_RESULTS = DATA / "results-quick.json"
HEADING = regex.compile(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s", regex.MULTILINE)
# Reading PSS (/proc/PID/smaps_rollup) costs CPU that the workers would use; memory here
# grows slowly and has no spikes, so four samples a second find its peak.
SAMPLE_SECONDS = 0.25
TARGETS = {"mb_per_s_per_core": 5.0, "floor_ratio_max": 8.0, "baseline_ratio_min": 25.0,
           "j2_speedup_min": 1.7, "peak_rss_mb_max": 300.0}


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md"))


def synthetic(n: int) -> Path:
    folder = DATA / f"synthetic-{n}"
    if len(list(folder.glob("*.txt"))) != n:
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(folder, n, seed=1)
    return folder


def run_pipeline(folder: Path, jobs: int) -> dict:
    """One `plan-extract run` over the folder, timed, with its process tree's memory sampled."""
    files = corpus_files(folder)
    size = sum(p.stat().st_size for p in files)
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "extract", "run", str(folder), "-o", out, "-j", str(jobs), "--no-progress"]
        start = time.perf_counter()
        process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        tree_peak = main_peak = worker_peak = 0
        while process.poll() is None:
            try:  # PSS: forked workers share the main process's pages; RSS would count them twice
                children = process.children(recursive=True)
                main_pss = process.memory_full_info().pss
                child_pss = [c.memory_full_info().pss for c in children]
            except psutil.Error:
                continue
            main_peak = max(main_peak, main_pss)
            worker_peak = max([worker_peak, *child_pss])
            tree_peak = max(tree_peak, main_pss + sum(child_pss))
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
        stderr = process.stderr.read().decode(errors="replace")
        written = len(list(Path(out).glob("*.json")))
    if process.returncode not in (0, 1):
        raise SystemExit(f"plan-extract run failed on {folder}:\n{stderr}")
    mb = size / 1e6
    return {"docs": len(files), "written": written, "mb": round(mb, 2), "jobs": jobs, "seconds": round(seconds, 2),
            "docs_per_s": round(len(files) / seconds, 1), "mb_per_s": round(mb / seconds, 2),
            "mb_per_s_per_core": round(mb / seconds / jobs, 2),
            "peak_rss_mb": {"process_tree": round(tree_peak / 1e6, 1), "main": round(main_peak / 1e6, 1),
                            "largest_worker": round(worker_peak / 1e6, 1)}}


def best_of(runs: list[dict]) -> dict:
    """The fastest of repeated pipeline runs, with the highest memory peaks of them all and
    every run's seconds."""
    best = dict(min(runs, key=lambda run: run["seconds"]))
    best["peak_rss_mb"] = {key: max(run["peak_rss_mb"][key] for run in runs) for key in best["peak_rss_mb"]}
    best["runs_seconds"] = [run["seconds"] for run in runs]
    return best


def floor(folder: Path, passes: int = 3) -> dict:
    """Read + NFC + one heading regex: what any tool must at least do, in-process, one core
    (the fastest of `passes`)."""
    files = corpus_files(folder)
    timings = []
    for _ in range(passes):
        start = time.perf_counter()
        size = headings = 0
        for path in files:
            data = path.read_bytes()
            size += len(data)
            headings += len(HEADING.findall(unicodedata.normalize("NFC", data.decode("utf-8", "replace"))))
        timings.append(time.perf_counter() - start)
    seconds = min(timings)
    return {"mb": round(size / 1e6, 2), "seconds": round(seconds, 3), "mb_per_s": round(size / 1e6 / seconds, 2)}


def underthesea_baseline(folder: Path, sample_chars: int) -> dict:
    """underthesea word_tokenize + ner, line by line, over the first `sample_chars` of the corpus."""
    from underthesea import ner, word_tokenize

    lines, taken = [], 0
    for path in corpus_files(folder):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip() and taken < sample_chars:
                lines.append(line)
                taken += len(line.encode())
        if taken >= sample_chars:
            break
    ner(lines[0])  # load the models outside the timing
    start = time.perf_counter()
    for line in lines:
        word_tokenize(line)
        ner(line)
    seconds = time.perf_counter() - start
    return {"sample_mb": round(taken / 1e6, 3), "lines": len(lines), "seconds": round(seconds, 2),
            "mb_per_s": round(taken / 1e6 / seconds, 4)}


def stage_shares(folder: Path, sample: int) -> dict:
    """The share of one-core time each pipeline stage takes, over the first `sample` files."""
    from extract.batch import Settings, process, warm_up
    from extract.stages import timed_stages

    warm_up()
    with tempfile.TemporaryDirectory() as out, timed_stages() as seconds:
        settings = Settings(out_dir=Path(out), lines=False, resume=False, max_bytes=None, timeout=None)
        for path in corpus_files(folder)[:sample]:
            process(path, None, settings)
    total = sum(seconds.values())
    return {name: round(spent / total, 3) for name, spent in seconds.most_common()}


def verdicts(corpus: dict) -> dict:
    j1, j2 = corpus["j1"], corpus["j2"]
    checks = {
        "mb_per_s_per_core": (j1["mb_per_s_per_core"], ">=", TARGETS["mb_per_s_per_core"]),
        "floor_over_pipeline": (round(corpus["floor"]["mb_per_s"] / j1["mb_per_s"], 2), "<=", TARGETS["floor_ratio_max"]),
        "pipeline_over_underthesea": (round(j1["mb_per_s"] / corpus["underthesea"]["mb_per_s"], 1), ">=",
                                      TARGETS["baseline_ratio_min"]),
        "j2_over_j1": (round(j2["mb_per_s"] / j1["mb_per_s"], 2), ">=", TARGETS["j2_speedup_min"]),
        "peak_rss_mb_j2": (j2["peak_rss_mb"]["process_tree"], "<", TARGETS["peak_rss_mb_max"]),
    }
    return {name: {"value": value, "target": f"{op} {target}",
                   "pass": value >= target if op == ">=" else value <= target if op == "<=" else value < target}
            for name, (value, op, target) in checks.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpora: checks the script, not the speed")
    parser.add_argument("--no-10k", dest="big", action="store_false", help="skip the 10,000-plan memory run")
    parser.add_argument("--rounds", type=int, default=2, help="runs of -j 1 and of -j 2 per corpus (default 2)")
    parser.add_argument("--bulk", type=Path, default=BULK, help=f"the real documents (default: {BULK})")
    args = parser.parse_args()
    if not args.bulk.is_dir() or not corpus_files(args.bulk):
        parser.error(f"{args.bulk}: no .txt or .md documents here; give the real documents with --bulk DIR")
    plans, big, sample, stages = (100, 300, 20_000, 40) if args.quick else (2000, 10_000, 200_000, 300)
    corpora = {"bulk": _first(args.bulk, 40) if args.quick else args.bulk, f"synthetic-{plans}": synthetic(plans)}

    results: dict = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform(), "date": datetime.now(timezone.utc).isoformat()},
                     "targets": TARGETS, "corpora": {}}
    for name, folder in corpora.items():
        print(f"[{name}] {len(corpus_files(folder))} files", flush=True)
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(args.rounds):  # alternating, so that a slow spell of the machine hits both
            for jobs, done in runs.items():
                done.append(run_pipeline(folder, jobs))
        corpus = {"j1": best_of(runs[1]), "j2": best_of(runs[2]), "floor": floor(folder),
                  "underthesea": underthesea_baseline(folder, sample), "stage_shares": stage_shares(folder, stages)}
        corpus["verdicts"] = verdicts(corpus)
        results["corpora"][name] = corpus
    if args.big:
        print(f"[synthetic-{big}] memory", flush=True)
        results["memory"] = {f"synthetic-{plans}": results["corpora"][f"synthetic-{plans}"]["j2"]["peak_rss_mb"],
                             f"synthetic-{big}": run_pipeline(synthetic(big), 2)}
    written = QUICK_RESULTS if args.quick else RESULTS
    written.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    print(f"\nwritten to {written.relative_to(ROOT)}")


def _first(folder: Path, n: int) -> Path:
    """The first `n` documents of `folder`, copied afresh (a few MB) so that they always match it."""
    sample = DATA / f"bulk-first-{n}"
    shutil.rmtree(sample, ignore_errors=True)
    sample.mkdir(parents=True)
    for path in corpus_files(folder)[:n]:
        shutil.copy(path, sample / path.name)
    return sample


def report(results: dict) -> str:
    lines = [f"{'corpus':18} {'jobs':>4} {'docs':>6} {'MB':>7} {'s':>7} {'docs/s':>7} {'MB/s':>6} {'MB/s/core':>9} {'peak MB (PSS)':>13}"]
    for name, corpus in results["corpora"].items():
        for key in ("j1", "j2"):
            r = corpus[key]
            lines.append(f"{name:18} {r['jobs']:>4} {r['docs']:>6} {r['mb']:>7} {r['seconds']:>7} {r['docs_per_s']:>7} "
                         f"{r['mb_per_s']:>6} {r['mb_per_s_per_core']:>9} {r['peak_rss_mb']['process_tree']:>13}")
        lines.append(f"{name:18} floor {corpus['floor']['mb_per_s']} MB/s; underthesea word_tokenize+ner "
                     f"{corpus['underthesea']['mb_per_s']} MB/s on {corpus['underthesea']['sample_mb']} MB")
        shares = ", ".join(f"{stage} {share:.0%}" for stage, share in corpus["stage_shares"].items() if share >= 0.01)
        lines.append(f"{name:18} time by stage: {shares}")
    if "memory" in results:
        for name, value in results["memory"].items():
            rss = value["peak_rss_mb"] if "peak_rss_mb" in value else value
            lines.append(f"memory {name}: peak PSS {rss['process_tree']} MB (main {rss['main']}, largest worker {rss['largest_worker']})")
    lines.append("")
    lines.append(f"{'check':28} {'corpus':18} {'value':>8}  target     ")
    for name, corpus in results["corpora"].items():
        for check, v in corpus["verdicts"].items():
            lines.append(f"{check:28} {name:18} {v['value']:>8}  {v['target']:10} {'PASS' if v['pass'] else 'FAIL'}")
    if "memory" in results:
        for name, value in results["memory"].items():
            if name in results["corpora"]:
                continue  # its verdict is in the corpus's own lines above
            rss = (value["peak_rss_mb"] if "peak_rss_mb" in value else value)["process_tree"]
            ok = rss < TARGETS["peak_rss_mb_max"]
            lines.append(f"{'peak_rss_mb_j2':28} {name:18} {rss:>8}  < {TARGETS['peak_rss_mb_max']:<8} {'PASS' if ok else 'FAIL'}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
