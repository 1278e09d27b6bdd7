"""Immutable course content: structure (language-neutral) and texts per language."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Literal

QuestionType = Literal["single", "multiple", "number"]
STATUSES = ("draft", "reviewed")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # course, module, lesson, question and term ids


@dataclass(frozen=True)
class Problem:
    """Something wrong (or worth a look) in a content file, reported as ``file:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class TextFile:
    """A file of course text in one language: lesson, module text, course text or glossary."""

    path: Path
    language: str


@dataclass(frozen=True)
class TextInfo:
    """Who wrote a text file, and whether, by whom and when a native speaker reviewed it."""

    status: str
    author: str
    path: str
    reviewer: str = ""
    reviewed_on: date | None = None


@dataclass(frozen=True)
class LessonText:
    """A lesson in one language: title and the HTML rendered once at start-up."""

    language: str
    title: str
    html: str
    info: TextInfo


@dataclass(frozen=True)
class Lesson:
    """An ordered lesson of a module, with its texts by language."""

    id: str
    module_id: str
    course_id: str
    position: int  # 1-based within the module
    texts: MappingProxyType  # language -> LessonText


@dataclass(frozen=True)
class OptionText:
    text: str
    explanation: str


@dataclass(frozen=True)
class QuestionText:
    """A question in one language."""

    prompt: str
    explanation: str
    unit: str
    options: MappingProxyType  # option id -> OptionText


@dataclass(frozen=True)
class Question:
    """A quiz question: type, options, answer key and points (language-neutral)."""

    id: str
    type: QuestionType
    options: tuple[str, ...]
    answer: str | tuple[str, ...] | float
    points: int = 1
    tolerance: float = 0.0


@dataclass(frozen=True)
class Quiz:
    """The one quiz at the end of a module."""

    pass_mark: int
    questions: tuple[Question, ...]

    @property
    def total_points(self) -> int:
        return sum(q.points for q in self.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class ModuleText:
    """A module's title, summary and quiz texts in one language."""

    language: str
    title: str
    summary: str
    questions: MappingProxyType  # question id -> QuestionText
    info: TextInfo


@dataclass(frozen=True)
class Module:
    """A module: ordered lessons and one quiz; `version` changes whenever any of its files does."""

    id: str
    course_id: str
    position: int
    lessons: tuple[Lesson, ...]
    quiz: Quiz
    texts: MappingProxyType  # language -> ModuleText
    version: str
    # The facilitator's guide to a session on the module, by language (LessonText: title and HTML); may be empty.
    guides: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)


@dataclass(frozen=True)
class CourseText:
    language: str
    title: str
    summary: str
    info: TextInfo


@dataclass(frozen=True)
class CheckItem:
    """A question of a course's knowledge check: a module quiz's question, asked before the first lesson."""

    module_id: str
    question_id: str

    @property
    def key(self) -> str:
        """The item's id in the check's answers: ``module.question`` (question ids are unique per module only)."""
        return f"{self.module_id}.{self.question_id}"


@dataclass(frozen=True)
class Course:
    """A course: ordered modules, its texts by language and its knowledge check (empty when it has none)."""

    id: str
    modules: tuple[Module, ...]
    texts: MappingProxyType  # language -> CourseText
    check: tuple[CheckItem, ...] = ()

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)


@dataclass(frozen=True)
class Catalog:
    """Every course, loaded once at start-up."""

    courses: tuple[Course, ...] = field(default_factory=tuple)

    def course(self, course_id: str) -> Course | None:
        return next((c for c in self.courses if c.id == course_id), None)


def pick(texts: MappingProxyType, languages: tuple[str, ...]):
    """The text in the first of the languages that has one, and that language; (None, None) when none does."""
    for code in languages:
        if code in texts:
            return texts[code], code
    return None, None
