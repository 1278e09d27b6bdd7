"""Static files with a content hash in their URLs, cached for a year.

``url_for('static', filename=...)`` adds ``?v=<hash of the file>``; a request that carries the current hash is
served with a one-year immutable lifetime, any other with a short one. Hashes are computed once per file.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, request

_hashes: dict[Path, str | None] = {}
COMPRESSED_FILE_ENDPOINTS = frozenset({"static", "learn.media", "learn.service_worker"})


def file_hash(path: Path) -> str | None:
    """The first 12 hex digits of the file's SHA-256, None when there is no such file; looked up once per
    process (url_for runs on every page render, so no file system call on that path after the first)."""
    if path not in _hashes:
        _hashes[path] = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else None
    return _hashes[path]


def register_assets(app: Flask) -> None:
    """Add content hashes to static URLs and long cache lifetimes to hashed requests."""
    static_root = Path(app.static_folder or "static")

    @app.url_defaults
    def _hash_static_urls(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = file_hash(static_root / values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def _let_files_be_compressed(response):
        """Flask-Compress leaves files sent straight from disk alone (direct passthrough). CSS, scripts and SVG
        pictures are small text that gzip or brotli shrink to a third, on a link that costs by the byte: read them
        into the response so that it compresses them. Runs before Flask-Compress (registered after it)."""
        if (request.endpoint in COMPRESSED_FILE_ENDPOINTS and response.status_code == 200 and response.direct_passthrough
                and response.mimetype in app.config["COMPRESS_MIMETYPES"]):
            response.direct_passthrough = False
            response.set_data(response.get_data())
        return response

    @app.after_request
    def _cache_static(response):
        if request.endpoint == "static" and response.status_code == 200:
            filename = (request.view_args or {}).get("filename", "")
            if request.args.get("v") and request.args["v"] == file_hash(static_root / filename):
                response.cache_control.no_cache = None  # send_file's default: it made every page revalidate
                response.cache_control.public = True
                response.cache_control.max_age = app.config["STATIC_MAX_AGE"]
                response.cache_control.immutable = True
            else:
                response.cache_control.max_age = 300
        return response
