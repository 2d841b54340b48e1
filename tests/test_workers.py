"""The local engine's worker processes: input order, a dead or hung worker costing one item,
bounded look-ahead, and no worker left behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from functools import partial

from extract import workers
from extract.workers import map_in_workers


def lost(item, reason):
    return ("lost", item, reason)


def slower_first(item):
    time.sleep(0.02 * (10 - item))
    return item * item, os.getpid()


def test_results_come_back_in_input_order_though_they_finish_in_reverse():
    results = list(map_in_workers(slower_first, range(10), 3, lost=lost))
    assert [square for square, _ in results] == [i * i for i in range(10)]
    assert len({pid for _, pid in results}) == 3
    assert not multiprocessing.active_children()


def dies_on_three(item):
    if item == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return item


def test_an_item_whose_worker_dies_is_lost_alone_and_a_new_worker_takes_over():
    assert list(map_in_workers(dies_on_three, range(8), 2, lost=lost)) == [0, 1, 2, ("lost", 3, "died"), 4, 5, 6, 7]


def hangs_on_two(item):
    if item == 2:  # deaf to the signals a time limit would use: only the main process can end this
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM})
        time.sleep(120)
    return item


def test_an_item_held_past_patience_is_lost_and_its_worker_killed():
    results = list(map_in_workers(hangs_on_two, range(6), 2, lost=lost, patience=1.0))
    assert results == [0, 1, ("lost", 2, "hung"), 3, 4, 5]
    assert not multiprocessing.active_children()


def sleeps_on_one(item):
    if item == 1:
        time.sleep(120)
    return item


def test_closing_early_stops_the_busy_workers():
    results = map_in_workers(sleeps_on_one, range(4), 2, lost=lost)
    assert next(results) == 0
    assert len(multiprocessing.active_children()) == 2
    results.close()
    assert not multiprocessing.active_children()


def logs_when_it_ran(item, log):
    if item == 0:
        time.sleep(1.5)
    with open(log, "a") as handle:
        handle.write(f"{item} {time.monotonic()}\n")
    return item


def test_items_are_handed_out_only_so_far_ahead_of_the_oldest_unfinished_one(tmp_path, monkeypatch):
    """Results wait in the main process until those before them are in; a slow item must not
    let them pile up without bound."""
    monkeypatch.setattr(workers, "AHEAD_PER_WORKER", 2)
    log = tmp_path / "log"
    assert list(map_in_workers(partial(logs_when_it_ran, log=log), range(20), 2, lost=lost)) == list(range(20))
    runs = [line.split() for line in log.read_text().splitlines()]
    first_done = next(float(t) for i, t in runs if i == "0")
    ran_meanwhile = [int(i) for i, t in runs if float(t) < first_done]
    assert ran_meanwhile == [1, 2, 3]  # 2 workers × 2 ahead: items 0 to 3 only


def dies_after_answering_zero(item):
    if item == 0:  # answers, then its process ends while it waits for the next item
        threading.Timer(0.1, os._exit, (0,)).start()
    return item


def test_a_worker_that_died_between_items_is_replaced_and_no_item_is_lost():
    results = map_in_workers(dies_after_answering_zero, range(3), 1, lost=lost)
    assert next(results) == 0
    time.sleep(0.5)
    assert list(results) == [1, 2]
