"""The analyze step on a Dask cluster: batches of documents out, table rows back.

``pipeline.run`` hands this module the documents it has planned (new or changed ones
only) instead of giving them to its local process pool. Workers run the local path's
``process.process_documents`` over a batch (one batched GiNZA pass); the client alone
writes the store, so the per-document transactions, the manifest and the incremental
logic are those of a local run.

- Work unit: a batch of documents (up to ``BATCH_DOCS`` documents or ``BATCH_CHARS``
  characters, the last batches smaller), so tiny documents do not each pay the
  scheduler's per-task cost, while the workers finish together.
- Models: a LocalCluster's workers are forked with them loaded; elsewhere they load in a
  thread when a worker starts (``dask worker --preload pipeline.distributed``, and the
  ``PrepareWorker`` plugin for workers that start later).
- What crosses the network: paths out (``FileJob``: workers read, hash and parse the
  files; a ``.jsonl``'s lines are read by the client and sent as ``SourceDocument``s),
  ``Outcome``s back: plain row dicts, the file's hash and fingerprint. Never the DuckDB
  connection. ``FileHashes`` (``DIR/file-hashes.sqlite``) lets a re-run skip files whose
  size and mtime are unchanged without reading them.
- Backpressure: at most ``window`` batches are submitted and not yet handed back (a few
  per worker thread, so a slow batch at the head does not leave workers idle), so the
  client's memory does not grow with the input. Results are handed back in input order
  (a later batch that finishes first waits in the window), so the store's rows come in
  the same order as a local run's.
- Failures: a worker's death fails its tasks at once (``ALLOWED_FAILURES`` 0); a failed
  batch is sent again one document per task, and a document whose worker dies again is
  tried up to ``MAX_TRIES`` times in all, then becomes an error row naming it. A result
  lost with a dead worker is waited for while Dask computes it again.
- Ctrl-C (or any exception in the caller) cancels every future still out.

Dask is imported only here, and this module only when ``--scheduler`` is given.
"""
from __future__ import annotations

import gc
import logging
import os
import re
import socket
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
import sqlite3
import time
from typing import Any, NamedTuple

from pipeline import process
from pipeline.analyze import load_models, sentence_cache, use_sentence_store
from pipeline.ingest import DEFAULT_MAX_BYTES, display_path, read_documents, sha256
from pipeline.process import DocumentResult, document_rows
from pipeline.records import SourceDocument
from pipeline.storage import UrlPath, input_path

BATCH_DOCS = 16
BATCH_CHARS = 8_000  # a few seconds of work: the scheduler's cost per task (~1 ms) is noise
SLOTS_PER_THREAD = 4  # batches out or waiting to be written, per worker thread
# A worker's death fails the tasks it held at once (Dask's allowed-failures 0, on a cluster
# started here; set it on a remote scheduler): this module retries, so that a document
# that kills its worker is tried MAX_TRIES times in all, its batch-mates not held back.
ALLOWED_FAILURES = 0
MAX_TRIES = 3
# One task on a worker thread at a time (none waiting in its queue): a worker's death then
# fails only the document it was running, not the innocent ones queued behind it.
WORKER_SATURATION = 1.0
# Test-only: a worker that meets this text in a document exits at once (os._exit), as a
# worker killed by a crashing library or the memory limit would. Read by the worker.
CRASH_ENV = "JREPORTS_TEST_CRASH_TEXT"
SETTLED_NS = 2_000_000_000  # a file modified less than 2 s ago may change again unseen by its mtime
_LOCAL = re.compile(r"local(?::(\d+))?")


class SchedulerError(ValueError):
    """The --scheduler value is not an address or local[:N]."""


@dataclass(frozen=True)
class Scheduler:
    """Where to run: a LocalCluster of ``n_workers`` processes, or a running scheduler's ``address``."""

    address: str | None = None
    n_workers: int | None = None


