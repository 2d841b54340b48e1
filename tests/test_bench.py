"""The benchmark's choice among repeated runs: the fastest run's speed, the worst memory."""

from bench.run import best_of


def _run(seconds: float, tree: float, main: float) -> dict:
    return {"seconds": seconds, "mb_per_s": round(10 / seconds, 2),
            "peak_rss_mb": {"process_tree": tree, "main": main, "largest_worker": 0.0}}


def test_the_fastest_run_counts_with_the_highest_memory_peak_of_all_runs():
    best = best_of([_run(12.0, 250.0, 150.0), _run(10.0, 240.0, 170.0), _run(11.0, 260.0, 140.0)])
    assert best["seconds"] == 10.0 and best["mb_per_s"] == 1.0
    assert best["peak_rss_mb"] == {"process_tree": 260.0, "main": 170.0, "largest_worker": 0.0}
    assert best["runs_seconds"] == [12.0, 10.0, 11.0]
