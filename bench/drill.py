"""`make drill`: the crash drill. Submissions under SIGKILL must be stored once each, whole, or not at all.

    .venv/bin/python bench/drill.py [--seconds 60] [--skip-postgres] [--results bench/RESULTS.md]

On SQLite (a file under bench/.work/), then on a scratch PostgreSQL database: gunicorn with 4 workers, as in
production, on loopback. A bounded client (a thread per household signed in on a phone, one per group for the
facilitator) submits quiz attempts and attendance for --seconds while a killer thread sends SIGKILL to a
random worker every 2 s. A post that fails on the connection or with a 5xx is sent again with the same
submission id, as a phone would. Afterwards, with the server stopped, the database must hold every
acknowledged submission exactly once and whole (an attempt with all its answers and its certificate; a session
with every member's attendance and the lessons read); on SQLite `PRAGMA integrity_check` must say ok.
Exits 1 when anything is lost, duplicated or half-written. Writes the section "Crash drill" of
bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402
import run  # noqa: E402
from results import header, scratch_postgres, write_section  # noqa: E402

from learning.content.model import Module, Quiz  # noqa: E402
from learning.learn import grading  # noqa: E402

PORT = 5083
WORKERS = 4
KILL_EVERY = 2.0
TRIES = 6  # a submission is sent at most this many times
COURSE = "money-and-migration"
GROUPS, HOUSEHOLDS_PER_GROUP, MEMBERS_PER_HOUSEHOLD = 3, 2, 2
PIN = "246810"
# Fixed for the run, so that every worker and every command agree without touching instance/.
SECRETS = {"SECRET_KEY": secrets.token_hex(32), "PIN_PEPPER": secrets.token_hex(32)}
SESSION_ID = re.compile(r'name="submission_id" value="([^"]+)"')
ATTENDANCE = re.compile(r'name="attendance-(\d+)"')
LESSON = re.compile(r'name="lessons" value="([^"]+)"')


def drill_env(url: str) -> dict:
    """bench/run.py's demo environment, with the run's own secrets and instance folder, and a staff sign-in
    limit high enough for one sign-in per client (the household sign-in is not limited per address)."""
    return {**run.app_env(url), **SECRETS, "INSTANCE_PATH": str(run.WORK / "drill-instance"),
            "STAFF_LOGIN_LIMIT": "10000 per minute"}


@dataclass(frozen=True)
class Household:
    id: int
    code: str
    group_id: int


def prepare(url: str, households: int) -> tuple[str, list[Household]]:
    """Schema, townships, the demo accounts, synthetic households; then households with a known PIN in groups
    of the demo facilitator's, made with the application's own service."""
    env = drill_env(url)
    flask = str(run.BIN / "flask")
    for args in (["db", "upgrade"], ["places", "load"], ["demo", "load", "--if-empty"]):
        run.sh([flask, *args], env)
    data = run.sh([flask, "demo", "synth", "--households", str(households), "--seed", "3"], env).strip()

    from sqlalchemy import select

    from learning import create_app, db
    from learning.auth.models import Staff
    from learning.facilitate.models import Group
    from learning.households.services import NewMember, register_household

    app = create_app({"ENV_NAME": "demo", "DATABASE_URL": url, **SECRETS})
    made = []
    with app.app_context():
        facilitator = db.session.scalar(select(Staff).where(Staff.username == "facilitator"))
        for g in range(GROUPS):
            group = Group(name=f"Drill group {g + 1}", township_pcode="MMR011001", village="ရွာသစ်",
                          start_date=date.today(), facilitator_id=facilitator.id)
            db.session.add(group)
            db.session.flush()
            for h in range(HOUSEHOLDS_PER_GROUP):
                members = [NewMember(f"ဒေါ်ခင်{g}{h}{m}", "ဦးဘ", "female" if m % 2 == 0 else "male",
                                     1980 + m, "head" if m == 0 else "child", "my")
                           for m in range(MEMBERS_PER_HOUSEHOLD)]
                household, _ = register_household(
                    db.session, township_pcode="MMR011001", village="ရွာသစ်", phone=None,
                    consent_recorded_by_id=facilitator.id, consent_language="my", members=members,
                    pepper=SECRETS["PIN_PEPPER"], pin=PIN)
                household.group_id = group.id
                made.append(Household(household.id, household.code, group.id))
        db.session.commit()
    app.extensions["db_engine"].dispose()
    return data, made


def serve(url: str, log: Path) -> subprocess.Popen:
    """gunicorn as the README runs it in production (4 sync workers), its log kept for unhandled errors."""
    args = [str(run.BIN / "gunicorn"), "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS),
            "--worker-class", "sync", "wsgi:app"]  # gunicorn.conf.py's logging, but one request per worker
    run.COMMANDS.append(" ".join(args))
    with log.open("w") as out:
        process = subprocess.Popen(args, env=drill_env(url), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    run.wait_for(f"http://127.0.0.1:{PORT}/healthz")
    return process


def workers(master: int) -> list[int]:
    """The gunicorn master's children: its workers."""
    found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


