"""Thin handlers for staff sign-in, sign-out, the account page and changing one's password."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from learning import db
from learning.auth import bp, services
from learning.auth.access import public, safe_next_path, staff_required
from learning.auth.forms import AccountForm, PasswordChangeForm, StaffLoginForm, password_message
from learning.extensions import limiter


def _login_limit() -> str:
    return current_app.config["STAFF_LOGIN_LIMIT"]


def _username_key() -> str:
    return "staff-login:" + (request.form.get("username") or "").strip().lower()[:64]


def _account_key() -> str:
    """The signed-in account, for the password form's limit (the address when nobody is signed in)."""
    return f"staff-password:{current_user.id}" if current_user.is_authenticated else request.remote_addr or ""


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_username_key)
@public
def login():
    """Staff sign-in with username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = StaffLoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        staff = services.authenticate(db.session, form.username.data, form.password.data)
        if staff is not None:
            db.session.commit()
            session.clear()  # a new session at sign-in: nothing from before carries over
            login_user(staff, remember=False)
            return redirect(safe_next_path(form.next.data, url_for("auth.home")))
        form.password.errors.append(_("The username or password is not right."))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 400


@bp.route("/logout", methods=["POST"])
@public
def logout():
    """Sign out: every cookie this account held stops working."""
    if current_user.is_authenticated:
        services.end_sessions(db.session, current_user._get_current_object())
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."))
    return redirect(url_for("site.index"))


@bp.route("/")
@staff_required()
def home():
    """The staff start page: who you are and where you work."""
    return render_template("auth/home.html")


@bp.route("/account", methods=["GET", "POST"])
@staff_required()
def account():
    """Change the name shown on pages and certificates."""
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        services.rename(db.session, current_user._get_current_object(), form.display_name.data)
        db.session.commit()
        flash(_("Your name has been saved."))
        return redirect(url_for("auth.account"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/account.html", form=form), status


@bp.route("/password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_account_key)
@staff_required()
def password():
    """Change your own password: your other sessions end, this one stays signed in."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        staff = current_user._get_current_object()
        try:
            services.change_password(db.session, staff, form.current_password.data, form.new_password.data)
        except services.WrongPassword:
            db.session.rollback()
            form.current_password.errors.append(_("Your current password is not right."))
        except services.WeakPassword as refused:
            db.session.rollback()
            form.new_password.errors.append(password_message(refused.problem))
        else:
            db.session.commit()
            login_user(staff, remember=False)  # this browser's cookie carries the new session nonce
            flash(_("Your password is changed. You are signed out everywhere else."))
            return redirect(url_for("auth.home"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form), status
