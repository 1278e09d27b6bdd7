"""Staff accounts, with every change in the audit log."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from learning import db
from learning.admin import bp
from learning.admin.forms import DisableStaffForm, NewStaffForm, TownshipsForm
from learning.auth import services
from learning.auth.access import staff_required
from learning.auth.area import manageable_staff, townships_in_area
from learning.auth.forms import NewPasswordForm, password_message
from learning.auth.models import Role, Staff
from learning.facilitate.scope import groups_left_behind
from learning.i18n.translations import current_language
from learning.paging import page_number_from, paginate
from learning.places.models import State, Township

STAFF_PAGE = 50


def _staff_or_404(staff_id: int) -> Staff:
    found = db.session.scalar(manageable_staff(current_user).where(Staff.id == staff_id))
    if found is None:
        abort(404)
    return found


def _new_form() -> NewStaffForm:
    form = NewStaffForm()
    language = current_language()
    if current_user.role is Role.ADMIN:
        form.role.choices = [(r.value, r.label) for r in Role]
        form.states.choices = [(s.pcode, s.name(language)) for s in db.session.scalars(select(State).order_by(State.pcode))]
    else:
        form.role.choices = [(Role.FACILITATOR.value, Role.FACILITATOR.label)]
        form.states.choices = []
    form.townships.choices = [(t.pcode, f"{t.name(language)} ({t.state.name(language)})")
                              for t in db.session.scalars(townships_in_area(current_user)
                                                          .options(joinedload(Township.state)))]
    return form


@bp.route("/staff", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def staff():
    """Staff you manage, a page at a time, and a form to add one."""
    form = _new_form()
    if form.validate_on_submit():
        try:
            created = services.create_staff_account(
                db.session, current_user.id, username=form.username.data, password=form.password.data,
                role=Role(form.role.data), display_name=form.display_name.data, states=form.states.data or (),
                townships=form.townships.data or ())
        except services.WeakPassword as refused:
            db.session.rollback()
            form.password.errors.append(password_message(refused.problem))
        except services.StaffError:
            db.session.rollback()
            form.username.errors.append(_("This account cannot be created: check the username (it may be taken) "
                                          "and the townships or states for the role."))
        else:
            db.session.commit()
            flash(_("The account %(username)s is created.", username=created.username))
            return redirect(url_for("admin.staff"))
    query = manageable_staff(current_user).order_by(Staff.role, Staff.username, Staff.id).options(
        selectinload(Staff.states), selectinload(Staff.townships))
    page = paginate(db.session, query, page_number_from(request.args), STAFF_PAGE)
    return render_template("admin/staff.html", form=form, staff=page.items, page=page), \
        400 if request.method == "POST" else 200


@bp.route("/staff/<int:staff_id>/disable", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def disable(staff_id: int):
    """Disable an account once its confirmation box is ticked; its sessions end at once. The page (GET) and a POST
    without the box change nothing."""
    found = _staff_or_404(staff_id)
    form = DisableStaffForm()
    if found.active and form.validate_on_submit():
        services.disable_staff(db.session, found, current_user.id)
        db.session.commit()
    if not found.active:  # just now, or before (a second tap, someone else was quicker): nothing more to audit
        flash(_("The account %(username)s is disabled.", username=found.username))
        return redirect(url_for("admin.staff"))
    return render_template("admin/disable.html", form=form, person=found), 400 if request.method == "POST" else 200


@bp.route("/staff/<int:staff_id>/townships", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def townships(staff_id: int):
    """Assign a facilitator's townships (within your area)."""
    found = _staff_or_404(staff_id)
    if found.role is not Role.FACILITATOR:
        abort(404)
    form = TownshipsForm()
    language = current_language()
    allowed = db.session.scalars(townships_in_area(current_user))
    form.townships.choices = [(t.pcode, t.name(language)) for t in allowed]
    if request.method == "GET":
        form.townships.data = [t.pcode for t in found.townships]
    if form.validate_on_submit():
        chosen = set(form.townships.data or ())
        if not chosen:
            form.townships.errors.append(_("Choose at least one township."))
        else:
            services.set_townships(db.session, found, chosen, current_user.id)
            left_behind = db.session.scalar(select(func.count()).select_from(groups_left_behind(found).subquery()))
            db.session.commit()
            flash(_("The townships are saved."))
            if left_behind:
                flash(ngettext("%(num)d of their groups is in a township no longer theirs: open it and give it to "
                               "another facilitator.",
                               "%(num)d of their groups are in townships no longer theirs: open each group and give "
                               "it to another facilitator.", left_behind))
            return redirect(url_for("admin.staff"))
    return render_template("admin/townships.html", form=form, person=found), 400 if request.method == "POST" else 200


@bp.route("/staff/<int:staff_id>/enable", methods=["POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def enable(staff_id: int):
    """Re-enable a disabled account: it signs in with its password again."""
    found = _staff_or_404(staff_id)
    services.enable_staff(db.session, found, current_user.id)
    db.session.commit()
    flash(_("The account %(username)s is enabled.", username=found.username))
    return redirect(url_for("admin.staff"))


@bp.route("/staff/<int:staff_id>/password", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def password(staff_id: int):
    """Set a new password for an account you manage (a forgotten one); all its sessions end."""
    found = _staff_or_404(staff_id)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(db.session, found, form.new_password.data, current_user.id)
        except services.WeakPassword as refused:
            db.session.rollback()
            form.new_password.errors.append(password_message(refused.problem))
        else:
            db.session.commit()
            flash(_("The password of %(username)s is changed: give it to them in person, never by message.",
                    username=found.username))
            return redirect(url_for("admin.staff"))
    return render_template("admin/password.html", form=form, person=found), 400 if request.method == "POST" else 200
