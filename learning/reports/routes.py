"""Coordinators' pages: dashboard, exports and the audit log, always limited to their area."""
from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime

from flask import Response, abort, current_app, render_template, request, send_file, stream_with_context
from flask_login import current_user
from sqlalchemy import or_, select

from learning import db
from learning.auth.access import staff_required
from learning.auth.models import Role
from learning.facilitate.models import Group
from learning.i18n.translations import current_language
from learning.learn.library import catalog, text_for
from learning.places.models import State, Township
from learning.reports import bp, exports, queries
from learning.reports.audit import record
from learning.reports.filters import ReportFilter, area_states, restrict_groups
from learning.reports.forms import FilterForm
from learning.reports.models import AuditEntry
from learning.site.inputs import row_id

AUDIT_PAGE = 100


def _form() -> tuple[FilterForm, ReportFilter, list[str] | None]:
    """The filter form with only the choices in the coordinator's area; values outside it are refused (400)."""
    states = area_states(current_user)
    form = FilterForm(request.args)
    language = current_language()
    state_rows = db.session.scalars(select(State).order_by(State.pcode)) if states is None else \
        db.session.scalars(select(State).where(State.pcode.in_(states)).order_by(State.pcode))
    form.state.choices = [("", "—")] + [(s.pcode, s.name(language)) for s in state_rows]
    township_query = select(Township).order_by(Township.pcode)
    if states is not None:
        township_query = township_query.where(Township.state_pcode.in_(states))
    form.township.choices = [("", "—")] + [(t.pcode, t.name(language)) for t in db.session.scalars(township_query)]
    groups = db.session.scalars(restrict_groups(select(Group), ReportFilter(), states).order_by(Group.name))
    form.group.choices = [("", "—")] + [(str(g.id), g.name) for g in groups]
    form.course.choices = [(c.id, text_for(c.texts, language).title) for c in catalog().courses]
    if request.args and not form.validate():
        abort(400)
    return form, form.report(), states


@bp.route("/")
@staff_required(Role.COORDINATOR, Role.ADMIN)
def dashboard():
    """Figures for the filter: tables and bar charts drawn on the server."""
    form, report, states = _form()
    course = exports.course_for(catalog(), report)
    figures = queries.dashboard(db.session, report, states, course)
    return render_template("reports/dashboard.html", form=form, figures=figures, course=course,
                           bands=[label for _, _, label in queries.AGE_BANDS], query=request.query_string.decode())


def _export(report: ReportFilter, states, pseudonymised: bool, fmt: str) -> exports.Export:
    key = exports.pseudonym_key(current_app.config) if pseudonymised else None
    export = exports.Export(exports.course_for(catalog(), report), report, states, key)
    record(db.session, "export.completions", "export", None, actor_id=current_user.id, format=fmt,
           filters=report.as_dict(), rows=exports.count_rows(db.session, export), pseudonymised=pseudonymised,
           at_utc=datetime.now(UTC).isoformat())
    db.session.commit()
    return export


@bp.route("/completions.<fmt>")
@staff_required(Role.COORDINATOR, Role.ADMIN)
def completions(fmt: str):
    """The completion list as CSV or XLSX, streamed; every export is in the audit log first."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    _, report, states = _form()
    pseudonymised = request.args.get("pseudonymised") == "1"
    export = _export(report, states, pseudonymised, fmt)
    header = exports.headers(export)
    name = f"completions{'-pseudonymised' if pseudonymised else ''}-{datetime.now(UTC):%Y%m%d}.{fmt}"
    if fmt == "csv":
        body = stream_with_context(exports.csv_chunks(header, exports.rows(db.session, export)))
        response = Response(body, mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    exports.write_xlsx(path, header, exports.rows(db.session, export))
    response = send_file(path, as_attachment=True, download_name=name,
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.call_on_close(lambda: os.unlink(path))
    return response


@bp.route("/audit")
@staff_required(Role.COORDINATOR, Role.ADMIN)
def audit():
    """The audit log of your area (admins: all), newest first. Nothing here can change an entry."""
    states = area_states(current_user)
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if states is not None:
        townships = select(Township.pcode).where(Township.state_pcode.in_(states))
        query = query.where(or_(AuditEntry.township_pcode.in_(townships), AuditEntry.actor_id == current_user.id))
    before = request.args.get("before", type=row_id)
    if before:
        query = query.where(AuditEntry.id < before)
    entries = db.session.scalars(query.limit(AUDIT_PAGE)).all()
    return render_template("reports/audit.html", entries=entries, more=len(entries) == AUDIT_PAGE)
