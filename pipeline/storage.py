"""Inputs named by URL: object storage and other fsspec file systems.

``python -m pipeline run s3://bucket/reports/ --out DIR`` (or ``gcs://``, ``file:///…``,
``memory://`` in tests) reads through `fsspec <https://filesystem-spec.readthedocs.io>`_,
when it is installed (it comes with the ``dask`` extra; ``s3fs`` or ``gcsfs`` add their
protocols). It is not a core dependency: a URL input without it is a usage error.

A ``UrlPath`` offers the few ``pathlib.Path`` members the ingest and the runner use
(``suffix``, ``name``, ``stat``, ``read_bytes``, ``resolve``), so a URL file goes through
the same readers as a local one. Its ``doc_id`` hashes the URL, as a local file's hashes
its resolved path; ``documents.path`` holds the URL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import Any

_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")
# What changes when an object is rewritten, by file system (S3's ETag, GCS's md5Hash …).
_VERSION_KEYS = ("ETag", "etag", "md5Hash", "md5", "mtime", "LastModified", "last_modified", "updated", "created")


class NeedsFsspec(ValueError):
    """A URL input while fsspec is not installed."""


def is_url(item: Any) -> bool:
    return isinstance(item, UrlPath) or (isinstance(item, str) and _URL.match(item) is not None)


def input_path(text: str) -> Path | UrlPath:
    """A command-line input: a URL, or a local path."""
    return UrlPath(text) if is_url(text) else Path(text)


@dataclass(frozen=True)
class UrlPath:
    url: str

    def __str__(self) -> str:
        return self.url

    @property
    def _fs_path(self) -> tuple[Any, str]:
        try:
            import fsspec
        except ImportError:
            raise NeedsFsspec(f"{self.url}: reading URLs needs fsspec: pip install '.[dask]' "
                              "(and s3fs or gcsfs for s3:// or gcs://)") from None
        return fsspec.core.url_to_fs(self.url)

    @property
    def name(self) -> str:
        return PurePosixPath(self.url.split("://", 1)[1]).name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix

    def resolve(self) -> UrlPath:
        return self

    def exists(self) -> bool:
        fs, path = self._fs_path
        return fs.exists(path)

    def is_dir(self) -> bool:
        fs, path = self._fs_path
        return fs.isdir(path)

    def is_file(self) -> bool:
        fs, path = self._fs_path
        return fs.isfile(path)

    def stat(self) -> SimpleNamespace:
        """``st_size``, and ``version``: what changes when the object is rewritten."""
        fs, path = self._fs_path
        try:
            info = fs.info(path)
        except FileNotFoundError as exc:
            raise OSError(2, "no such file", self.url) from exc
        version = next((str(info[k]) for k in _VERSION_KEYS if info.get(k) is not None), None)
        return SimpleNamespace(st_size=info.get("size") or 0, version=version)

    def read_bytes(self) -> bytes:
        fs, path = self._fs_path
        try:
            return fs.cat_file(path)
        except FileNotFoundError as exc:
            raise OSError(2, "no such file", self.url) from exc

    def files(self) -> list[UrlPath]:
        """Every file under this URL (itself when it names a file), sorted."""
        fs, path = self._fs_path
        if fs.isdir(path):
            return [UrlPath(fs.unstrip_protocol(p)) for p in sorted(fs.find(path))]
        if fs.isfile(path):
            return [self.canonical()]
        raise FileNotFoundError(f"{self.url}: no such file or folder")

    def canonical(self) -> UrlPath:
        """The URL as fsspec spells it (``memory://a`` → ``memory:///a``)."""
        fs, path = self._fs_path
        return UrlPath(fs.unstrip_protocol(path))

    def contains(self, url: str) -> bool:
        root = self.url.rstrip("/")
        return url == root or url.startswith(root + "/")
