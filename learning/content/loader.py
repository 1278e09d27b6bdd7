"""Read courses/ into an immutable Catalog, collecting every problem with its file and line."""
from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from learning.content.lines import line_of
from learning.content.markdown import render_lesson
from learning.content.model import (
    ID_RE,
    Catalog,
    CheckItem,
    Course,
    CourseText,
    Lesson,
    LessonText,
    Module,
    ModuleText,
    OptionText,
    Problem,
    Question,
    QuestionText,
    Quiz,
    TextFile,
    TextInfo,
)
from learning.content.review import read_text_info
from learning.i18n.languages import LANGUAGES, localise_digits
from learning.i18n.text import normalise

TOML_LINE_RE = re.compile(r"at line (\d+)")
QUESTION_TYPES = ("single", "multiple", "number")
DEFAULT_PASS_MARK = 70
CHECK_SIZE = (6, 10)  # a course's knowledge check: this many questions from its module quizzes (issue 18)
NOT_COURSES = ("glossary",)  # folders of courses/ that hold no course
GUIDE_FOLDER = "guide"  # <module>/guide/<lang>.md: the facilitator's guide to a session on the module
MODULE_FOLDERS = ("img", GUIDE_FOLDER)  # folders of a module that are not languages

MediaUrl = Callable[[str, str, str], str]


