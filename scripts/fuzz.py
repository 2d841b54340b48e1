"""Fuzz run: extract many mutated seed documents and check every output (schema-valid,
spans inside the text, same bytes on a second run); any other exception is a crash.

    .venv/bin/python scripts/fuzz.py -n 10000 -j 2

Case k is always the same bytes (tests/mutations.py), so a crash is replayed with
`--case k`. Crashing inputs are saved under fuzz-crashes/.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.mutations import mutate  # noqa: E402
from tests.test_properties import check  # noqa: E402


def run_case(case: int) -> tuple[int, str, float, str]:
    name, data = mutate(case)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"case{case}.txt"
        path.write_bytes(data)
        start = time.perf_counter()
        try:
            status, detail = check(path), ""
        except Exception:
            status, detail = "crash", traceback.format_exc()
        return case, status, time.perf_counter() - start, detail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="number of cases (default 10000)")
    parser.add_argument("-j", type=int, default=2, help="worker processes")
    parser.add_argument("--start", type=int, default=0, help="first case number")
    parser.add_argument("--case", type=int, help="run this one case and print its traceback")
    args = parser.parse_args()
    if args.case is not None:
        print(run_case(args.case))
        return
    counts, slowest, crashes = Counter(), (0.0, -1), []
    started = time.perf_counter()
    with multiprocessing.Pool(args.j) as pool:
        for case, status, seconds, detail in pool.imap_unordered(run_case, range(args.start, args.start + args.n), 8):
            counts[status] += 1
            slowest = max(slowest, (seconds, case))
            if status == "crash":
                crashes.append(case)
                saved = ROOT / "fuzz-crashes" / f"case{case}.txt"
                saved.parent.mkdir(exist_ok=True)
                saved.write_bytes(mutate(case)[1])
                print(f"crash in case {case}:\n{detail}", file=sys.stderr)
    total = sum(counts.values())
    print(f"{total} cases in {time.perf_counter() - started:.0f} s: {counts['ok']} extracted and checked, "
          f"{counts['refused']} refused with a clear error, {counts['crash']} crashes; "
          f"slowest case {slowest[1]} ({slowest[0]:.2f} s)")
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