def parse_scheduler(spec: str) -> Scheduler:
    """``local``, ``local:N`` or a scheduler address (``tcp://HOST:PORT``, ``tls://…``)."""
    spec = spec.strip()
    m = _LOCAL.fullmatch(spec)
    if m:
        n = int(m.group(1)) if m.group(1) else None
        if n is not None and n < 1:
            raise SchedulerError(f"--scheduler {spec}: the number of workers must be at least 1")
        return Scheduler(n_workers=n)
    if re.fullmatch(r"[a-z]+://[^\s/]+", spec):
        return Scheduler(address=spec)
    raise SchedulerError(f"--scheduler {spec}: expected local, local:N or an address such as tcp://HOST:8786")


# --- worker side ------------------------------------------------------------------------


class FileJob(NamedTuple):
    """A file for a worker to read (a path on storage the workers share), and its stored
    hash when the stored rows are current: then an unchanged file is not analyzed again."""

    path: str
    current_sha: str | None


class Outcome(NamedTuple):
    """What a worker hands back for one document: its result (None: the file is the one
    stored), and for a file it read, the file's fingerprint (None when not settled) and hash."""

    result: DocumentResult | None
    fingerprint: str | None = None
    sha: str | None = None


_models_lock = threading.Lock()


def _load_models_once() -> None:
    """``load_models`` under a lock: the loader thread started when the worker came up and
    the first task may both ask for them."""
    with _models_lock:
        load_models()


def analyze_batch(items: list[SourceDocument | FileJob], max_bytes: int = DEFAULT_MAX_BYTES
                  ) -> tuple[list[Outcome], tuple[str, str]]:
    """Runs on a worker: files read, the documents through ``process_documents`` (one
    batched GiNZA pass), and the versions that ran."""
    read = [_read(item, max_bytes) for item in items]
    sources = [src for src, _, _ in read if src is not None]
    _crash_if_asked(sources)
    _load_models_once()
    results = iter(process.process_documents(sources))
    outcomes = [Outcome(next(results) if src is not None else None, fp, sha) for src, fp, sha in read]
    return outcomes, _code_versions()


def _read(item: SourceDocument | FileJob, max_bytes: int) -> tuple[SourceDocument | None, str | None, str | None]:
    """(document or None when unchanged, fingerprint, hash) of one item of a batch."""
    if isinstance(item, SourceDocument):
        return item, None, None
    path = input_path(item.path)
    before = fingerprint(path)
    try:
        data = path.read_bytes() if path.stat().st_size <= max_bytes else None
    except OSError:
        data = None  # read_documents reads again and says why in the error row
    sha = sha256(data) if data is not None else None
    settled = before if data is not None and before == fingerprint(path) and _settled(before) else None
    if sha is not None and sha == item.current_sha:
        return None, settled, sha
    return next(iter(read_documents(path, max_bytes, data))), settled, sha


def fingerprint(path: Path | UrlPath) -> str | None:
    """Size and modification time of a file (of an object: size and version, such as its
    ETag), None when it cannot be stat'ed."""
    try:
        st = path.stat()
    except OSError:
        return None
    if isinstance(path, UrlPath):
        return f"{st.st_size}:{st.version}" if st.version else None
    return f"{st.st_size}:{st.st_mtime_ns}"


def _settled(fp: str | None) -> bool:
    """Modified long enough ago that a change now would show in its mtime (an object's
    version changes with every write)."""
    if fp is None:
        return False
    mtime = fp.split(":", 1)[1]
    return not mtime.isdigit() or int(mtime) < time.time_ns() - SETTLED_NS


def _crash_if_asked(sources: list[SourceDocument]) -> None:
    marker = os.environ.get(CRASH_ENV)
    if marker and any(marker in src.text for src in sources):
        os._exit(70)


def _code_versions() -> tuple[str, str]:
    from pipeline.run import pipeline_version, rules_version

    return pipeline_version(), rules_version()


def dask_setup(worker) -> None:
    """``dask worker --preload pipeline.distributed``: the models start loading when the
    worker starts, before any client connects."""
    _prepare(worker)