@dataclass
class Submission:
    """One submission and what the database should hold for it."""

    kind: str  # "quiz" or "attendance"
    key: str  # its submission id
    owner: int  # the household (quiz) or the group (attendance)
    expected: dict
    posts: int = 0
    acknowledged: bool = False
    retried_at: float | None = None  # when the first retry was sent (time.time())


@dataclass
class Tally:
    """What the clients did, shared by their threads."""

    stop_at: float
    submissions: list[Submission] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1

    def add(self, submission: Submission) -> None:
        with self.lock:
            self.submissions.append(submission)


def error_kind(exc: Exception) -> str:
    """A failed request's kind, as the report counts it."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "closed without response"
    if isinstance(exc, (ConnectionResetError, BrokenPipeError)):
        return "connection reset"
    if isinstance(exc, TimeoutError):
        return "timeout"
    return type(exc).__name__


class Client:
    """One phone or one facilitator's tablet: a signed-in session that submits forms until the time is up."""

    def __init__(self, tally: Tally, session: load.Session, seed: int):
        self.tally = tally
        self.session = session
        self.rng = random.Random(seed)

    def call(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, dict] | None:
        """One request; None (and the error counted) when the connection failed or the server answered 5xx."""
        try:
            status, text, headers = self.session.request(method, path, form)
        except (OSError, http.client.HTTPException) as exc:
            self.session.conn.close()
            self.tally.error(f"{method}: {error_kind(exc)}")
            return None
        if status >= 500:
            self.tally.error(f"{method}: HTTP {status}")
            return None
        return status, text, headers

    def form_page(self, path: str) -> str | None:
        """The form's page (fresh CSRF token and submission id), tried again after a broken connection."""
        for attempt in range(TRIES):
            if attempt:
                time.sleep(min(1.0, 0.05 * 2 ** attempt))
            answer = self.call("GET", path)
            if answer is not None:
                if answer[0] == 200:
                    return answer[1]
                self.tally.error(f"form page HTTP {answer[0]}")
                return None
        return None

    def submit(self, submission: Submission, path: str, form: dict, success: str) -> None:
        """Post, and post the same again (same submission id) after a broken connection or a 5xx."""
        self.tally.add(submission)
        for attempt in range(TRIES):
            if attempt:
                time.sleep(min(1.0, 0.05 * 2 ** attempt))
                submission.retried_at = submission.retried_at or time.time()
            submission.posts += 1
            answer = self.call("POST", path, form)
            if answer is None:
                continue
            status, _, headers = answer
            location = headers.get("Location", "")
            submission.acknowledged = status == 302 and re.search(success, location) is not None
            if submission.acknowledged:
                self.call("GET", location)  # as the browser does: the result page (and any flash message)
            else:
                self.tally.error(f"refused: HTTP {status} {location}".strip())
            return

    def run(self) -> None:
        """Submit one form after another until the time is up."""
        while time.monotonic() < self.tally.stop_at:
            self.once()


