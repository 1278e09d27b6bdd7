"""Learning without a network: the service worker, the app manifest, what a saved course holds, and the answers
and lesson reads a phone kept while it was offline.

A saved course is a set of pages fetched without cookies (``?copy=1``): the same for everyone, with no name, no
result and no token in them. What a person did travels separately, as answers and reads carrying an answer
token (learn/tokens.py) that the phone got from a page shown to that member while online.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

from flask import abort, current_app, g, jsonify, render_template, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from learning import db
from learning.auth.access import public
from learning.auth.household_session import household_session
from learning.db import begin_writing, utcnow
from learning.extensions import csrf, limiter
from learning.i18n.translations import current_language
from learning.inputs import SUBMISSION_ID
from learning.learn import bp, grading, services, tokens
from learning.learn.library import catalog, in_language, text_for
from learning.learn.quiz_forms import field_name
from learning.learn.services import Refused

MEDIA_URL = re.compile(r'(/learn/media/[^"\'\s<>()]+)')
MAX_FIELDS = 400
MAX_READS = 500
SENT_LIMIT = "120 per minute"  # per address; a village may share one, and a phone sends what it kept in a burst


def answer_token() -> str:
    """The answer token for the member learning now on this device, '' when nobody is."""
    found = household_session()
    if found is None or found.member_id is None:
        return ""
    if "answer_token" not in g:
        g.answer_token = tokens.issue(current_app.config["SECRET_KEY"], found.member_id, found.household_id,
                                      found.id)
    return g.answer_token


@bp.app_context_processor
def _offline_globals():
    return {"answer_token": answer_token, "is_copy": lambda: bool(request.args.get("copy"))}


# The service worker and the manifest --------------------------------------------------------------------------

SERVICE_WORKER_MAX_AGE = 24 * 60 * 60  # seconds; browsers never keep a service worker longer than a day

@bp.route("/sw.js")
@public
def service_worker():
    """The service worker, served from the root so that it may look after every page.

    Browsers check it for an update on every page load. It may be kept for a day (pages register it with
    ``updateViaCache: 'all'``), so a repeat visit costs one request, the page; browsers ask again after 24 hours
    whatever the header says, and a new version reaches every phone within a day of a deployment."""
    response = send_file(Path(current_app.static_folder) / "js" / "sw.js", mimetype="text/javascript",
                         max_age=SERVICE_WORKER_MAX_AGE, etag=True, conditional=True)
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/manifest.webmanifest")
@public
def manifest():
    """The web app manifest in the page language (name, short name, icons, start page)."""
    lang = current_language()
    body = {
        "name": _("Twe Let Learning"), "short_name": _("Twe Let"), "lang": lang, "dir": "ltr",
        "description": _("Twe Let Learning: money skills for migrants and their families."),
        "start_url": f"/learn/?lang={lang}", "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#0b6e4f",
        "icons": [
            {"src": url_for("static", filename=f"icons/icon-{size}.png"), "sizes": f"{size}x{size}",
             "type": "image/png", "purpose": "any maskable"} for size in (192, 512)
        ],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


# What a saved course holds ---------------------------------------------------------------------------------------

def _static_url(filename: str) -> str:
    return url_for("static", filename=filename)


def _templates_digest() -> str:
    """A digest of the templates and static files that saved pages are made of, computed once per process."""
    found = current_app.extensions.get("offline_templates_digest")
    if found is None:
        digest = hashlib.sha256()
        roots = [Path(current_app.root_path).parent / "templates", Path(current_app.static_folder)]
        for root in roots:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
        found = current_app.extensions["offline_templates_digest"] = digest.hexdigest()[:16]
    return found


MYANMAR_CUTS = ("my", "shn", "mnw", "ksw")  # languages with a cut of the font of their own (scripts/build_web_fonts.py)
BORROWED_CUTS = ("shn", "cnh")  # languages whose texts keep Burmese words, with a small cut of just their letters


def offline_files(course, lang: str) -> dict:
    """The pages and files of a course in one language, as the service worker saves them: `url` is fetched
    without cookies, `key` is the address the phone asks for when it is offline."""
    pages = [("/learn/", url_for("learn.catalogue")), (f"/learn/{course.id}/", url_for("learn.course", course_id=course.id))]
    media: list[str] = []
    written_in = {lang}
    lessons = quizzes = 0
    for module in course.modules:
        for lesson in module.lessons:
            path = url_for("learn.lesson", course_id=course.id, module_id=module.id, lesson_id=lesson.id)
            pages.append((path, path))
            lessons += 1
            text, found_in = in_language(lesson.texts, lang)
            if found_in:
                written_in.add(found_in)
            media += [m for m in MEDIA_URL.findall(text.html if text else "") if m not in media]
        quiz_path = url_for("learn.quiz", course_id=course.id, module_id=module.id)
        pages.append((quiz_path, url_for("learn.quiz_copy", course_id=course.id, module_id=module.id)))
        quizzes += 1
    pages += [("/offline/", url_for("learn.offline_page")), ("/offline/saved", url_for("learn.offline_saved"))]
    files = [{"key": key, "url": f"{url}?lang={lang}&copy=1"} for key, url in pages]
    # the cut of the font for each Myanmar-script language the saved pages are written in (a lesson not yet
    # translated shows its Burmese text), the small cut of the Burmese words kept in Shan and Chin texts, and the
    # one that names the languages in the language list
    fonts = [f"fonts/noto-sans-myanmar-{code}-400.woff2" for code in sorted(written_in) if code in MYANMAR_CUTS]
    fonts += [f"fonts/noto-sans-myanmar-{code}-my-400.woff2" for code in sorted(written_in) if code in BORROWED_CUTS]
    assets = [_static_url("css/site.css"), _static_url("js/offline.js"),
              *[_static_url(f) for f in [*fonts, "fonts/noto-sans-myanmar-names-400.woff2"]], *media]
    files += [{"key": url, "url": url} for url in assets]
    versions = "|".join(m.version for m in course.modules)
    version = hashlib.sha256(f"{versions}|{lang}|{_templates_digest()}".encode()).hexdigest()[:12]
    return {"course": course.id, "language": lang, "version": version, "title": text_for(course.texts, lang).title,
            "lessons": lessons, "quizzes": quizzes, "files": files}


@bp.route("/offline/courses/<course_id>.json")
@public
def offline_list(course_id: str):
    """What to save for a course in the page language. Keeps the course's quiz versions, so that answers given
    on this version while offline can be graded after the content changes."""
    course = catalog().course(course_id)
    if course is None:
        abort(404)
    kept = current_app.extensions.setdefault("quiz_versions_kept", set())
    missing = [m for m in course.modules if (m.course_id, m.id, m.version) not in kept]
    if missing:
        begin_writing()
        for module in missing:
            services.remember_quiz_version(db.session, module)
        db.session.commit()
        kept.update((m.course_id, m.id, m.version) for m in missing)
    response = jsonify(offline_files(course, current_language()))
    response.cache_control.no_cache = True
    return response


@bp.route("/learn/<course_id>/<module_id>/quiz/offline")
@public
def quiz_copy(course_id: str, module_id: str):
    """The quiz as a saved course keeps it: no person in it; the phone adds the submission id and the token."""
    course = catalog().course(course_id)
    module = course.module(module_id) if course else None
    if module is None:
        abort(404)
    seed = services.copy_seed(module.version)
    html = render_template("learn/quiz.html", course=course, module=module, form=None, errors={},
                           given=MultiDict(), field_name=field_name, copy=True,
                           order=grading.option_order(module.quiz, seed), order_seed=seed)
    response = current_app.make_response(html)
    response.cache_control.public = True
    response.cache_control.max_age = 600
    return response


@bp.route("/offline/")
@public
def offline_page():
    """"You are offline", with links to what is saved on this phone (listed by the page's script)."""
    return render_template("learn/offline.html")


@bp.route("/offline/saved")
@public
def offline_saved():
    """Where a quiz answered offline lands: it is kept on the phone and will be sent."""
    return render_template("learn/offline_saved.html")


# Answers and reads sent later ------------------------------------------------------------------------------------

REASONS = {
    tokens.Refusal.FORGED.value: lambda: _("This answer was changed on the phone or did not come from this site. "
                                           "It cannot be counted."),
    tokens.Refusal.EXPIRED.value: lambda: _("This answer waited more than 30 days. Sign in with your household "
                                            "code and PIN, and it will be sent."),
    tokens.Refusal.OTHER_MEMBER.value: lambda: _("This answer belongs to another person. It cannot be counted "
                                                 "for this one."),
    services.NOT_A_MEMBER: lambda: _("This person no longer learns with this household. The answer cannot be "
                                     "counted."),
    "unknown-quiz": lambda: _("This quiz is no longer on the site."),
}


def _refuse(reason: str, status: int = 403):
    return jsonify(status="refused", reason=reason, message=REASONS[reason]()), status


def _moment(value) -> datetime | None:
    """A time the phone sent (ISO 8601, with a zone), or None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400)
    return body


def _bearer(body: dict, member_id) -> tokens.Bearer:
    token, renewal = body.get("token"), body.get("renewal")
    if not isinstance(token, str) or len(token) > 400 or (renewal is not None and not isinstance(renewal, str)):
        raise tokens.TokenError(tokens.Refusal.FORGED)
    return tokens.check(current_app.config["SECRET_KEY"], token, member_id, renewal)


@bp.route("/offline/answers", methods=["POST"])
@public
@csrf.exempt
@limiter.limit(SENT_LIMIT)
def sent_answers():
    """A quiz answered on a phone while it was offline. Stored once per submission id, for the member its token
    names; refused, with a reason the phone shows, otherwise. Always JSON."""
    body = _json_body()
    submission_id, member_id, fields = body.get("submission_id"), body.get("member_id"), body.get("fields")
    if (not isinstance(submission_id, str) or not SUBMISSION_ID.match(submission_id)
            or not isinstance(member_id, int) or not isinstance(fields, list) or len(fields) > MAX_FIELDS
            or not all(isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) and len(x) <= 200 for x in f)
                       for f in fields)
            or not isinstance(body.get("version"), str) or len(body["version"]) > 32):
        abort(400)
    try:
        bearer = _bearer(body, member_id)
    except tokens.TokenError as error:
        return _refuse(error.reason.value)
    course = catalog().course(str(body.get("course", "")))
    module = course.module(str(body.get("module", ""))) if course else None
    if module is None:
        return _refuse("unknown-quiz", 404)
    try:
        member = services.sender(db.session, bearer.member_id, bearer.household_id)
        received = utcnow()
        answered = services.within(_moment(body.get("answered_at")), bearer.issued_at, received)
        seed = body.get("order_seed") if isinstance(body.get("order_seed"), str) else None
        recorded = services.record_sent_answers(db.session, member, course, module, body["version"],
                                                submission_id, MultiDict(fields), answered, seed)
    except Refused as refusal:
        db.session.rollback()
        return _refuse(refusal.reason)
    db.session.commit()
    attempt = recorded.attempt
    return jsonify(status="stored" if recorded.new else "already", attempt=attempt.id, passed=attempt.passed,
                   needs_review=attempt.needs_review)


@bp.route("/offline/reads", methods=["POST"])
@public
@csrf.exempt
@limiter.limit(SENT_LIMIT)
def sent_reads():
    """Lessons opened on a phone while it was offline, for the member the token names."""
    body = _json_body()
    member_id, reads = body.get("member_id"), body.get("reads")
    if not isinstance(member_id, int) or not isinstance(reads, list) or len(reads) > MAX_READS:
        abort(400)
    try:
        bearer = _bearer(body, member_id)
    except tokens.TokenError as error:
        return _refuse(error.reason.value)
    found = []
    received = utcnow()
    for item in reads:
        if not isinstance(item, dict):
            abort(400)
        course = catalog().course(str(item.get("course", "")))
        module = course.module(str(item.get("module", ""))) if course else None
        if module is not None and module.lesson(str(item.get("lesson", ""))) is not None:
            when = services.within(_moment(item.get("read_at")), bearer.issued_at, received)
            found.append((module, str(item["lesson"]), when))
    try:
        member = services.sender(db.session, bearer.member_id, bearer.household_id)
        new = services.record_sent_reads(db.session, member, found)
    except Refused as refusal:
        db.session.rollback()
        return _refuse(refusal.reason)
    db.session.commit()
    return jsonify(status="stored", new=new, known=len(found))
