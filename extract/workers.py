"""Forked worker processes for the local batch engine, each with a pipe of its own.

Why not `multiprocessing.Pool` or `concurrent.futures.ProcessPoolExecutor`: a worker killed
outright (the out-of-memory killer, a crash inside a C library) makes a Pool wait forever
for the item it held, and breaks an executor for every item still pending. Both also pass
work through queues whose locks all workers share, and a worker that dies at the wrong
moment leaves such a lock held, which hangs the pool when it stops. Here nothing is shared:
the main process hands each worker one item at a time over the worker's own pipe, watches
each worker's exit, and an item whose worker died or stopped answering costs that item only.
"""

from __future__ import annotations

import multiprocessing
import time
from functools import partial
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterator, Optional, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

AHEAD_PER_WORKER = 32  # items handed out past the oldest unfinished one: bounds the results held to keep input order
STOP_SECONDS = 5.0  # how long an idle worker gets to exit when told to, before it is killed


class _Worker:
    def __init__(self, function: Callable, initializer: Optional[Callable[[], None]]) -> None:
        context = multiprocessing.get_context("fork")  # the workers share the warmed-up pages of the main process
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end, function, initializer), daemon=True)
        self.process.start()
        child_end.close()  # so that the worker's death reads as end-of-file here
        self.index: Optional[int] = None  # the item it holds
        self.since = 0.0  # when it was given that item

    def give(self, index: int, item: object) -> None:
        self.connection.send((index, item))
        self.index, self.since = index, time.monotonic()

    def stop(self) -> None:
        """Ask an idle worker to exit; stop a busy one with SIGTERM, which it turns into a clean exit."""
        if self.index is None:
            try:
                self.connection.send(None)
            except OSError:
                pass  # it is gone already
        else:
            self.process.terminate()

    def reap(self) -> None:
        self.process.join(STOP_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def _serve(connection: Connection, function: Callable, initializer: Optional[Callable[[], None]]) -> None:
    if initializer is not None:
        initializer()
    while True:
        try:
            message = connection.recv()
        except EOFError:
            return
        if message is None:
            return
        index, item = message
        connection.send((index, function(item)))


def map_in_workers(function: Callable[[Item], Result], items: Sequence[Item], jobs: int, *,
                   lost: Callable[[Item, str], Result], initializer: Optional[Callable[[], None]] = None,
                   patience: Optional[float] = None) -> Iterator[Result]:
    """`function(item)` for every item, in `jobs` forked worker processes, yielded in input order.

    `function` must not raise: it runs inside the worker's loop. An item whose worker died
    gives `lost(item, "died")` instead; one held longer than `patience` seconds gets its
    worker killed and gives `lost(item, "hung")`. Either way a new worker takes over.
    Closing the generator early stops the busy workers with SIGTERM.
    """
    start = partial(_Worker, function, initializer)
    workers = [start() for _ in range(min(jobs, len(items)))]
    done: dict[int, Result] = {}
    handed = 0  # how many items have been given out
    ahead = AHEAD_PER_WORKER * len(workers)
    try:
        for position in range(len(items)):
            while position not in done:
                for slot, worker in enumerate(workers):
                    if worker.index is None and handed < len(items) and handed - position < ahead:
                        try:
                            worker.give(handed, items[handed])
                        except OSError:  # it died since its last item (its pipe is closed): a new one takes this
                            _replace(workers, slot, start).give(handed, items[handed])
                        handed += 1
                _collect(workers, items, done, lost, patience, start)
            yield done.pop(position)
    finally:
        for worker in workers:
            worker.stop()
        for worker in workers:
            worker.reap()


def _collect(workers: list[_Worker], items: Sequence, done: dict, lost: Callable, patience: Optional[float],
             start: Callable[[], _Worker]) -> None:
    """Wait until a busy worker answers, dies, or (with `patience`) a second passes; take in what happened."""
    busy = [worker for worker in workers if worker.index is not None]
    wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=1.0 if patience else None)
    for worker in busy:
        if worker.connection.poll():  # an answer, or end-of-file if the worker is gone
            try:
                index, result = worker.connection.recv()
            except EOFError:
                pass
            else:
                done[index] = result
                worker.index = None
                continue
        if worker.process.is_alive():
            if patience is None or time.monotonic() - worker.since < patience:
                continue
            worker.process.kill()
            reason = "hung"
        else:
            reason = "died"
        done[worker.index] = lost(items[worker.index], reason)
        worker.index = None
        _replace(workers, workers.index(worker), start)


def _replace(workers: list[_Worker], slot: int, start: Callable[[], _Worker]) -> _Worker:
    workers[slot].reap()
    workers[slot] = start()
    return workers[slot]