def _prepare(worker) -> None:
    """Stop Dask's profiler and start loading the models in the background.

    The profiler samples the task thread's stack every 10 ms; on spaCy's deep stacks that
    cost about a fifth more CPU per document (measured, see the README). The models load
    in a thread so that the client goes on planning meanwhile; the first task waits for them.
    """
    for name in ("profile", "profile-cycle"):
        callback = worker.periodic_callbacks.pop(name, None)
        if callback is not None:
            callback.stop()
    threading.Thread(target=_load_models_once, name="jreports-load-models", daemon=True).start()


def _plugin(sentence_store: Path | None = None):
    from distributed import WorkerPlugin

    class PrepareWorker(WorkerPlugin):
        """On every worker, also one that starts (or restarts) later: ``_prepare``, and the
        sentence cache. A worker on the client's machine shares the client's
        ``DIR/analysis-cache.sqlite`` (as the local pool's workers do: a sentence parsed by
        one is not parsed again by another); elsewhere, ``JREPORTS_SENTENCE_CACHE`` on the
        worker names an SQLite file of its own (a local disk, shared by the machine's
        workers), or sentences are cached in memory only.
        """

        name = "jreports-prepare-worker"

        def __init__(self, client_host: str, store: str | None):
            self.client_host, self.store = client_host, store

        def setup(self, worker) -> None:
            _prepare(worker)
            path = self.store if socket.gethostname() == self.client_host else None
            path = path or os.environ.get("JREPORTS_SENTENCE_CACHE")
            use_sentence_store(Path(path) if path else None)

    return PrepareWorker(socket.gethostname(), str(sentence_store) if sentence_store else None)


# --- client side ------------------------------------------------------------------------


@contextmanager
def connect(spec: str):
    """A ``distributed.Client`` for ``spec``; a cluster started here is closed on exit."""
    from distributed import Client

    where = parse_scheduler(spec)
    if where.address:
        with Client(where.address) as client:
            yield client
        return
    with local_cluster(where.n_workers) as cluster, Client(cluster) as client:
        yield client


@contextmanager
def local_cluster(n_workers: int | None):
    """A ``LocalCluster`` of ``n_workers`` one-thread processes on the loopback interface.

    The models load here first, and the worker processes are forked from this one (Dask's
    ``multiprocessing-method: fork``, kept while the cluster lives, so a restarted worker
    is forked too): they start with the models loaded and share their pages, as the local
    pool's workers do, instead of each importing and loading them after a spawn.
    """
    import dask
    from distributed import LocalCluster

    load_models()
    gc.freeze()  # the workers' garbage collector leaves the inherited objects (and their pages) alone
    with _quiet_cluster_logs(), dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          "distributed.scheduler.worker-saturation": WORKER_SATURATION,
                          "distributed.worker.multiprocessing-method": "fork"}):
        with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster:
            yield cluster


# Dask's loggers below this level while a forked cluster lives. Its workers are forked from
# threads of this process while its event-loop thread logs the cluster's start (INFO, to
# stderr): a worker forked while that thread held the stream's buffer lock waited on the lock
# for ever at its own first INFO line (seen as a hung LocalCluster start in CI). Warnings
# and errors still go out.
CLUSTER_LOG_LEVEL = logging.WARNING


@contextmanager
def _quiet_cluster_logs() -> Iterator[None]:
    """Dask's INFO logging off while the cluster lives; the old level back after."""
    logger = logging.getLogger("distributed")
    old = logger.level
    logger.setLevel(max(old, CLUSTER_LOG_LEVEL))
    try:
        yield
    finally:
        logger.setLevel(old)


class FileHashes:
    """The content hash of each file a worker read, by path and fingerprint (size and
    mtime), in ``DIR/file-hashes.sqlite``: a re-run knows an unchanged file without reading
    it, as make, rsync and git do. A file whose fingerprint differs goes to a worker, which
    reads it and hands it back unanalyzed when its hash is the stored one. A cache: deleting
    the file costs one reading of every input by the workers."""

    def __init__(self, path: Path):
        self.path = path
        self.pending: list[tuple[bytes, str, str]] = []
        self._con: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = sqlite3.connect(self.path, timeout=60)
            self._con.execute("CREATE TABLE IF NOT EXISTS files "
                              "(path BLOB PRIMARY KEY, fingerprint TEXT, sha256 TEXT) WITHOUT ROWID")
        return self._con

    def known(self, path: Path) -> str | None:
        """The file's hash if its fingerprint is the one recorded with it, else None."""
        fp = fingerprint(path)
        if fp is None:
            return None
        row = self._connection().execute("SELECT fingerprint, sha256 FROM files WHERE path = ?",
                                         (_key(path),)).fetchone()
        return row[1] if row and row[0] == fp else None

    def remember(self, path: Path, fp: str, sha: str) -> None:
        self.pending.append((_key(path), fp, sha))

    def save(self) -> None:
        if not self.pending:
            return
        con = self._connection()
        with con:
            con.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", self.pending)
        self.pending = []


