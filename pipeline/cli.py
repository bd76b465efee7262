"""Command line: a thin layer over ``pipeline.run``, ``pipeline.evaluate``, ``pipeline.report``.

Exit codes: 0 every document processed, 1 some failed (the others are stored) or the run
could not finish (disk full, folder busy: one line says which), 2 usage.
"""
from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from pathlib import Path

from pipeline.storage import NeedsFsspec, input_path, is_url

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn folders of Japanese reports into normalized, traceable tables.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="process files and folders into DIR/pipeline.duckdb and DIR/*.parquet",
                         description="Process INPUT files and folders (recursively): .txt .md .html .htm .pdf "
                                     ".docx .jsonl. Re-runs are incremental.")
    run.add_argument("inputs", nargs="+", type=input_path, metavar="INPUT")
    run.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    run.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                     help="worker processes (default: the number of cores for 8+ files or a .jsonl, else 1)")
    run.add_argument("--force", action="store_true", help="re-process every document")
    run.add_argument("--scheduler", default=None, metavar="ADDRESS",
                     help="analyze on a Dask cluster: tcp://HOST:PORT of a running scheduler, or local[:N] "
                          "to start N worker processes here (needs the dask extra: pip install .[dask])")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--max-bytes", type=_size, default=None, metavar="SIZE",
                     help="refuse documents larger than this (a file; a line of a .jsonl) with an error row; "
                          "e.g. 50MB (default: 10MB)")
    run.add_argument("--no-wait", action="store_true",
                     help="fail at once if another run is writing DIR (default: wait for it)")

    ev = sub.add_parser("eval", help="score DIR's tables against gold files",
                        description="Precision/recall/F1 per table against GOLD_DIR/*.json "
                                    "(format of shared/gold/GUIDELINES.md); writes DIR/eval.json.")
    ev.add_argument("gold", type=Path, metavar="GOLD_DIR")
    ev.add_argument("--out", type=Path, required=True, metavar="DIR", help="a run's output folder")
    ev.add_argument("--errors", action="store_true",
                    help="also list missed (-), spurious (+) and misattributed (~) items per document, with quotes")

    rep = sub.add_parser("report", help="write DIR/report/ (index.html, a page per document and body) for reviewing",
                         description="Write DIR/report/: a small self-contained, offline site for reviewing a run.")
    rep.add_argument("--out", type=Path, required=True, metavar="DIR")

    exp = sub.add_parser("export", help="export the tables to Excel or CSV",
                         description="Export every table to an .xlsx workbook or CSV files (UTF-8 with BOM).")
    exp.add_argument("--out", type=Path, required=True, metavar="DIR", help="a run's output folder")
    exp.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    exp.add_argument("--dest", type=Path, default=None, help="where to write (default: DIR/export)")
    srv = sub.add_parser("serve", help="browse DIR/pipeline.sqlite with Datasette on 127.0.0.1",
                         description="Start Datasette on 127.0.0.1 over DIR/pipeline.sqlite (written by every run).")
    srv.add_argument("--out", type=Path, required=True, metavar="DIR", help="a run's output folder")
    srv.add_argument("--port", type=int, default=8001, metavar="PORT", help="port to listen on (default 8001)")
    return parser


def _version() -> str:
    from pipeline import __version__

    return __version__


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n}: must be 1 or more")
    return n


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]?)b?", re.IGNORECASE)


