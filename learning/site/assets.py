"""Static files with a content hash in their URLs, cached for a year.

``url_for('static', filename=...)`` adds ``?v=<hash of the file>``; a request that carries the current hash is
served with a one-year immutable lifetime, any other with a short one. Hashes are computed once per file.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, request

_hashes: dict[Path, str] = {}


def file_hash(path: Path) -> str:
    """The first 12 hex digits of the file's SHA-256 (cached for the life of the process)."""
    digest = _hashes.get(path)
    if digest is None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        _hashes[path] = digest
    return digest


def register_assets(app: Flask) -> None:
    """Add content hashes to static URLs and long cache lifetimes to hashed requests."""
    static_root = Path(app.static_folder or "static")

    @app.url_defaults
    def _hash_static_urls(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            path = static_root / values["filename"]
            if path.is_file():
                values["v"] = file_hash(path)

    @app.after_request
    def _cache_static(response):
        if request.endpoint == "static" and response.status_code == 200:
            filename = (request.view_args or {}).get("filename", "")
            path = static_root / filename
            if request.args.get("v") and path.is_file() and request.args["v"] == file_hash(path):
                response.cache_control.public = True
                response.cache_control.max_age = app.config["STATIC_MAX_AGE"]
                response.cache_control.immutable = True
            else:
                response.cache_control.max_age = 300
        return response
