"""The analyze step on a Dask cluster: batches of documents out, table rows back.

``pipeline.run`` hands this module the documents it has planned (new or changed ones
only) instead of giving them to its local process pool. Workers run the local path's
``process.process_documents`` over a batch (one batched GiNZA pass); the client alone
writes the store, so the per-document transactions, the manifest and the incremental
logic are those of a local run.

- Work unit: a batch of documents (up to ``BATCH_DOCS`` documents or ``BATCH_CHARS``
  characters), so tiny documents do not each pay the scheduler's per-task cost, while
  batches stay small enough to spread evenly over the workers.
- Models load once per worker, when it starts (``PrepareWorker``, a worker plugin).
- What crosses the network: ``SourceDocument`` records out, plain row dicts back (the
  same picklable values the local pool exchanges). Never the DuckDB connection.
- Backpressure: at most ``window`` batches are submitted and not yet handed back (a few
  per worker thread, so a slow batch at the head does not leave workers idle), so the
  client's memory does not grow with the input. Results are handed back in input order
  (a later batch that finishes first waits in the window), so the store's rows come in
  the same order as a local run's.
- Failures: the scheduler re-runs a batch whose worker died (``ALLOWED_FAILURES`` times
  on a cluster started here; the scheduler's own setting on a remote one). A batch that
  still fails is split and its documents sent one by one; a document that fails alone
  becomes an error row naming it, and the run goes on.
- Ctrl-C (or any exception in the caller) cancels every future still out.

Dask is imported only here, and this module only when ``--scheduler`` is given.
"""
from __future__ import annotations

import gc
import os
import re
import socket
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline import process
from pipeline.analyze import load_models, sentence_cache, use_sentence_store
from pipeline.process import document_rows
from pipeline.records import SourceDocument

BATCH_DOCS = 16
BATCH_CHARS = 8_000  # a few seconds of work: the scheduler's cost per task (~1 ms) is noise
SLOTS_PER_THREAD = 4  # batches out or waiting to be written, per worker thread
ALLOWED_FAILURES = 2  # re-runs of a task whose worker died (Dask's allowed-failures)
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


_models_lock = threading.Lock()


def _load_models_once() -> None:
    """``load_models`` under a lock: the loader thread started when the worker came up and
    the first task may both ask for them."""
    with _models_lock:
        load_models()


def analyze_batch(sources: list[SourceDocument]) -> tuple[list[process.DocumentResult], tuple[str, str]]:
    """Runs on a worker: the batch through ``process_documents``, and the versions that ran."""
    _load_models_once()
    return process.process_documents(sources), _code_versions()


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
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          "distributed.worker.multiprocessing-method": "fork"}):
        with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster:
            yield cluster


@dataclass
class _Slot:
    """One submitted batch: its tasks, its futures (one, or one per document after a split)."""

    tasks: list
    futures: list = field(default_factory=list)
    split: bool = False

    def done(self) -> bool:
        return all(f.done() for f in self.futures)


def processed_on_cluster(tasks: Iterator[Any], spec: str, window: int | None = None) -> Iterator[tuple[Any, tuple]]:
    """(task, (src, rows)) for every task, in input order, analyzed on the cluster ``spec``.

    ``tasks`` are ``pipeline.run.Task`` objects (anything with a ``.src``).
    """
    with connect(spec) as client:
        client.register_plugin(_plugin(sentence_cache().store.path if sentence_cache().store else None))
        yield from _results(client, tasks, window or SLOTS_PER_THREAD * max(1, sum(client.nthreads().values())))


def _results(client, tasks: Iterator[Any], window: int) -> Iterator[tuple[Any, tuple]]:
    from distributed import as_completed

    batches = _batches(tasks)
    slots: deque[_Slot] = deque()
    pending = as_completed()
    expected = _code_versions()

    def submit(slot: _Slot) -> None:
        sources = [t.src for t in slot.tasks]
        groups = [[s] for s in sources] if slot.split else [sources]
        slot.futures = [client.submit(analyze_batch, g, pure=False) for g in groups]
        pending.update(slot.futures)

    def top_up() -> None:
        while len(slots) < window:
            batch = next(batches, None)
            if batch is None:
                return
            slots.append(_Slot(batch))
            submit(slots[-1])

    try:
        top_up()
        for future in pending:
            slot = next((s for s in slots if future in s.futures), None)
            if slot is None:  # a batch's future cancelled when it was split
                continue
            if future.status == "error" and not slot.split and len(slot.tasks) > 1:
                client.cancel(slot.futures)
                slot.split = True
                submit(slot)  # find the one document that fails; its batch-mates go through
                continue
            while slots and slots[0].done():
                yield from _handed_back(slots.popleft(), expected)
            top_up()
    finally:
        client.cancel([f for s in slots for f in s.futures])


def _batches(tasks: Iterator[Any]) -> Iterator[list]:
    batch, chars = [], 0
    for task in tasks:
        batch.append(task)
        chars += len(task.src.text)
        if len(batch) >= BATCH_DOCS or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _handed_back(slot: _Slot, expected: tuple[str, str]) -> Iterator[tuple[Any, tuple]]:
    """The slot's results in task order; a document whose future failed becomes an error row."""
    groups = [[t] for t in slot.tasks] if slot.split else [slot.tasks]
    for group, future in zip(groups, slot.futures):
        if future.status != "finished":
            for task in group:
                yield task, _failed(task.src, future)
            continue
        processed, versions = future.result()
        if versions != expected:
            raise RuntimeError(f"a worker runs pipeline {versions[0]} / rules {versions[1]}, this client "
                               f"{expected[0]} / {expected[1]}: install the same code on every worker")
        yield from zip(group, processed)


def _failed(src: SourceDocument, future) -> tuple[SourceDocument, dict[str, list[dict]]]:
    exc = future.exception() if future.status == "error" else None
    why = f"{type(exc).__name__}: {exc}" if exc is not None else future.status
    name = f"{src.path} (id {src.source_id})" if src.source_id else src.path
    failed = replace(src, status="error", error=f"{name}: failed on the cluster: {why}")
    return failed, document_rows(failed, None)
