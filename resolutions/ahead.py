"""Reading and parsing the next files of an import in another process while one is stored.

Storing a document waits on the database; parsing one keeps a core busy. A worker process
reads and parses the files ahead, in order, so that an import of many files takes about
the longer of the two times rather than their sum. Kept free of Django: the worker imports
only the reader and the parser.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .documents import read_document, source_hash
from .parsing import ParseError, Resolution, parse_resolution

# Fewer files than this are read in the importing process: a worker takes a quarter of a second to start.
AHEAD_FROM_FILES = 16
# Files read ahead at most: what waits in memory for the database.
READ_AHEAD = 32


@dataclass
class Prepared:
    """A file read and, unless its text is stored already or it failed, parsed."""

    text: str = ""
    parsed: Resolution | None = None
    read_failed: str = ""  # the file could not be read: why
    parse_failed: str = ""  # the text is no resolution: why


def prepare(path: Path, overrides: dict, stored: frozenset[str] = frozenset()) -> Prepared:
    """Read a file and parse its text, unless a text with its hash is stored (a re-import of it)."""
    try:
        text = read_document(path)
    except ParseError as exc:
        return Prepared(read_failed=str(exc))
    if source_hash(text) in stored:
        return Prepared(text)
    try:
        return Prepared(text, parse_resolution(text, overrides))
    except ParseError as exc:
        return Prepared(text, parse_failed=str(exc))


_worker_state: dict = {}


# The worker's niceness: parsing ahead yields the cores to the importing process and its database.
WORKER_NICENESS = 10


def _start_worker(overrides: dict, stored: frozenset[str]) -> None:
    """The worker parses ahead of a chain that waits on itself: the importing process and its
    database take turns on a document, and either idles while the other works. Given the
    cores first, that chain runs as fast as it can; the worker uses the time between."""
    os.nice(WORKER_NICENESS)
    _worker_state.update(overrides=overrides, stored=stored)


def _prepare_in_worker(path: Path) -> Prepared:
    return prepare(path, _worker_state["overrides"], _worker_state["stored"])


def prepared_in_order(paths: Iterable[Path], overrides: dict, stored: frozenset[str] = frozenset(),
                      ahead_from: int = AHEAD_FROM_FILES) -> Iterator[tuple[Path, Prepared]]:
    """(path, Prepared) for each file in the order given, read ahead by a worker where there are
    enough files and more than one core. `stored` holds the hashes of texts already stored
    with this parser: those are read, not parsed."""
    paths = list(paths)
    if len(paths) < ahead_from or (os.cpu_count() or 1) < 2:
        for path in paths:
            yield path, prepare(path, overrides, stored)
        return
    # "spawn": a fresh interpreter, not a fork of one holding database connections and threads.
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(overrides, stored))
    try:
        queued = iter(paths)
        waiting = deque((path, pool.submit(_prepare_in_worker, path)) for path in islice(queued, READ_AHEAD))
        while waiting:
            path, future = waiting.popleft()
            following = next(queued, None)
            if following is not None:
                waiting.append((following, pool.submit(_prepare_in_worker, following)))
            yield path, future.result()
    finally:  # the importer stopped early: what was read ahead is not waited for
        pool.shutdown(wait=True, cancel_futures=True)