class QuizClient(Client):
    """A household member on a phone: a quiz form, answered mostly right, sent whole."""

    def __init__(self, tally: Tally, session: load.Session, seed: int, household: Household,
                 modules: list[Module]):
        super().__init__(tally, session, seed)
        self.household = household
        self.modules = modules

    def once(self) -> None:
        module = self.rng.choice(self.modules)
        path = f"/learn/{COURSE}/{module.id}/quiz"
        page = self.form_page(path)
        token, key = load.TOKEN.search(page or ""), load.SUBMISSION.search(page or "")
        if not (token and key):
            self.tally.error("quiz form not shown")
            time.sleep(0.5)
            return
        answers = answer(self.rng, module.quiz)
        result = grading.score(module.quiz, answers)
        form = {**form_fields(answers), "csrf_token": token.group(1), "submission_id": key.group(1)}
        submission = Submission("quiz", key.group(1), self.household.id,
                                {"module": module.id, "points": result.points, "passed": result.passed})
        self.submit(submission, path, form, r"/quiz/attempts/\d+$")


class AttendanceClient(Client):
    """The facilitator after a session: date, lessons covered and everyone's attendance in one post."""

    def __init__(self, tally: Tally, session: load.Session, seed: int, group_id: int):
        super().__init__(tally, session, seed)
        self.group_id = group_id

    def once(self) -> None:
        path = f"/facilitate/groups/{self.group_id}/sessions/new"
        page = self.form_page(path)
        token, key = load.TOKEN.search(page or ""), SESSION_ID.search(page or "")
        if not (token and key):
            self.tally.error("attendance form not shown")
            time.sleep(0.5)
            return
        members = sorted({int(m) for m in ATTENDANCE.findall(page)})
        lessons = self.rng.sample(LESSON.findall(page), self.rng.randint(0, 3))
        statuses = {m: self.rng.choice(("present", "present", "absent", "excused")) for m in members}
        held_on = date.today().isoformat()
        form = {"csrf_token": token.group(1), "submission_id": key.group(1), "held_on": held_on,
                "lessons": lessons, **{f"attendance-{m}": s for m, s in statuses.items()}}
        submission = Submission("attendance", key.group(1), self.group_id,
                                {"held_on": held_on, "lessons": lessons, "statuses": statuses})
        self.submit(submission, path, form, rf"/facilitate/groups/{self.group_id}$")


def answer(rng: random.Random, quiz: Quiz) -> dict[str, grading.Answer]:
    """Answers as a learner gives them: each right four times in five."""
    given: dict[str, grading.Answer] = {}
    for q in quiz.questions:
        right = rng.random() < 0.8
        if q.type == "single":
            given[q.id] = q.answer if right else rng.choice([o for o in q.options if o != q.answer])
        elif q.type == "multiple":
            wrong = tuple(q.options) if set(q.answer) != set(q.options) else q.options[:1]
            given[q.id] = tuple(sorted(q.answer if right else wrong))
        else:
            given[q.id] = Decimal(int(q.answer) + (0 if right else 1000))
    return given


def form_fields(answers: dict[str, grading.Answer]) -> dict:
    """The answers as the quiz page's form sends them."""
    from learning.learn.quiz_forms import field_name

    return {field_name(qid): list(a) if isinstance(a, tuple) else str(a) for qid, a in answers.items()}


def staff_session(username: str, password: str) -> load.Session:
    """A staff member signed in on a keep-alive connection of their own."""
    session = load.Session("127.0.0.1", PORT)
    _, page, _ = session.request("GET", "/staff/login")
    status, _, _ = session.request("POST", "/staff/login", {"username": username, "password": password,
                                                            "csrf_token": load.TOKEN.search(page).group(1)})
    assert status == 302, status
    return session


