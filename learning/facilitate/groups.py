"""Groups: create them, add households, and the group board with its certificates to print."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learning import db
from learning.auth.access import staff_required
from learning.auth.models import Role, Staff
from learning.certificates.downloads import certificates_pdf
from learning.certificates.models import Certificate
from learning.facilitate import bp, services
from learning.facilitate.board import boards, group_members
from learning.facilitate.forms import AddHouseholdForm, GroupFacilitatorForm, GroupForm
from learning.facilitate.models import Group
from learning.facilitate.scope import (
    facilitators_of_township,
    group_or_404,
    groups_in_scope,
    households_in_scope,
    township_choices,
)
from learning.households.codes import code_key
from learning.households.models import Household
from learning.i18n.translations import current_language
from learning.learn.library import catalog
from learning.paging import page_number_from, paginate


def _group_form() -> GroupForm:
    form = GroupForm()
    language = current_language()
    form.township.choices = [(t.pcode, t.name(language)) for t in township_choices(db.session, current_user)]
    return form


GROUPS_PAGE = 50


@bp.route("/groups", methods=["GET", "POST"])
@staff_required()
def groups():
    """Your groups, a page at a time, and a form to start one."""
    form = _group_form()
    if request.method == "POST" and current_user.role is not Role.FACILITATOR:
        abort(403)  # groups belong to facilitators
    if form.validate_on_submit():
        group = services.create_group(db.session, current_user.id, name=form.name.data,
                                      township_pcode=form.township.data, village=form.village.data,
                                      start_date=form.start_date.data)
        db.session.commit()
        flash(_("The group is created."))
        return redirect(url_for("facilitate.group", group_id=group.id))
    page = paginate(db.session, groups_in_scope(current_user).order_by(Group.start_date.desc(), Group.id),
                    page_number_from(request.args), GROUPS_PAGE)
    status = 400 if request.method == "POST" else 200
    return render_template("facilitate/groups.html", groups=page.items, page=page, form=form,
                           can_create=current_user.role is Role.FACILITATOR), status


@bp.route("/groups/<int:group_id>")
@staff_required()
def group(group_id: int):
    """The group board: members × modules, who can have a certificate, and the group's actions."""
    found = group_or_404(db.session, current_user, group_id)
    return render_template("facilitate/group.html", group=found, boards=boards(db.session, found, catalog().courses),
                           add_form=AddHouseholdForm())


@bp.route("/groups/<int:group_id>/facilitator", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def group_facilitator(group_id: int):
    """Give the group to another facilitator of its township (when its own no longer works there, or leaves)."""
    found = group_or_404(db.session, current_user, group_id)
    candidates = db.session.scalars(facilitators_of_township(found.township_pcode)
                                    .order_by(Staff.display_name, Staff.id)).all()
    form = GroupFacilitatorForm()
    form.facilitator.choices = [(s.id, f"{s.display_name} ({s.username})") for s in candidates]
    if request.method == "GET":
        form.facilitator.data = found.facilitator_id
    if form.validate_on_submit():
        chosen = next(s for s in candidates if s.id == form.facilitator.data)
        services.reassign_group(db.session, found, chosen, current_user.id)
        db.session.commit()
        flash(_("The group now has %(name)s as its facilitator.", name=chosen.display_name))
        return redirect(url_for("facilitate.group", group_id=found.id))
    return render_template("facilitate/group_facilitator.html", group=found, form=form,
                           has_candidates=bool(candidates)), 400 if request.method == "POST" else 200


@bp.route("/groups/<int:group_id>/households", methods=["POST"])
@staff_required()
def add_household(group_id: int):
    """Put a household (registered by you, or already in your area) into the group."""
    found = group_or_404(db.session, current_user, group_id)
    form = AddHouseholdForm()
    household = None
    if form.validate_on_submit():
        household = db.session.scalar(
            households_in_scope(current_user).where(Household.code_key == code_key(form.code.data)))
    if household is None or household.township_pcode != found.township_pcode:
        flash(_("No household with this code can join this group."))
        return redirect(url_for("facilitate.group", group_id=found.id)), 303
    services.add_to_group(db.session, household, found)
    db.session.commit()
    flash(_("Household %(code)s is in the group.", code=household.code))
    return redirect(url_for("facilitate.group", group_id=found.id))


@bp.route("/groups/<int:group_id>/certificates.pdf")
@staff_required()
def group_certificates(group_id: int):
    """One PDF with the valid certificates of every member of the group, one page each, for printing."""
    found = group_or_404(db.session, current_user, group_id)
    member_ids = [member.id for _, member in group_members(db.session, found)]
    certificates = db.session.scalars(select(Certificate).where(
        Certificate.member_id.in_(member_ids), Certificate.revoked_at.is_(None)).order_by(Certificate.id)).all() \
        if member_ids else []
    if not certificates:
        flash(_("Nobody in this group has a certificate yet."))
        return redirect(url_for("facilitate.group", group_id=found.id))
    return certificates_pdf(db.session, certificates, f"group-{found.id}-certificates.pdf")
