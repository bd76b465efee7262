"""The incremental batch run: which documents are new, changed, unchanged or removed.

A document is re-processed when its content hash, the pipeline version (a hash of the
package's code) or the rules version (a hash of ``pipeline/rules/``) differs from its
manifest row, or with ``force``. Each processed document is committed on its own, so a
killed run loses at most the document in flight and the next run picks up the rest.
"""
from __future__ import annotations

import gc
import hashlib
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from multiprocessing import Pipe, get_context
from pathlib import Path
from queue import SimpleQueue

from pipeline.ingest import DEFAULT_MAX_BYTES, discover, display_path, doc_id_for, read_documents, sha256
from pipeline.records import SourceDocument
from pipeline.schema import MENTION_TABLES
from pipeline.storage import is_url
from pipeline.store import SQLITE_NAME, OutDirLock, Store
from pipeline.timings import phase, timed

PACKAGE_DIR = Path(__file__).resolve().parent

# A plan of fewer documents than this per worker (a re-run after a few files changed) is
# processed in this process: forking workers and loading GiNZA for them costs more.
SMALL_PLAN_PER_WORKER = 2


def process_document(src: SourceDocument):
    """``pipeline.process.process_document``, imported on first use: the extractors' and
    spaCy's imports are not paid by a run with nothing to process."""
    from pipeline.process import process_document as process

    return process(src)


def load_models() -> None:
    from pipeline.analyze import load_models as load

    load()


def load_light_models() -> None:
    from pipeline.analyze import load_light_models as load

    load()


def ginza_reads_every_sentence() -> bool:
    """Whether GiNZA's entities are read (``JREPORTS_NER=ginza``): then every sentence goes
    to GiNZA, and each worker had better have the model itself."""
    from pipeline.analyze import ner_source

    return ner_source() == "ginza"


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    from pipeline import __version__

    return f"{__version__}+{_tree_hash(PACKAGE_DIR, '*.py')}"


@lru_cache(maxsize=1)
def rules_version() -> str:
    return _tree_hash(PACKAGE_DIR / "rules", "*")


def _tree_hash(root: Path, pattern: str) -> str:
    h = hashlib.sha1()
    for p in sorted(root.rglob(pattern)):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


@dataclass
class RunSummary:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # rows per mention table, this run
    chars: int = 0
    seconds: float = 0.0
    seen: set = field(default_factory=set)  # doc_ids found in the inputs
    skipped: list = field(default_factory=list)  # files of unsupported types found in folders
    rebuilt: bool = False  # derived tables rewritten though no document changed

    @property
    def processed(self) -> int:
        return self.new + self.changed

    def lines(self) -> list[str]:
        out = [f"documents: {self.new} new, {self.changed} changed, {self.unchanged} unchanged, "
               f"{self.removed} removed, {self.failed} failed"]
        if self.processed == 0 and not self.removed:
            out.append("derived tables rebuilt: the last run did not finish writing them" if self.rebuilt
                       else "nothing to do: every document is up to date")
        if self.counts:
            out.append("rows: " + ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())))
        rate = f" ({self.chars / self.seconds:,.0f} chars/s)" if self.seconds and self.chars else ""
        out.append(f"time: {self.seconds:.1f} s{rate}")
        out.extend(f"failed: {msg}" for msg in self.failures)
        if self.skipped:
            out.append(skipped_line(self.skipped))
        return out


LAST_RUN = "last_run.json"  # the last run's summary, for the report (``pipeline.report``)