def drive(master: int, households: list[Household], modules: list[Module], seconds: int) -> tuple[Tally, int]:
    """Sign every client in, then submit for `seconds` under the killer; returns the tally and the kills."""
    from learning.cli.demo import DEMO_PASSWORD

    clients: list[Client] = []
    tally = Tally(stop_at=0.0)
    for n, household in enumerate(households):
        session = load.household_session("127.0.0.1", PORT, household.code, PIN)
        clients.append(QuizClient(tally, session, n, household, modules))
    for n, group_id in enumerate(sorted({h.group_id for h in households})):
        session = staff_session("facilitator", DEMO_PASSWORD)
        clients.append(AttendanceClient(tally, session, 100 + n, group_id))
    tally.stop_at = time.monotonic() + seconds
    kills = []

    def killer() -> None:
        rng = random.Random(7)
        while time.monotonic() + KILL_EVERY <= tally.stop_at:
            time.sleep(KILL_EVERY)
            alive = workers(master)
            if alive:
                pid = rng.choice(alive)
                try:
                    os.kill(pid, signal.SIGKILL)
                    kills.append(pid)
                except ProcessLookupError:
                    pass

    threads = [threading.Thread(target=c.run) for c in clients] + [threading.Thread(target=killer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()  # a client finishes the submission it has started (with its retries) after the time is up
    return tally, len(kills)


@dataclass
class Check:
    """What the database holds for one kind of submission."""

    sent: int = 0
    posts: int = 0
    acknowledged: int = 0
    acknowledged_on_retry: int = 0
    stored_before_retry: int = 0
    stored: int = 0
    stored_unacknowledged: int = 0
    gave_up: int = 0
    lost: int = 0
    duplicated: int = 0
    half_written: int = 0
    problems: list[str] = field(default_factory=list)

    def count(self, submissions: list[Submission], stored: Counter) -> None:
        """Set the figures from what was sent and how many times each key is stored; duplicates table-wide."""
        self.sent = len(submissions)
        self.posts = sum(s.posts for s in submissions)
        self.acknowledged = sum(s.acknowledged for s in submissions)
        self.acknowledged_on_retry = sum(s.acknowledged and s.posts > 1 for s in submissions)
        self.stored = sum(stored[s.key] > 0 for s in submissions)
        self.stored_unacknowledged = sum(stored[s.key] > 0 and not s.acknowledged for s in submissions)
        self.gave_up = sum(stored[s.key] == 0 and not s.acknowledged for s in submissions)
        lost = [s.key for s in submissions if s.acknowledged and stored[s.key] == 0]
        self.lost = len(lost)
        self.problems += [f"acknowledged but not stored: {key}" for key in lost[:10]]
        self.duplicated = sum(n > 1 for n in stored.values())

    def retried_after_storing(self, submission: Submission, created_at: datetime) -> None:
        """Count a retry of a post that had been stored already (killed between commit and response)."""
        retried_at = submission.retried_at
        if retried_at is not None and created_at < datetime.fromtimestamp(retried_at, UTC):
            self.stored_before_retry += 1

    def bad(self, what: str) -> None:
        """Count a record that is half-written or not what was sent, keeping the first few for the report."""
        self.half_written += 1
        if len(self.problems) < 20:
            self.problems.append(what)


def check_quizzes(conn, sent: list[Submission], households: list[Household], course) -> Check:
    """Every stored attempt is the one sent (module, household, score, every answer); every member who has
    passed every module holds exactly one valid certificate, issued with its audit entry."""
    from sqlalchemy import func, select

    from learning.audit.models import AuditEntry
    from learning.certificates.models import Certificate
    from learning.households.models import Member
    from learning.learn.models import QuizAttempt

    check = Check()
    household_ids = [h.id for h in households]
    stored = Counter(dict(conn.execute(select(QuizAttempt.submission_id, func.count()).group_by(
        QuizAttempt.submission_id).having(func.count() > 1)).all()))
    rows = {row.submission_id: row for row in conn.execute(
        select(QuizAttempt, Member.household_id).join(Member, Member.id == QuizAttempt.member_id)
        .where(Member.household_id.in_(household_ids)))}
    for key in rows:
        stored[key] = stored[key] or 1
    check.count(sent, stored)
    quizzes = {m.id: m.quiz for m in course.modules}
    for s in sent:
        row = rows.get(s.key)
        if row is None:
            continue
        check.retried_after_storing(s, row.created_at)
        quiz = quizzes[s.expected["module"]]
        answers = grading.answers_from_json(row.answers or {}, quiz)
        expected = (s.owner, s.expected["module"], s.expected["points"], s.expected["passed"],
                    len(quiz.questions))
        if (row.household_id, row.module_id, row.score, row.passed, len(answers)) != expected \
                or grading.score(quiz, answers).points != row.score:
            check.bad(f"attempt {s.key} is not what was sent")
    passed = Counter((r.member_id, r.module_id) for r in rows.values() if r.passed)
    members = conn.execute(select(Member.id).where(Member.household_id.in_(household_ids))).scalars().all()
    certificates = Counter(conn.execute(select(Certificate.member_id).where(
        Certificate.member_id.in_(members), Certificate.course_id == course.id,
        Certificate.revoked_at.is_(None))).scalars().all())
    for member in members:
        complete = all(passed[(member, m.id)] for m in course.modules)
        if certificates[member] != (1 if complete else 0):
            check.bad(f"member {member}: {certificates[member]} valid certificates, course done: {complete}")
    unaudited = conn.execute(select(func.count()).select_from(Certificate).where(
        Certificate.member_id.in_(members), ~select(AuditEntry.id).where(
            AuditEntry.action == "certificate.issue", AuditEntry.subject_type == "certificate",
            AuditEntry.subject_id == Certificate.id).exists())).scalar_one()
    for _ in range(unaudited):
        check.bad("a certificate without its audit entry")
    return check


def check_attendance(conn, sent: list[Submission], group_ids: list[int]) -> Check:
    """Every stored session is the one sent: its group, date and lessons, every member's attendance, and the
    lessons covered recorded as read for each member present."""
    from sqlalchemy import func, select

    from learning.facilitate.models import AttendanceRecord, GroupSession
    from learning.learn.models import LessonRead

    check = Check()
    stored = Counter(dict(conn.execute(select(GroupSession.submission_id, func.count()).group_by(
        GroupSession.submission_id).having(func.count() > 1)).all()))
    rows = {row.submission_id: row for row in conn.execute(
        select(GroupSession).where(GroupSession.group_id.in_(group_ids)))}
    for key in rows:
        stored[key] = stored[key] or 1
    check.count(sent, stored)
    attendance: dict[int, dict[int, str]] = {}
    for session_id, member_id, status in conn.execute(
            select(AttendanceRecord.session_id, AttendanceRecord.member_id, AttendanceRecord.status)):
        attendance.setdefault(session_id, {})[member_id] = str(status)
    reads = {tuple(r) for r in conn.execute(
        select(LessonRead.member_id, LessonRead.course_id, LessonRead.module_id, LessonRead.lesson_id))}
    for s in sent:
        row = rows.get(s.key)
        if row is None:
            continue
        check.retried_after_storing(s, row.created_at)
        if (row.group_id, row.held_on.isoformat(), sorted(row.lessons or [])) != \
                (s.owner, s.expected["held_on"], sorted(s.expected["lessons"])):
            check.bad(f"session {s.key}: group, date or lessons not as sent")
        if attendance.get(row.id, {}) != s.expected["statuses"]:
            check.bad(f"session {s.key}: {len(attendance.get(row.id, {}))} attendance rows of "
                      f"{len(s.expected['statuses'])}, or not as sent")
        for member, status in s.expected["statuses"].items():
            missing = [key for key in s.expected["lessons"]
                       if status == "present" and (member, *key.split("/")) not in reads]
            if missing:
                check.bad(f"session {s.key}: member {member} present, lessons not read: {missing}")
    return check


def check_database(url: str, tally: Tally, households: list[Household], course) -> tuple[Check, Check, str]:
    """Both checks, and SQLite's own integrity and foreign-key checks (the server is stopped by now)."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            sent = {kind: [s for s in tally.submissions if s.kind == kind] for kind in ("quiz", "attendance")}
            quizzes = check_quizzes(conn, sent["quiz"], households, course)
            sessions = check_attendance(conn, sent["attendance"], sorted({h.group_id for h in households}))
            integrity = "n/a (PostgreSQL)"
            if url.startswith("sqlite"):
                result = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
                foreign = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                integrity = f"integrity_check: {', '.join(result)}; foreign_key_check: {len(foreign)} rows"
                if result != ["ok"] or foreign:
                    integrity = "FAILED " + integrity
    finally:
        engine.dispose()
    return quizzes, sessions, integrity


def server_log(log: Path) -> Counter:
    """What gunicorn's log says: workers booted and killed, unhandled errors, timeouts."""
    text = log.read_text(errors="replace")
    return Counter({
        "workers booted": text.count("Booting worker"),
        "workers reported killed": len(re.findall(r"was sent SIGKILL|was sent code 9", text)),
        "unhandled errors (500)": text.count("Unhandled error"),
        "worker timeouts": text.count("WORKER TIMEOUT"),
        "tracebacks": text.count("Traceback"),
    })


def drill(name: str, url: str, seconds: int, households_n: int) -> tuple[list[str], bool]:
    """Prepare, serve, drive under the killer, stop, check; the section's lines and whether it passed."""
    from learning.config import PROJECT_ROOT
    from learning.content.loader import load_catalog

    started = time.monotonic()
    course = load_catalog(PROJECT_ROOT / "courses").course(COURSE)
    data, households = prepare(url, households_n)
    log = run.WORK / f"drill-{name.lower()}.log"
    process = serve(url, log)
    try:
        tally, kills = drive(process.pid, households, list(course.modules), seconds)
    finally:
        run.stop(process)
    quizzes, sessions, integrity = check_database(url, tally, households, course)
    logged = server_log(log)
    failed = quizzes.lost + sessions.lost + quizzes.duplicated + sessions.duplicated + quizzes.half_written \
        + sessions.half_written + logged["unhandled errors (500)"] > 0 or integrity.startswith("FAILED")
    errors = ", ".join(f"{kind}: {n}" for kind, n in tally.errors.most_common()) or "none"
    lines = [f"### {name}: {'FAILED' if failed else 'passed'}", "",
             f"- Data: {data}; drill households: {len(households)} of {MEMBERS_PER_HOUSEHOLD} members in "
             f"{GROUPS} groups of the demo facilitator's",
             f"- Server: gunicorn, {WORKERS} sync workers; {seconds} s of submissions from {len(households)} "
             f"phones and {GROUPS} facilitator sessions; a random worker sent SIGKILL every "
             f"{KILL_EVERY:.0f} s: {kills} killed, {logged['workers booted']} booted ({WORKERS} at start)",
             f"- Wall time for this database (set-up, drill, checks): {time.monotonic() - started:.0f} s", "",
             "| submissions | quiz attempts | attendance (sessions) |", "|---|---|---|"]
    for title, attr in (("sent (distinct submission ids)", "sent"), ("posts, retries included", "posts"),
                        ("acknowledged (302 to the result)", "acknowledged"),
                        ("of which acknowledged on a retry", "acknowledged_on_retry"),
                        ("of which stored by an earlier post (lost response)", "stored_before_retry"),
                        ("stored", "stored"),
                        ("stored without acknowledgement", "stored_unacknowledged"),
                        ("neither (gave up after 6 tries)", "gave_up"),
                        ("**lost** (acknowledged, not stored)", "lost"), ("**duplicated**", "duplicated"),
                        ("**half-written or not as sent**", "half_written")):
        lines.append(f"| {title} | {getattr(quizzes, attr)} | {getattr(sessions, attr)} |")
    lines += ["", f"- Client errors by kind (every request, form pages included): {errors}",
              f"- Server log: {', '.join(f'{k}: {n}' for k, n in logged.items())}",
              f"- SQLite: {integrity}" if url.startswith("sqlite") else "- PostgreSQL: the checks above only",
              ""]
    for problem in quizzes.problems + sessions.problems:
        lines.append(f"    {problem}")
    return lines, not failed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--households", type=int, default=500, help="synthetic households beside the drill's")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--results", type=Path, default=None)
    args = parser.parse_args()
    started = time.monotonic()
    run.WORK.mkdir(parents=True, exist_ok=True)
    sqlite_file = run.WORK / "drill.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    lines, passed = drill("SQLite", f"sqlite:///{sqlite_file}", args.seconds, args.households)
    if not args.skip_postgres:
        with scratch_postgres("twelet_drill") as url:
            more, also = drill("PostgreSQL", url, args.seconds, args.households)
        lines += more
        passed = passed and also
    command = f".venv/bin/python bench/drill.py --seconds {args.seconds} --results bench/RESULTS.md"
    head = header(f"make drill ({command})")
    head[0] += f" Whole run: {time.monotonic() - started:.0f} s."
    head += ["- Goal: every acknowledged submission stored exactly once and whole, with a worker killed "
             "every 2 s; a phone retries a failed post with the same submission id.", ""]
    tail = ["<details><summary>Commands run</summary>", "", *[f"    {c}" for c in run.COMMANDS], "",
            "</details>"]
    print("\n".join(head + lines + tail))
    if args.results:
        write_section(args.results, "Crash drill", head + lines + tail)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