def _key(path: Path | UrlPath) -> bytes:
    return os.fsencode(str(path))


@dataclass
class _Slot:
    """One batch: its tasks, its futures (one for the batch, or one per document after a
    failure: ``tries`` counts each document's attempts)."""

    tasks: list
    futures: list = field(default_factory=list)
    tries: list[int] | None = None  # None while the batch runs whole

    def done(self) -> bool:
        return all(f.done() for f in self.futures)


def processed_on_cluster(tasks: Iterator[Any], spec: str, window: int | None = None, hashes: FileHashes | None = None,
                         max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[Any, tuple | None]]:
    """(task, (src, rows)) for every task, in input order, analyzed on the cluster ``spec``;
    (task, None) for a file a worker found unchanged.

    ``tasks`` are ``pipeline.run.Task`` objects (a document read here, ``.src``, or a file
    for a worker to read, ``.path``); file hashes reported by the workers go to ``hashes``.
    """
    with connect(spec) as client:
        client.register_plugin(_plugin(sentence_cache().store.path if sentence_cache().store else None))
        threads = sum(client.nthreads().values())
        yield from _results(client, tasks, window or SLOTS_PER_THREAD * max(1, threads), hashes, max_bytes, threads)


def _results(client, tasks: Iterator[Any], window: int, hashes: FileHashes | None = None,
             max_bytes: int = DEFAULT_MAX_BYTES, threads: int = 1) -> Iterator[tuple[Any, tuple | None]]:
    from distributed import as_completed

    batches = _batches(tasks, max(1, threads))
    slots: deque[_Slot] = deque()
    owner: dict[str, _Slot] = {}
    pending = as_completed()
    expected = _code_versions()

    def submit(slot: _Slot, items: list, i: int | None = None) -> None:
        future = client.submit(analyze_batch, [_job(t) for t in items], max_bytes, pure=False)
        if i is None:
            slot.futures.append(future)
        else:
            slot.futures[i] = future
        owner[future.key] = slot
        pending.add(future)

    def top_up() -> None:
        while len(slots) < window:
            batch = next(batches, None)
            if batch is None:
                return
            slots.append(_Slot(batch))
            submit(slots[-1], batch)

    retried: set[str] = set()  # failed futures already through _retry

    def failed(slot: _Slot, future) -> None:
        if future.status == "error" and future.key not in retried:
            retried.add(future.key)
            _retry(slot, future, submit)

    def ready() -> Iterator[tuple[Any, tuple | None]]:
        while slots and slots[0].done():
            for f in list(slots[0].futures):  # one lost with its worker may have failed unseen
                failed(slots[0], f)
            if not slots[0].done():
                break
            done = slots.popleft()
            for f in done.futures:
                owner.pop(f.key, None)
            yield from _handed_back(done, expected, hashes)
        top_up()

    try:
        top_up()
        while slots:
            for future in pending:
                slot = owner.get(future.key)
                if slot is None:  # handed back already, or replaced by a retry
                    continue
                failed(slot, future)
                yield from ready()
            yield from ready()
            # Ran dry with slots waiting: a result lost with a dead worker is being computed again.
            pending.update(f for s in slots for f in s.futures if not f.done())
    finally:
        client.cancel([f for s in slots for f in s.futures])


