"""Reading and parsing the next files of an import in another process while one is stored.

Storing a document waits on the database; parsing one keeps a core busy. A worker process
reads and parses the files ahead, in order, so that an import of many files takes about
the longer of the two times rather than their sum. Kept free of Django: the worker imports
only the reader and the parser.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .documents import read_document, source_hash
from .parsing import ParseError, Resolution, parse_resolution, symbol_from_file_name

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
        return Prepared(text, parse_resolution(text, overrides, symbol=symbol_from_file_name(path.name)))
    except ParseError as exc:
        return Prepared(text, parse_failed=str(exc))


# The worker's niceness: parsing ahead yields the cores to the importing process and its database.
WORKER_NICENESS = 10


class ReadAheadFailed(RuntimeError):
    """The worker reading ahead stopped: a fault of the reader or the parser (named, with its
    traceback), not of a file, which fails alone (Prepared); or the worker was killed."""


def _read_ahead(paths: list[Path], overrides: dict, stored: frozenset[str], room, sender) -> None:
    """The worker: each file prepared, in order, sent to the importer; READ_AHEAD at most
    sent and not yet taken (`room`).

    It runs at a lower priority: the importing process and its database take turns on a
    document, and either idles while the other works. Given the cores first, that chain
    runs as fast as it can; the worker uses the time between.
    """
    os.nice(WORKER_NICENESS)
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    sending = threading.Thread(target=_send_each, args=(outbox, sender))
    sending.start()
    try:
        for path in paths:
            room.acquire()
            outbox.put(prepare(path, overrides, stored))
    except Exception:
        outbox.put(ReadAheadFailed(f"reading {path} ahead failed:\n{traceback.format_exc()}"))
    finally:
        outbox.put(None)  # nothing more to send
        sending.join()


def _send_each(outbox: queue.SimpleQueue, sender) -> None:
    """Send what the worker prepared while it parses the next file: a file is more than the
    pipe holds, and the importer takes it only once done with the one before."""
    for read in iter(outbox.get, None):
        sender.send(read)


def prepared_in_order(paths: Iterable[Path], overrides: dict, stored: frozenset[str] = frozenset(),
                      ahead_from: int = AHEAD_FROM_FILES) -> Iterator[tuple[Path, Prepared]]:
    """(path, Prepared) for each file in the order given, read ahead by a worker where there are
    enough files and more than one core. `stored` holds the hashes of texts already stored
    with this parser: those are read, not parsed.

    The worker is handed every path at once and sends what it prepared down a pipe, which
    the importer reads in its own thread: no pool's threads and futures, which cost the
    importing process a second of a corpus import's ten.
    """
    paths = list(paths)
    if len(paths) < ahead_from or (os.cpu_count() or 1) < 2:
        for path in paths:
            yield path, prepare(path, overrides, stored)
        return
    # "spawn": a fresh interpreter, not a fork of one holding database connections and threads.
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    room = context.Semaphore(READ_AHEAD)
    worker = context.Process(target=_read_ahead, args=(paths, overrides, stored, room, sender),
                             name="read-ahead", daemon=True)
    worker.start()
    sender.close()  # the worker's end alone: the pipe ends when the worker does, even mid-file
    try:
        for path in paths:
            try:
                read = receiver.recv()
            except EOFError:
                worker.join()
                raise ReadAheadFailed(
                    f"the worker reading files ahead stopped (exit code {worker.exitcode})") from None
            room.release()
            if isinstance(read, ReadAheadFailed):
                raise read
            yield path, read
    finally:  # done, or the importer stopped early: what was read ahead is dropped
        worker.terminate()
        worker.join()
        receiver.close()