class ContentError(Exception):
    """The content has problems; the application refuses to serve it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def default_media_url(course_id: str, module_id: str, filename: str) -> str:
    return f"/learn/media/{course_id}/{module_id}/{filename}"


class _Reader:
    def __init__(self, root: Path, media_url: MediaUrl):
        self.root = root
        self.media_url = media_url
        self.problems: list[Problem] = []
        self.text_files: list[TextFile] = []

    # -- reporting ---------------------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, path: Path, message: str, needle: str | None = None, line: int | None = None) -> None:
        if line is None:
            line = line_of(path, needle) if needle else 1
        self.problems.append(Problem(self.rel(path), line, message))

    # -- files -------------------------------------------------------------------------------------------
    def toml(self, path: Path, offset: int = 0, text: str | None = None) -> dict | None:
        try:
            raw = text if text is not None else path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(path, f"cannot read: {exc}")
            return None
        try:
            return tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            match = TOML_LINE_RE.search(str(exc))
            self.problem(path, f"invalid TOML: {exc}", line=(int(match.group(1)) if match else 1) + offset)
            return None

    def text_info(self, path: Path, data: dict) -> TextInfo:
        info, problems = read_text_info(data, self.rel(path))
        for key, message in problems:
            self.problem(path, message, key)
        return info

    def required_text(self, path: Path, data: dict, key: str, needle: str | None = None) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"{key} is missing or empty", needle or key)
            return ""
        return value

    def check_script(self, path: Path, language: str, text: str) -> None:
        if unicodedata.normalize("NFC", text) != text:
            self.problem(path, "text is not in Unicode NFC form")
        if language != "my":
            return  # Zawgyi is Burmese; a Zawgyi converter must never look at Shan, Mon or Karen
        for number, line in enumerate(text.splitlines(), start=1):
            result = normalise(line)
            if result.converted or result.suggestion:
                self.problem(path, "this line looks like Zawgyi; content must be Unicode", line=number)

    # -- structure ---------------------------------------------------------------------------------------
    def ids(self, path: Path, values, what: str) -> tuple[str, ...]:
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.problem(path, f"{what} must be a list of ids")
            return ()
        seen: set[str] = set()
        result = []
        for value in values:
            if not ID_RE.match(value):
                self.problem(path, f"invalid id {value!r}: use lowercase letters, digits and '-'", value)
                continue
            if value in seen:
                self.problem(path, f"duplicate id {value!r} in {what}", value)
                continue
            seen.add(value)
            result.append(value)
        return tuple(result)

    def course(self, course_dir: Path) -> Course | None:
        path = course_dir / "course.toml"
        if not path.exists():
            self.problem(path, "course.toml is missing")
            return None
        data = self.toml(path)
        if data is None:
            return None
        course_id = data.get("id")
        if course_id != course_dir.name:
            self.problem(path, f"id {course_id!r} must equal the folder name {course_dir.name!r}", "id")
        module_ids = self.ids(path, data.get("modules", []), "modules")
        modules = []
        for position, module_id in enumerate(module_ids, start=1):
            module_dir = course_dir / module_id
            if not module_dir.is_dir():
                self.problem(path, f"unknown module {module_id!r}: no folder {module_id}/", module_id)
                continue
            module = self.module(course_dir.name, module_dir, position)
            if module is not None:
                modules.append(module)
        for child in sorted(course_dir.iterdir()):
            if child.is_dir() and child.name not in module_ids:
                self.problem(path, f"folder {child.name}/ is not listed in modules", "modules")
        texts = {}
        for code in LANGUAGES:
            text_path = course_dir / f"{code}.toml"
            if text_path.exists():
                self.text_files.append(TextFile(text_path, code))
            if text_path.exists() and (text := self.toml(text_path)) is not None:
                self.check_script(text_path, code, text_path.read_text(encoding="utf-8"))
                texts[code] = CourseText(
                    code, self.required_text(text_path, text, "title"), text.get("summary", ""),
                    self.text_info(text_path, text),
                )
        for extra in course_dir.glob("*.toml"):
            if extra.name != "course.toml" and extra.stem not in LANGUAGES:
                self.problem(extra, f"unknown language code {extra.stem!r}")
        if not texts:
            self.problem(path, "the course has no title in any language (add <lang>.toml)")
        check = self.check(path, data.get("check"), modules)
        return Course(course_dir.name, tuple(modules), MappingProxyType(texts), check)

    def check(self, path: Path, data, modules: list[Module]) -> tuple[CheckItem, ...]:
        """The course's knowledge check: [check] questions = ["module-id/question-id", ...], CHECK_SIZE of them."""
        if data is None:
            return ()
        raw = data.get("questions") if isinstance(data, dict) else None
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.problem(path, 'check: questions must be a list of "module-id/question-id"', "[check]")
            return ()
        if not CHECK_SIZE[0] <= len(raw) <= CHECK_SIZE[1]:
            self.problem(path, f"check: a knowledge check asks {CHECK_SIZE[0]} to {CHECK_SIZE[1]} questions, "
                               f"not {len(raw)}", "[check]")
        known = {m.id: m for m in modules}
        items: list[CheckItem] = []
        for value in raw:
            module_id, _, question_id = value.partition("/")
            module = known.get(module_id)
            if module is None or module.quiz.question(question_id) is None:
                self.problem(path, f"check: {value!r} names no question of a module quiz of this course", value)
                continue
            item = CheckItem(module_id, question_id)
            if item in items:
                self.problem(path, f"check: {value!r} is asked twice", value)
                continue
            items.append(item)
        return tuple(items)

    def module(self, course_id: str, module_dir: Path, position: int) -> Module | None:
        path = module_dir / "module.toml"
        if not path.exists():
            self.problem(path, "module.toml is missing")
            return None
        data = self.toml(path)
        if data is None:
            return None
        if data.get("id") != module_dir.name:
            self.problem(path, f"id {data.get('id')!r} must equal the folder name {module_dir.name!r}", "id")
        lesson_ids = self.ids(path, data.get("lessons", []), "lessons")
        quiz = self.quiz(path, data.get("quiz"))
        languages = sorted(d.name for d in module_dir.iterdir() if d.is_dir() and d.name not in MODULE_FOLDERS)
        lesson_texts: dict[str, dict[str, LessonText]] = {lid: {} for lid in lesson_ids}
        module_texts: dict[str, ModuleText] = {}
        for code in languages:
            lang_dir = module_dir / code
            if code not in LANGUAGES:
                self.problem(lang_dir, f"unknown language folder {code!r}")
                continue
            text = self.module_text(lang_dir / "module.toml", code, quiz)
            if text is not None:
                module_texts[code] = text
            for lesson_path in sorted(lang_dir.glob("*.md")):
                if lesson_path.stem not in lesson_texts:
                    self.problem(lesson_path, f"unknown lesson id {lesson_path.stem!r}: not in module.toml lessons")
                    continue
                lesson = self.lesson_text(lesson_path, code, course_id, module_dir)
                if lesson is not None:
                    lesson_texts[lesson_path.stem][code] = lesson
        for lesson_id, texts in lesson_texts.items():
            if not texts:
                self.problem(path, f"lesson {lesson_id!r} has no text in any language", lesson_id)
        if quiz is None or not module_texts:
            if not module_texts:
                self.problem(path, "the module has no <lang>/module.toml in any language")
            return None
        lessons = tuple(
            Lesson(lid, module_dir.name, course_id, i, MappingProxyType(lesson_texts[lid]))
            for i, lid in enumerate(lesson_ids, start=1)
        )
        return Module(
            module_dir.name, course_id, position, lessons, quiz, MappingProxyType(module_texts),
            version=_folder_hash(module_dir), guides=self.guides(course_id, module_dir),
        )

    def guides(self, course_id: str, module_dir: Path) -> MappingProxyType:
        """The facilitator's guide in each language it is written in: guide/<lang>.md, a lesson's format."""
        found = {}
        folder = module_dir / GUIDE_FOLDER
        for path in sorted(folder.glob("*")) if folder.is_dir() else ():
            if path.suffix != ".md" or path.stem not in LANGUAGES:
                self.problem(path, f"unknown file in {GUIDE_FOLDER}/: name guides <lang>.md, for example en.md")
                continue
            guide = self.lesson_text(path, path.stem, course_id, module_dir)
            if guide is not None:
                found[path.stem] = guide
        return MappingProxyType(found)

    def quiz(self, path: Path, data) -> Quiz | None:
        if not isinstance(data, dict):
            self.problem(path, "[quiz] is missing")
            return None
        pass_mark = data.get("pass_mark", DEFAULT_PASS_MARK)
        if not isinstance(pass_mark, int) or not 1 <= pass_mark <= 100:
            self.problem(path, "pass_mark must be a whole percentage from 1 to 100", "pass_mark")
            pass_mark = DEFAULT_PASS_MARK
        questions = []
        seen: set[str] = set()
        for raw in data.get("questions", []):
            question = self.question(path, raw)
            if question is None:
                continue
            if question.id in seen:
                self.problem(path, f"duplicate question id {question.id!r}", f'"{question.id}"')
                continue
            seen.add(question.id)
            questions.append(question)
        if not questions:
            self.problem(path, "the quiz has no valid questions", "[quiz]")
            return None
        return Quiz(pass_mark, tuple(questions))

    def question(self, path: Path, raw: dict) -> Question | None:
        qid = raw.get("id")
        if not isinstance(qid, str) or not ID_RE.match(qid):
            self.problem(path, f"question id {qid!r} is missing or invalid", str(qid) if qid else "[[quiz.questions]]")
            return None
        needle = f'"{qid}"'
        qtype = raw.get("type")
        if qtype not in QUESTION_TYPES:
            self.problem(path, f"question {qid!r}: type must be one of {', '.join(QUESTION_TYPES)}", needle)
            return None
        points = raw.get("points", 1)
        if not isinstance(points, int) or points < 1:
            self.problem(path, f"question {qid!r}: points must be a whole number from 1", needle)
            return None
        answer = raw.get("answer")
        if qtype == "number":
            tolerance = raw.get("tolerance", 0)
            if isinstance(answer, bool) or not isinstance(answer, int | float):
                self.problem(path, f"question {qid!r}: a number question needs a numeric answer", needle)
                return None
            if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
                self.problem(path, f"question {qid!r}: tolerance must be a number from 0", needle)
                return None
            return Question(qid, "number", (), float(answer), points, float(tolerance))
        options = self.ids(path, raw.get("options", []), f"options of {qid!r}")
        if len(options) < 2:
            self.problem(path, f"question {qid!r} needs at least two options", needle)
            return None
        keys = (answer,) if qtype == "single" else answer
        if qtype == "single" and not isinstance(answer, str):
            self.problem(path, f"question {qid!r}: the answer of a single-choice question is one option id", needle)
            return None
        if qtype == "multiple" and (not isinstance(answer, list) or not answer):
            self.problem(path, f"question {qid!r}: the answer of a multiple-choice question is a list of option ids", needle)
            return None
        unknown = [k for k in keys if k not in options]
        if unknown:
            self.problem(path, f"question {qid!r}: answer key names no option: {', '.join(map(str, unknown))}", needle)
            return None
        return Question(qid, qtype, options, answer if qtype == "single" else tuple(answer), points)

    # -- texts -------------------------------------------------------------------------------------------
    def module_text(self, path: Path, code: str, quiz: Quiz | None) -> ModuleText | None:
        if not path.exists():
            self.problem(path, "module text is missing for this language")
            return None
        self.text_files.append(TextFile(path, code))
        data = self.toml(path)
        if data is None:
            return None
        self.check_script(path, code, path.read_text(encoding="utf-8"))
        info = self.text_info(path, data)
        title = self.required_text(path, data, "title")
        raw_questions = data.get("questions", {})
        digits = _digits_for(code)
        questions: dict[str, QuestionText] = {}
        known = {q.id: q for q in quiz.questions} if quiz else {}
        for qid in raw_questions:
            if quiz and qid not in known:
                self.problem(path, f"unknown question id {qid!r}: not in module.toml", f"[questions.{qid}]")
        for qid, question in known.items():
            raw = raw_questions.get(qid)
            if not isinstance(raw, dict):
                self.problem(path, f"question {qid!r} has no text in this language", "[questions")
                continue
            needle = f"[questions.{qid}]"
            prompt = self.required_text(path, raw, "prompt", needle)
            explanation = raw.get("explanation", "")
            if question.type == "number" and not explanation:
                self.problem(path, f"question {qid!r}: a number question needs an explanation", needle)
            raw_options = raw.get("options", {}) if isinstance(raw.get("options", {}), dict) else {}
            options = {}
            for oid in question.options:
                option = raw_options.get(oid)
                if not isinstance(option, dict) or not option.get("text"):
                    self.problem(path, f"question {qid!r}: option {oid!r} is missing in this language", needle)
                    continue
                options[oid] = OptionText(digits(option["text"]), digits(option.get("explanation", "")))
            for oid in raw_options:
                if oid not in question.options:
                    self.problem(path, f"question {qid!r}: unknown option id {oid!r}", f"[questions.{qid}.options]")
            questions[qid] = QuestionText(digits(prompt), digits(explanation), digits(raw.get("unit", "")),
                                          MappingProxyType(options))
        return ModuleText(code, digits(title), digits(data.get("summary", "")), MappingProxyType(questions), info)

    def lesson_text(self, path: Path, code: str, course_id: str, module_dir: Path) -> LessonText | None:
        self.text_files.append(TextFile(path, code))
        raw = path.read_text(encoding="utf-8")
        if not raw.startswith("+++\n"):
            self.problem(path, "missing front matter: the file must start with a +++ line", line=1)
            return None
        end = raw.find("\n+++\n", 4)
        if end == -1:
            self.problem(path, "front matter is not closed with a +++ line", line=1)
            return None
        data = self.toml(path, offset=1, text=raw[4:end + 1])
        if data is None:
            return None
        self.check_script(path, code, raw)
        info = self.text_info(path, data)
        title = self.required_text(path, data, "title")
        body = raw[end + 5:]
        body_line = raw[: end + 5].count("\n") + 1

        def image(src: str, line: int) -> str | None:
            target = (module_dir / src).resolve()
            if src.startswith(("/", "http:", "https:", "data:")) or ".." in Path(src).parts or not target.is_file():
                self.problem(path, f"broken image link {src!r}: no such file beside the lesson", line=body_line + line - 1)
                return None
            return self.media_url(course_id, module_dir.name, src)

        html = render_lesson(body, image, _digits_for(code))
        return LessonText(code, _digits_for(code)(title), html, info)


