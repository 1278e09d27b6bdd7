"""Coordinators' pages: dashboard, exports and the audit log, always limited to their area."""
from __future__ import annotations

import tempfile

from flask import Response, abort, current_app, render_template, request, send_file, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from learning import db
from learning.audit.models import AuditEntry
from learning.auth.access import staff_required
from learning.auth.area import area_states, in_area, townships_in_area
from learning.auth.models import Role
from learning.clock import today
from learning.db import begin_writing
from learning.facilitate.models import Group
from learning.i18n.translations import current_language
from learning.learn.library import catalog, text_for
from learning.paging import page_number_from, paginate
from learning.places.models import State
from learning.reports import bp, exports, queries, services
from learning.reports.filters import ReportFilter, restrict_groups
from learning.reports.forms import FilterForm

AUDIT_PAGE = 100


def _form() -> tuple[FilterForm, ReportFilter, list[str] | None]:
    """The filter form with only the choices in the coordinator's area; values outside it are refused (400)."""
    states = area_states(current_user)
    form = FilterForm(request.args)
    language = current_language()
    state_rows = db.session.scalars(select(State).order_by(State.pcode)) if states is None else \
        db.session.scalars(select(State).where(State.pcode.in_(states)).order_by(State.pcode))
    form.state.choices = [("", "—")] + [(s.pcode, s.name(language)) for s in state_rows]
    townships = db.session.scalars(townships_in_area(current_user))
    form.township.choices = [("", "—")] + [(t.pcode, t.name(language)) for t in townships]
    # the groups of the chosen township (the whole programme has thousands: a list no one scrolls, and most of the
    # page's weight); without one, only a group already asked for, if it is in the area
    township, group = request.args.get("township") or None, request.args.get("group", "")
    asked = int(group) if group.isascii() and group.isdigit() and len(group) <= 9 else None  # else not a choice
    groups = restrict_groups(select(Group), ReportFilter(township=township), states).order_by(Group.name)
    if township is None:
        groups = groups.where(Group.id == asked) if asked is not None else None
    found = [(str(g.id), g.name) for g in db.session.scalars(groups)] if groups is not None else []
    form.group.choices = [("", "—" if township or found else _("Choose a township first"))] + found
    form.course.choices = [("", _("Every course"))] + [
        (c.id, text_for(c.texts, language).title) for c in catalog().courses]
    if request.args and not form.validate():
        abort(400)
    return form, form.report(), states


@bp.route("/")
@staff_required(Role.COORDINATOR, Role.ADMIN)
def dashboard():
    """Figures for the filter: tables and bar charts drawn on the server."""
    form, report, states = _form()
    figures = queries.dashboard(db.session, report, states, exports.courses_for(catalog(), report),
                                current_language())
    filtered = any(value for name, value in request.args.items() if name != "lang")  # a filter is set: show it open
    return render_template("reports/dashboard.html", form=form, figures=figures, filtered=filtered,
                           bands=[label for _, _, label in queries.AGE_BANDS], query=request.query_string.decode())


def _export(report: ReportFilter, states, pseudonymised: bool, fmt: str) -> exports.Export:
    key = exports.pseudonym_key(current_app.config) if pseudonymised else None
    begin_writing()  # a GET that writes: the export goes into the audit log before its first row
    export, _rows = services.start_export(db.session, catalog(), report, states, fmt=fmt, pseudonym_key=key,
                                          actor_id=current_user.id)
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
    name = f"completions{'-pseudonymised' if pseudonymised else ''}-{today():%Y%m%d}.{fmt}"
    if fmt == "csv":
        body = stream_with_context(exports.csv_chunks(header, exports.rows(db.session, export)))
        response = Response(body, mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    # a file with no name on disk: the list of people leaves nothing behind, even when writing fails or the
    # download is cut off (the file is gone once the response closes it)
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        exports.write_xlsx(spool, header, exports.rows(db.session, export))
        size = spool.tell()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = send_file(spool, as_attachment=True, download_name=name,
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.content_length = size
    return response


@bp.route("/audit")
@staff_required(Role.COORDINATOR, Role.ADMIN)
def audit():
    """The audit log of your area (admins: all), newest first, a page at a time. Nothing here can change an
    entry. (Entries written while someone pages push older ones down: a page may repeat a row, never skip one.)"""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if area_states(current_user) is not None:
        query = query.where(or_(in_area(AuditEntry.township_pcode, current_user),
                                AuditEntry.actor_id == current_user.id))
    page = paginate(db.session, query, page_number_from(request.args), AUDIT_PAGE)
    return render_template("reports/audit.html", entries=page.items, page=page)
