"""Upload, preview, then save: the bulk import pages."""
from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import db
from learning.auth.access import staff_required
from learning.facilitate import bp, importing, services
from learning.facilitate.scope import group_or_404, households_in_scope, township_choices
from learning.inputs import row_id

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
KEEP_SECONDS = 3600


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for old in folder.iterdir():  # uploads nobody confirmed within the hour are removed
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    return folder


def _stored(token: str) -> Path:
    if not TOKEN.match(token):
        abort(404)
    path = _folder() / f"{token}-{current_user.id}"
    if not path.exists():
        abort(404)
    return path


def _preview(filename: str, data: bytes, group=None):
    config = current_app.config
    households = importing.read_file(
        filename, data, config["IMPORT_MAX_BYTES"], config["IMPORT_MAX_ROWS"],
        max_unpacked=config.get("IMPORT_MAX_UNPACKED_BYTES", importing.MAX_UNPACKED_BYTES),
        seconds=config.get("IMPORT_READ_SECONDS", importing.READ_SECONDS))
    allowed = {t.pcode for t in township_choices(db.session, current_user)}
    if group is not None:  # a group lives in one township
        allowed &= {group.township_pcode}
    importing.validate(db.session, households, allowed, visible=households_in_scope(current_user),
                       group_township=group.township if group is not None else None)
    return households


@bp.route("/import", methods=["GET", "POST"])
@staff_required()
def import_upload():
    """Upload a CSV or XLSX file; every row is checked and shown before anything is saved."""
    group_id = request.values.get("group_id", type=row_id)
    group = group_or_404(db.session, current_user, group_id) if group_id else None
    if request.method == "GET":
        return render_template("facilitate/import.html", group=group, error=None)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("facilitate/import.html", group=group, error=_("Choose a file to upload.")), 400
    data = upload.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
    try:
        households = _preview(upload.filename, data, group)
    except importing.ImportFileError as exc:
        return render_template("facilitate/import.html", group=group, error=str(exc)), 400
    token = secrets.token_urlsafe(24)
    suffix = ".xlsx" if upload.filename.lower().endswith(".xlsx") else ".csv"
    path = _folder() / f"{token}-{current_user.id}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    ok = not any(h.problems for h in households)
    return render_template("facilitate/import_preview.html", households=households, ok=ok, token=token,
                           suffix=suffix, group=group), 200 if ok else 400


@bp.route("/import/<token>", methods=["POST"])
@staff_required()
def import_save(token: str):
    """Save every household of a checked file, all or nothing; households imported before are skipped."""
    path = _stored(token)
    group_id = request.form.get("group_id", type=row_id)
    group = group_or_404(db.session, current_user, group_id) if group_id else None
    suffix = request.form.get("suffix", ".csv")
    try:
        households = _preview(f"upload{suffix}", path.read_bytes(), group)
    except importing.ImportFileError:
        abort(400)
    if any(h.problems for h in households):
        abort(400)
    saved = services.save_import(db.session, households, current_user.id, group)
    db.session.commit()
    path.unlink(missing_ok=True)
    flash(_("%(saved)s households saved; %(skipped)s were imported before.", saved=saved,
            skipped=sum(h.already for h in households)))
    return redirect(url_for("facilitate.group", group_id=group.id) if group else url_for("facilitate.households"))