def _size(value: str) -> int:
    """A byte count: 500000, 500k, 50MB, 1.5GB (decimal units)."""
    m = _SIZE.fullmatch(value.strip())
    if not m or float(m.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size such as 50MB")
    return int(float(m.group(1)) * 1000 ** " kmg".index(m.group(2).lower() or " "))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return {"run": cmd_run, "eval": cmd_eval, "report": cmd_report, "export": cmd_export,
            "serve": cmd_serve}[args.command](args)


def cmd_run(args) -> int:
    from pipeline.ingest import DEFAULT_MAX_BYTES, discover, display_path, unsupported_reason
    from pipeline.run import run

    try:
        missing = [display_path(p) for p in args.inputs if not p.exists()]
    except NeedsFsspec as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    if args.scheduler and (problem := _scheduler_problem(args.scheduler)):
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    for p in args.inputs:
        reason = not is_url(p) and p.is_file() and unsupported_reason(p)
        if reason:
            print(f"error: {display_path(p)}: {reason}", file=sys.stderr)
            return EXIT_USAGE
    problem = _out_dir_problem(args.out)
    if problem:
        print(f"error: --out {display_path(args.out)}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    files = discover(args.inputs)
    has_jsonl = any(p.suffix.lower() == ".jsonl" for p, _ in files)  # many documents per file
    workers = args.workers or ((os.cpu_count() or 1) if has_jsonl or len(files) >= 8 else 1)
    bar = None
    if not args.quiet:
        from tqdm import tqdm

        # One step per document; a .jsonl holds an unknown number of them.
        total = None if has_jsonl else len(files)
        bar = tqdm(desc="documents", total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)
    try:
        summary = run(args.inputs, args.out, workers=max(1, workers), force=args.force,
                      progress=bar.update if bar is not None else None, scheduler=args.scheduler,
                      max_bytes=args.max_bytes or DEFAULT_MAX_BYTES, wait=not args.no_wait)
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
            bar = None
        print("interrupted: run the same command again to resume (documents already stored are kept)",
              file=sys.stderr)
        return 130
    except Exception as exc:
        message = _run_failure(exc, args.out)
        if message is None:
            raise
        if bar is not None:
            bar.close()
            bar = None
        print(f"error: {message}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.close()
    from pipeline.run import save_last_run  # the review site shows it

    save_last_run(args.out, summary)
    for line in summary.lines():
        print(line)
    print(f"output: {display_path(args.out / 'pipeline.duckdb')}")
    return EXIT_FAILED if summary.failed else EXIT_OK


def _scheduler_problem(spec: str) -> str | None:
    """Why ``--scheduler spec`` cannot work (a bad value, Dask not installed), or None."""
    from pipeline.distributed import SchedulerError, parse_scheduler

    try:
        parse_scheduler(spec)
    except SchedulerError as exc:
        return str(exc)
    try:
        import distributed  # noqa: F401
    except ImportError:
        return "--scheduler needs Dask: pip install '.[dask]'"
    return None


def _out_dir_problem(out: Path) -> str | None:
    """Why ``out`` cannot be the output folder, or None."""
    if out.exists() and not out.is_dir():
        return "exists and is not a folder; name a folder (it is created if missing)"
    parent = next((p for p in [out, *out.parents] if p.exists()), None)
    if parent is not None and not parent.is_dir():
        return f"{parent} is a file, not a folder"
    if parent is not None and not os.access(parent, os.W_OK | os.X_OK):
        return f"no permission to write in {parent}"
    return None


def _run_failure(exc: BaseException, out: Path) -> str | None:
    """One line for a run that could not finish for a reason outside the documents
    (another run, a full disk, the database held by another program); None for a bug."""
    import duckdb

    from pipeline.ingest import display_path
    from pipeline.store import DB_NAME, OutDirBusy

    text = f"{exc}".splitlines()[0] if f"{exc}" else type(exc).__name__
    db, out = display_path(out / DB_NAME), display_path(out)
    again = "run the same command again (documents already stored are kept)"
    if isinstance(exc, OutDirBusy):
        return str(exc)
    if _disk_full(exc):
        return f"{out}: disk full while writing ({text}); free some space and {again}"
    if isinstance(exc, duckdb.IOException) and "lock" in text.lower():
        return (f"{db}: the database is open in another program ({text}); "
                f"close it and {again}")
    if isinstance(exc, (OSError, duckdb.IOException)):
        return f"{out}: {type(exc).__name__}: {text}; {again}"
    return None


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return "no space left" in text or "disk is full" in text or "async write failed" in text


def cmd_eval(args) -> int:
    from pipeline.evaluate import evaluate, format_errors, format_result, write_result

    if not args.gold.is_dir():
        print(f"error: {args.gold}: not a folder of gold files", file=sys.stderr)
        return EXIT_USAGE
    if not (args.out / "documents.parquet").exists():
        print(f"error: {args.out}: no documents.parquet; run the pipeline first", file=sys.stderr)
        return EXIT_USAGE
    result = evaluate(args.gold, args.out, errors=args.errors)
    if args.errors and result["errors"]:
        print(format_errors(result))
    print(format_result(result))
    write_result(result, args.out / "eval.json")
    return EXIT_OK


def cmd_report(args) -> int:
    from pipeline.report import write_report

    if not (args.out / "pipeline.duckdb").exists():
        print(f"error: {args.out}: no pipeline.duckdb; run the pipeline first", file=sys.stderr)
        return EXIT_USAGE
    print(write_report(args.out))
    return EXIT_OK


def cmd_export(args) -> int:
    from pipeline.export import export

    if not (args.out / "pipeline.duckdb").exists():
        print(f"error: {args.out}: no pipeline.duckdb; run the pipeline first", file=sys.stderr)
        return EXIT_USAGE
    for path in export(args.out, args.dest or args.out / "export", args.format):
        print(path)
    return EXIT_OK


def cmd_serve(args) -> int:
    from pipeline.serve import serve

    if not (args.out / "pipeline.sqlite").exists() and not (args.out / "pipeline.duckdb").exists():
        print(f"error: {args.out}: no pipeline.sqlite or pipeline.duckdb; run the pipeline first", file=sys.stderr)
        return EXIT_USAGE
    return serve(args.out, args.port)


if __name__ == "__main__":
    sys.exit(main())
