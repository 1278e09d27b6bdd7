"""Staff accounts, with every change in the audit log."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learning import db
from learning.admin import bp
from learning.admin.forms import NewStaffForm, TownshipsForm
from learning.auth.access import staff_required
from learning.auth.models import Role, Staff
from learning.auth.services import StaffError, create_staff, end_sessions
from learning.facilitate.scope import township_choices
from learning.i18n.translations import current_language
from learning.places.models import State, Township
from learning.reports.audit import record


def _manageable(staff: Staff) -> bool:
    """Admins manage everyone else; coordinators manage facilitators whose townships all lie in their area."""
    if staff.id == current_user.id:
        return False
    if current_user.role is Role.ADMIN:
        return True
    if current_user.role is Role.COORDINATOR and staff.role is Role.FACILITATOR:
        area = {s.pcode for s in current_user.states}
        return bool(staff.townships) and all(t.state_pcode in area for t in staff.townships)
    return False


def _staff_or_404(staff_id: int) -> Staff:
    found = db.session.get(Staff, staff_id)
    if found is None or not _manageable(found):
        abort(404)
    return found


def _new_form() -> NewStaffForm:
    form = NewStaffForm()
    language = current_language()
    if current_user.role is Role.ADMIN:
        form.role.choices = [(r.value, r.value) for r in Role]
        form.states.choices = [(s.pcode, s.name(language)) for s in db.session.scalars(select(State).order_by(State.pcode))]
    else:
        form.role.choices = [(Role.FACILITATOR.value, Role.FACILITATOR.value)]
        form.states.choices = []
    form.townships.choices = [(t.pcode, f"{t.name(language)} ({t.state.name(language)})")
                              for t in township_choices(db.session, current_user)]
    return form


@bp.route("/staff", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def staff():
    """Staff you manage, and a form to add one."""
    form = _new_form()
    if form.validate_on_submit():
        try:
            created = create_staff(
                db.session, username=form.username.data, password=form.password.data, role=Role(form.role.data),
                display_name=form.display_name.data, states=form.states.data or (), townships=form.townships.data or ())
        except StaffError:
            db.session.rollback()
            form.username.errors.append(_("This account cannot be created: check the username (it may be taken) "
                                          "and the townships or states for the role."))
        else:
            record(db.session, "staff.create", "staff", created.id, actor_id=current_user.id,
                   township_pcode=created.townships[0].pcode if created.townships else None,
                   role=created.role.value, states=[s.pcode for s in created.states],
                   townships=[t.pcode for t in created.townships])
            db.session.commit()
            flash(_("The account %(username)s is created.", username=created.username))
            return redirect(url_for("admin.staff"))
    everyone = db.session.scalars(select(Staff).order_by(Staff.role, Staff.username)).all()
    listed = [s for s in everyone if _manageable(s)]
    return render_template("admin/staff.html", form=form, staff=listed), 400 if request.method == "POST" else 200


@bp.route("/staff/<int:staff_id>/disable", methods=["POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def disable(staff_id: int):
    """Disable an account; its sessions end at once."""
    found = _staff_or_404(staff_id)
    found.active = False
    end_sessions(db.session, found)
    record(db.session, "staff.disable", "staff", found.id, actor_id=current_user.id,
           township_pcode=found.townships[0].pcode if found.townships else None)
    db.session.commit()
    flash(_("The account %(username)s is disabled.", username=found.username))
    return redirect(url_for("admin.staff"))


@bp.route("/staff/<int:staff_id>/townships", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def townships(staff_id: int):
    """Assign a facilitator's townships (within your area)."""
    found = _staff_or_404(staff_id)
    if found.role is not Role.FACILITATOR:
        abort(404)
    form = TownshipsForm()
    language = current_language()
    allowed = township_choices(db.session, current_user)
    form.townships.choices = [(t.pcode, t.name(language)) for t in allowed]
    if request.method == "GET":
        form.townships.data = [t.pcode for t in found.townships]
    if form.validate_on_submit():
        chosen = set(form.townships.data or ())
        if not chosen:
            form.townships.errors.append(_("Choose at least one township."))
        else:
            found.townships = list(db.session.scalars(select(Township).where(Township.pcode.in_(chosen))))
            record(db.session, "staff.townships", "staff", found.id, actor_id=current_user.id,
                   township_pcode=sorted(chosen)[0], townships=sorted(chosen))
            db.session.commit()
            flash(_("The townships are saved."))
            return redirect(url_for("admin.staff"))
    return render_template("admin/townships.html", form=form, person=found), 400 if request.method == "POST" else 200