def _folder_hash(folder: Path) -> str:
    """A module's content version: every file a learner sees (not the facilitator's guide)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).parts[0] != GUIDE_FOLDER):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class ContentReport:
    """What reading courses/ found: the catalog, errors, warnings, and every text file with its language."""

    catalog: Catalog
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text_files: list[TextFile] = field(default_factory=list)
    shown_as: Callable[[Path], str] = str  # a path as reports show it: courses/...


def read_content(root: Path, media_url: MediaUrl = default_media_url) -> ContentReport:
    """Read every course under root; returns what could be read, every problem found and the text files read."""
    reader = _Reader(root, media_url)
    courses = []
    if not root.is_dir():
        reader.problem(root, "the courses folder is missing")
    else:
        for course_dir in sorted(
            d for d in root.iterdir() if d.is_dir() and not d.name.startswith((".", "_")) and d.name not in NOT_COURSES
        ):
            course = reader.course(course_dir)
            if course is not None:
                courses.append(course)
    return ContentReport(Catalog(tuple(courses)), reader.problems, [], reader.text_files, reader.rel)


def read_catalog(root: Path, media_url: MediaUrl = default_media_url) -> tuple[Catalog, list[Problem]]:
    """Read every course under root; returns what could be read and every problem found."""
    report = read_content(root, media_url)
    return report.catalog, report.problems


def load_catalog(root: Path, media_url: MediaUrl = default_media_url) -> Catalog:
    """Read every course under root; raises ContentError when anything is wrong."""
    catalog, problems = read_catalog(root, media_url)
    if problems:
        raise ContentError(problems)
    return catalog


def _digits_for(code: str):
    """How a text's numbers are written in its language: Myanmar digits for Burmese, Shan, Mon and Karen, as the
    interface writes them; lessons and quizzes are written with Latin digits, which people type as well."""
    language = LANGUAGES.get(code)
    if language is None or not language.myanmar_digits:
        return lambda text: text
    return lambda text: localise_digits(text, code)