def _retry(slot: _Slot, future, submit) -> None:
    """A batch that failed goes again one document per task (a worker that died may have
    been killed by one of them); a document whose worker died is tried again, up to
    MAX_TRIES in all. A document that raised (not a dead worker) is not tried again."""
    if slot.tries is None:
        if len(slot.tasks) == 1 and not _worker_died(future):
            return
        slot.futures, slot.tries = [None] * len(slot.tasks), [1] * len(slot.tasks)
        for i, task in enumerate(slot.tasks):
            slot.tries[i] += 1
            submit(slot, [task], i)
        return
    i = next(k for k, f in enumerate(slot.futures) if f.key == future.key)
    if _worker_died(future) and slot.tries[i] < MAX_TRIES:
        slot.tries[i] += 1
        submit(slot, [slot.tasks[i]], i)


def _worker_died(future) -> bool:
    from distributed import KilledWorker

    return isinstance(future.exception(), KilledWorker)


def _job(task) -> SourceDocument | FileJob:
    return task.src if task.src is not None else FileJob(str(task.path), task.current_sha)


def _batches(tasks: Iterator[Any], threads: int = 1) -> Iterator[list]:
    """Batches of up to BATCH_DOCS documents or BATCH_CHARS characters; the last ones
    smaller, so that the workers run out of work together rather than one finishing a
    full batch alone. The input is read ahead by two full batches per worker thread."""
    tasks = iter(tasks)
    ahead: deque[tuple[Any, int]] = deque()
    ahead_chars, exhausted = 0, False
    while True:
        while not exhausted and ahead_chars < 2 * threads * BATCH_CHARS:
            task = next(tasks, None)
            if task is None:
                exhausted = True
                break
            ahead.append((task, _size(task)))
            ahead_chars += ahead[-1][1]
        if not ahead:
            return
        limit = BATCH_CHARS
        if exhausted:  # the tail: pieces of a quarter of each thread's share
            limit = max(BATCH_CHARS // 8, min(BATCH_CHARS, ahead_chars // (4 * threads)))
        batch, chars = [], 0
        while ahead and len(batch) < BATCH_DOCS and chars < limit:
            task, size = ahead.popleft()
            batch.append(task)
            chars += size
            ahead_chars -= size
        yield batch


def _size(task) -> int:
    """Characters of a document read here; for a file, its bytes / 3 (UTF-8 Japanese)."""
    if task.src is not None:
        return len(task.src.text)
    try:
        return task.path.stat().st_size // 3
    except OSError:
        return 0


def _handed_back(slot: _Slot, expected: tuple[str, str], hashes: FileHashes | None
                 ) -> Iterator[tuple[Any, tuple | None]]:
    """The slot's results in task order; a document whose future failed becomes an error row."""
    groups = [slot.tasks] if slot.tries is None else [[t] for t in slot.tasks]
    for k, (group, future) in enumerate(zip(groups, slot.futures)):
        if future.status != "finished":
            for task in group:
                yield task, _failed(task, future, slot.tries[k] if slot.tries else 1)
            continue
        outcomes, versions = future.result()
        if versions != expected:
            raise RuntimeError(f"a worker runs pipeline {versions[0]} / rules {versions[1]}, this client "
                               f"{expected[0]} / {expected[1]}: install the same code on every worker")
        for task, outcome in zip(group, outcomes):
            if hashes is not None and outcome.fingerprint and outcome.sha:
                hashes.remember(task.path, outcome.fingerprint, outcome.sha)
            yield task, outcome.result


def _failed(task, future, tries: int) -> DocumentResult:
    exc = future.exception() if future.status == "error" else None
    if exc is None:
        why = future.status
    elif _worker_died(future):
        why = f"its worker died each time it was tried ({tries} times)"
    else:
        why = f"{type(exc).__name__}: {exc}"
    src = task.src or SourceDocument(doc_id=task.doc_id, path=display_path(task.path), source_id=None,
                                     format=task.path.suffix.lower().lstrip("."), encoding=None,
                                     sha256=sha256(b""), text="")
    name = f"{src.path} (id {src.source_id})" if src.source_id else src.path
    failed = replace(src, status="error", error=f"{name}: failed on the cluster: {why}")
    return DocumentResult(failed, document_rows(failed, None))