def save_last_run(out_dir: Path | str, summary: RunSummary) -> Path:
    """Keep a run's summary in ``DIR/last_run.json`` for the report."""
    import json
    from datetime import datetime, timezone

    path = Path(out_dir) / LAST_RUN
    record = {k: getattr(summary, k) for k in ("new", "changed", "unchanged", "removed", "failed", "seconds")}
    record.update(failures=list(summary.failures), counts=dict(summary.counts),
                  finished_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def skipped_line(paths: list[Path], shown: int = 5) -> str:
    """One summary line for files of unsupported types: how many of each type, a few names."""
    kinds = Counter(p.suffix.lower() or "(no extension)" for p in paths)
    names = ", ".join(display_path(p) for p in paths[:shown])
    more = f" and {len(paths) - shown} more" if len(paths) > shown else ""
    return (f"skipped {len(paths)} file(s) of unsupported types "
            f"({', '.join(f'{k} {n}' for k, n in kinds.most_common())}): {names}{more}")


@dataclass(frozen=True)
class Task:
    """A document to process: read here (``src``), or a file a Dask worker reads (``path``;
    ``current_sha`` is its stored hash when the stored rows are current, so the worker
    hands an unchanged file back unprocessed)."""

    src: SourceDocument | None
    status: str  # 'new' or 'changed'
    path: Path | None = None
    doc_id: str | None = None
    current_sha: str | None = None


def plan(files: list[tuple[Path, Path]], manifest: dict[str, dict], force: bool,
         summary: RunSummary, progress: Callable[[int], object] | None = None,
         max_bytes: int = DEFAULT_MAX_BYTES, known_sha: Callable[[Path], str | None] | None = None) -> Iterator[Task]:
    """Documents to process, counting the unchanged ones into the summary as it goes.

    With ``known_sha`` (the cluster path: a file's hash when known without reading it, or
    None) files other than ``.jsonl`` are not read here: workers read them."""
    versions = (pipeline_version(), rules_version())

    def is_current(doc_id: str, sha: str | None) -> bool:
        old = manifest.get(doc_id)
        return (not force and old is not None and old["sha256"] == sha
                and (old["pipeline_version"], old["rules_version"]) == versions)

    for path, _root in files:
        if path.suffix.lower() != ".jsonl":
            # One document per file: an unchanged file is skipped before any parsing.
            doc_id = doc_id_for(path)
            sha = known_sha(path) if known_sha else _file_sha256(path)
            if is_current(doc_id, sha):
                count_unchanged(summary, manifest, doc_id, display_path(path), progress)
                continue
            if known_sha:
                summary.seen.add(doc_id)
                stored = manifest.get(doc_id, {}).get("sha256")
                yield Task(None, "new" if doc_id not in manifest else "changed", path, doc_id,
                           stored if is_current(doc_id, stored) else None)
                continue
        for src in read_documents(path, max_bytes):
            if is_current(src.doc_id, src.sha256):
                count_unchanged(summary, manifest, src.doc_id, src.path, progress)
            else:
                summary.seen.add(src.doc_id)
                yield Task(src, "new" if src.doc_id not in manifest else "changed")


def count_unchanged(summary: RunSummary, manifest: dict[str, dict], doc_id: str, path: str,
                    progress: Callable[[int], object] | None) -> None:
    summary.unchanged += 1
    summary.seen.add(doc_id)
    if manifest[doc_id].get("status") == "error":
        summary.failed += 1
        summary.failures.append(f"{path}: failed before and unchanged since")
    if progress:
        progress(1)


def _file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def removed_doc_ids(manifest: dict[str, dict], roots: set[Path], seen: set[str]) -> list[str]:
    """Stored documents under the scanned roots whose source is gone."""
    gone = []
    for doc_id, row in manifest.items():
        if doc_id in seen:
            continue
        path = Path(row["path"])
        if any(r.contains(row["path"]) if is_url(r) else path == r or r in path.parents for r in roots):
            gone.append(doc_id)
    return gone


def run(inputs: list[Path], out_dir: Path, *, workers: int = 1, force: bool = False,
        progress: Callable[[int], object] | None = None, scheduler: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES, wait: bool = True) -> RunSummary:
    """Process ``inputs`` into ``out_dir``; returns what happened.

    ``scheduler`` (``local[:N]`` or ``tcp://HOST:PORT``) analyzes on a Dask cluster
    instead of ``workers`` local processes; see ``pipeline.distributed``.
    One run writes ``out_dir`` at a time (``DIR/pipeline.lock``): a second one waits, or
    raises ``OutDirBusy`` at once with ``wait=False``.
    """
    started = time.perf_counter()
    summary = RunSummary()
    cache = Path(out_dir) / "analysis-cache.sqlite"
    with _fewer_collections(), OutDirLock(out_dir, wait=wait), _early_models(cache, scheduler) as early:
        files = discover(inputs, summary.skipped)
        with Store(out_dir) as store:
            _run_into(store, files, summary, early, cache, workers=workers, force=force, progress=progress,
                      scheduler=scheduler, max_bytes=max_bytes)
    summary.seconds = time.perf_counter() - started
    return summary


def _run_into(store: Store, files: list[tuple[Path, Path]], summary: RunSummary, early: ModelProcess | None,
              cache: Path, *, workers: int, force: bool, progress: Callable[[int], object] | None,
              scheduler: str | None, max_bytes: int) -> None:
    """``run``'s work once the output directory is locked and the store open."""
    out_dir = store.out_dir
    manifest = store.manifest()
    derived_was_current = store.derived_current()
    hashes = _file_hashes(out_dir) if scheduler else None
    tasks = timed("ingest", plan(files, manifest, force, summary, progress, max_bytes, hashes and hashes.known))
    batch = Batch(store)
    for task, result in _processed(tasks, workers, scheduler, hashes, max_bytes, cache=cache, early=early):
        if result is None:  # a worker read the file: the same as stored
            count_unchanged(summary, manifest, task.doc_id, display_path(task.path), progress)
            continue
        src, rows = result
        batch.add(src, rows)
        setattr(summary, task.status, getattr(summary, task.status) + 1)
        summary.chars += len(src.text)
        if src.status != "ok":
            summary.failed += 1
            summary.failures.append(src.error or src.path)
        for name in MENTION_TABLES:
            summary.counts[name] += len(rows.get(name, ()))
        if progress:
            progress(1)
    batch.flush()
    if hashes:
        hashes.save()
    gone = removed_doc_ids(manifest, {root for _, root in files}, summary.seen)
    store.delete_documents(gone)
    summary.removed = len(gone)
    if summary.processed or summary.removed or not derived_was_current:
        summary.rebuilt = not derived_was_current
        finalize(store)
    store.checkpoint()


@contextmanager
def _early_models(cache: Path, scheduler: str | None) -> Iterator[ModelProcess | None]:
    """On a new sentence store (``_is_new``) of a local run, GiNZA starts loading in a
    ``ModelProcess`` at once, before the inputs are listed and the store opened: on such a
    run its load is what the first document waits for. Stopped when the run ends."""
    early = ModelProcess.start() if scheduler is None and _is_new(cache) else None
    try:
        yield early
    finally:
        if early:
            early.stop()


# The garbage collector's first threshold during a run (Python's default is 700). A run
# allocates millions of container objects (rows, items, DataFrames) and keeps most of them
# until it ends; at the default every full collection walks all of them and the imported
# modules again (0.2-0.45 s of a re-run on a 1,000-document store).
RUN_GC_THRESHOLD = 100_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a run lasts; the old thresholds come back after."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], RUN_GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


class Batch:
    """Processed documents waiting to be committed together (see Store.replace_documents).
    The first document of a run is committed at once: a user sees it stored right away."""

    MAX_DOCS = 64
    MAX_SECONDS = 2.0

    def __init__(self, store: Store):
        self.store = store
        self.items: list = []
        self.since = time.perf_counter()
        self.flushed = False

    def add(self, src: SourceDocument, rows: dict[str, list[dict]]) -> None:
        self.items.append((src.doc_id, rows, {
            "path": src.path, "source_id": src.source_id, "sha256": src.sha256, "status": src.status,
            "pipeline_version": pipeline_version(), "rules_version": rules_version()}))
        if (not self.flushed or len(self.items) >= self.MAX_DOCS
                or time.perf_counter() - self.since > self.MAX_SECONDS):
            self.flush()

    def flush(self) -> None:
        with phase("store writes"):
            self.store.replace_documents(self.items)
        self.items = []
        self.since = time.perf_counter()
        self.flushed = True


# More dirty documents than this share of the store: the derived data is rewritten whole,
# which then costs less than replacing their rows one document at a time.
WHOLE_SHARE = 0.25


def finalize(store: Store) -> None:
    """Cross-document steps after the per-document ones: person ids, views, Parquet, the
    SQLite copy. Only the rows of the documents stored or deleted since the last finished
    update (``Store.dirty_doc_ids``) are redone, unless everything must be rewritten."""
    from pipeline.extractors import officials

    dirty = store.dirty_doc_ids()
    whole = (store.derived_whole() or not _derived_written(store)
             or len(dirty) > WHOLE_SHARE * store.document_count())
    if whole:
        store.mark_derived_whole()  # a run killed from here on leaves the next one to rewrite it all
    resolve = getattr(officials, "resolve_person_ids", None)
    if resolve:
        with phase("person ids"):
            names = None if whole else store.dirty_names()
            relinked = store.update_person_ids(resolve, names, getattr(officials, "normalize_name", None))
            dirty = sorted({*dirty, *relinked})
    # The tables' Parquet files (tokens.parquet is most of it) are written by DuckDB on a
    # second connection while this thread computes the views in Python.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet") as pool:
        tables = pool.submit(_write_tables_parquet, store)
        try:
            from pipeline import views
        except ImportError:
            views = None
        if views is not None:
            with phase("views"):
                views.refresh_views(store.con, None if whole else dirty)
        from pipeline.sqlite_copy import update_sqlite, write_sqlite  # DIR/pipeline.sqlite, for Datasette
        with phase("sqlite copy"):
            if whole:
                write_sqlite(store.con, store.out_dir)
            else:
                update_sqlite(store.con, store.out_dir, dirty)
        with phase("parquet"):
            tables.result()
            if views is not None:
                store.write_parquet(list(views.VIEWS))
    store.mark_derived_current()  # last: a run killed before this point is finished by the next


def _write_tables_parquet(store: Store) -> None:
    cursor = store.con.cursor()  # a connection of its own, for this thread
    try:
        store.write_parquet(store.table_names(), cursor)
    finally:
        cursor.close()


def _derived_written(store: Store) -> bool:
    """Whether every derived file and table a partial update starts from is there."""
    from pipeline.views import ITEMS_TABLE

    return store.has_table(ITEMS_TABLE) and (store.out_dir / SQLITE_NAME).exists() and all(
        (store.out_dir / f"{name}.parquet").exists() for name in store.table_names())


def _file_hashes(out_dir: Path):
    from pipeline.distributed import FileHashes

    return FileHashes(out_dir / "file-hashes.sqlite")


def _processed(tasks: Iterator[Task], workers: int, scheduler: str | None = None, hashes=None,
               max_bytes: int = DEFAULT_MAX_BYTES, cache: Path | None = None,
               early: ModelProcess | None = None) -> Iterator[tuple[Task, tuple | None]]:
    """Each task with its result; ``cache``: the sentence store (``DIR/analysis-cache.sqlite``),
    opened only when there is something to analyze; ``early``: GiNZA loading in a process
    of its own (``_early_models``), stopped here when there is nothing to analyze."""
    if scheduler:
        from pipeline.distributed import processed_on_cluster

        _use_sentence_store(cache)
        yield from processed_on_cluster(tasks, scheduler, hashes=hashes, max_bytes=max_bytes)
        return
    ahead = list(islice(tasks, workers * SMALL_PLAN_PER_WORKER))
    if not ahead:
        if early:
            early.stop()
        return
    _use_sentence_store(cache)
    try:
        yield from _processed_here(ahead, tasks, workers, early)
    finally:
        if early:
            early.stop()


def _processed_here(ahead: list[Task], tasks: Iterator[Task], workers: int,
                    early: ModelProcess | None) -> Iterator[tuple[Task, tuple | None]]:
    """``_processed`` by this process and local workers; ``early``: GiNZA loading in a
    process of its own, which parses for this one until the workers start."""
    if workers <= 1 or len(ahead) < workers * SMALL_PLAN_PER_WORKER:
        # Here, one at a time: GiNZA loads only if a sentence is not in the cache.
        for task in chain(ahead, tasks):
            yield task, process_document(task.src)
        return
    # GiNZA is in one process of its own (``early``, or one started now that loads it on
    # the first sentence it is sent), which this process and the workers send the few
    # sentences it reads (``analyze.models_for``): one copy of the model in the whole tree,
    # and none in this process. Only when GiNZA reads every sentence (its NER) do the
    # models load here, before the workers fork, shared copy-on-write.
    models = None if ginza_reads_every_sentence() else early or ModelProcess.start(load_now=False)
    # The first document is analyzed here, before the workers start, so that it is stored
    # without waiting for them. Workers analyze the rest; this process alone writes to the
    # store. Submitting in small windows keeps memory flat on large inputs.
    try:
        yield ahead[0], process_document(ahead[0].src)
        if models is None:
            if early:
                early.stop()
            load_models()
        else:
            load_light_models()
        gc.freeze()  # the garbage collector in the workers leaves the parent's objects (and their pages) alone
        with ProcessPoolExecutor(max_workers=workers, initializer=_warm_up, mp_context=get_context("fork")) as pool:
            window: list = []
            for task in chain(ahead[1:], tasks):
                window.append((task, pool.submit(process_document, task.src)))
                if len(window) >= workers * 4:
                    t, fut = window.pop(0)
                    yield t, fut.result()
            for t, fut in window:
                yield t, fut.result()
    finally:
        if models:
            models.stop()


def _is_new(cache: Path) -> bool:
    """Whether the sentence store holds nothing yet (every sentence GiNZA must read is a miss)."""
    return not cache.exists() or cache.stat().st_size == 0


class ModelProcess:
    """GiNZA in a process of its own. Forked when a run starts on a new sentence store
    (``_is_new``), it loads the model while this process imports the extractors and reads,
    normalizes and tokenizes the first document, so the first document waits for the
    model's load only as long as that load outlasts this work (on two cores); it then
    serves the local workers too (``_processed_here``), so that the tree holds one copy of
    the model. Until ``stop`` (or until the model is loaded in the asking process),
    ``analyze.run_ginza`` sends it the sentences, from this process and from the workers
    forked from it (each connects on its own to the process's socket); the analyses come
    back as the same ``ParsedSentence`` objects, one request at a time."""

    def __init__(self, listener, authkey: bytes, proc):
        self._listener, self._authkey, self._proc = listener, authkey, proc
        self._conn = None
        self._pid = None  # the process self._conn belongs to
        self._stopped = False

    @classmethod
    def start(cls, load_now: bool = True) -> ModelProcess:
        """Fork the process; it loads GiNZA at once (``load_now``) or on the first request."""
        from multiprocessing.connection import Listener

        from pipeline.analyze import use_model_process

        authkey = os.urandom(32)
        listener = Listener(family="AF_UNIX", backlog=16, authkey=authkey)
        ctx = get_context("fork")
        proc = ctx.Process(target=_serve_models, args=(listener, load_now), name="jreports-model", daemon=True)
        proc.start()
        server = cls(listener, authkey, proc)
        use_model_process(server)
        return server

    def parse(self, texts: list[str], model: str, batch_size: int) -> list:
        conn = self._connection()
        conn.send((texts, model, batch_size))
        ok, value = conn.recv()
        if not ok:
            raise RuntimeError(f"the model process failed: {value}")
        return value

    def _connection(self):
        """This process's connection to the model process (a forked worker opens its own)."""
        from multiprocessing.connection import Client

        if self._conn is None or self._pid != os.getpid():
            self._conn = Client(self._listener.address, family="AF_UNIX", authkey=self._authkey)
            self._pid = os.getpid()
        return self._conn

    def stop(self) -> None:
        """End the process (again: nothing)."""
        from pipeline.analyze import use_model_process

        if self._stopped:
            return
        self._stopped = True
        use_model_process(None)
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join()
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._listener.close()


def _serve_models(listener, load_now: bool) -> None:
    """The ``ModelProcess``: load GiNZA (now, or on the first request), and parse what the
    connected processes send, one request at a time, in this thread (a thread accepts the
    connections: GiNZA's working memory then stays in one malloc arena)."""
    from multiprocessing.connection import wait

    from pipeline.analyze import use_model_process

    use_model_process(None)  # this process is the one that loads the model
    _die_with_parent()
    new: SimpleQueue = SimpleQueue()
    wake_r, wake_w = Pipe(duplex=False)
    threading.Thread(target=_accept, args=(listener, new, wake_w), daemon=True).start()
    if load_now:
        load_models()
    conns: list = []
    while True:
        for ready in wait([wake_r, *conns]):
            if ready is wake_r:
                wake_r.recv_bytes()
                conns.append(new.get())
            elif not _answer(ready):
                conns.remove(ready)


def _accept(listener, new: SimpleQueue, wake) -> None:
    from multiprocessing import AuthenticationError

    while True:
        try:
            conn = listener.accept()
        except (AuthenticationError, EOFError, ConnectionError):
            continue
        new.put(conn)
        wake.send_bytes(b"")


def _answer(conn) -> bool:
    """Answer one request on ``conn``; False when the other end has closed it."""
    from pipeline.analyze import run_ginza

    try:
        texts, model, batch_size = conn.recv()
    except (EOFError, OSError):
        conn.close()
        return False
    try:
        answer = (True, run_ginza(texts, model, batch_size))
    except Exception as e:  # noqa: BLE001 - reported to the process that asked
        answer = (False, repr(e))
    try:
        conn.send(answer)
    except OSError:  # the asking process is gone
        conn.close()
        return False
    finally:
        _release_free_memory()
    return True


def _release_free_memory() -> None:
    """Give the memory a request freed back to the system (glibc keeps it for reuse, and a
    long-lived model process otherwise grows with every odd-sized batch)."""
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):
        pass


@lru_cache(maxsize=1)
def _libc():
    import ctypes

    return ctypes.CDLL(None)


def _use_sentence_store(path: Path | None) -> None:
    from pipeline.analyze import use_sentence_store

    use_sentence_store(path)


def _warm_up() -> None:
    _die_with_parent()
    if ginza_reads_every_sentence():
        load_models()
    else:
        load_light_models()


def _die_with_parent() -> None:
    """Make this worker process end when the main process does, even by kill -9.

    Linux: the kernel sends SIGKILL on the parent's death (prctl PR_SET_PDEATHSIG).
    Elsewhere, and as a fallback, a daemon thread polls the parent pid.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
