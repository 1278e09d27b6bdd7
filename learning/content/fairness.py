"""Quiz fairness: warnings for authors when a quiz can be passed without understanding it.

- the right answers of single-choice questions sit mostly in one position (on paper sheets the printed order
  is the module.toml order; on phones options are shuffled, but a pattern on paper is still learnt);
- the right answer is the longest option in most single-choice questions;
- a multiple-choice question whose every option is right;
- a number question whose answer is a figure printed in a lesson of the module (the learner copies it).
"""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from html import unescape

from learning.content.model import Catalog, Module

MIN_SINGLE = 4  # fewer single-choice questions than this tell nothing about positions or lengths
TEXT_LANGUAGES = ("en", "my")  # option lengths are compared in the source languages


def _text(module: Module):
    for code in TEXT_LANGUAGES:
        if code in module.texts:
            return module.texts[code]
    return None


def _figures(html: str) -> set[Decimal]:
    """The numbers printed in a lesson, with their thousands separators taken out."""
    text = unescape(re.sub(r"<[^>]+>", " ", html))  # the words only: no address, no "&#39;" read as 39
    return {Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text) if n.rstrip(",")}


def module_warnings(module: Module) -> list[str]:
    """What is unfair in one module's quiz."""
    if module.quiz is None:
        return []
    where = f"{module.course_id}/{module.id} quiz"
    found = []
    singles = [q for q in module.quiz.questions if q.type == "single"]
    if len(singles) >= MIN_SINGLE:
        position, count = Counter(q.options.index(q.answer) for q in singles).most_common(1)[0]
        if count * 2 > len(singles):
            found.append(f"{where}: the right answer is option {_letter(position)} in {count} of "
                         f"{len(singles)} single-choice questions; spread the right answers")
        text = _text(module)
        if text is not None:
            longest = [q.id for q in singles if _is_longest(text, q)]
            if len(longest) * 2 > len(singles):
                found.append(f"{where}: the right answer is the longest option in {len(longest)} of {len(singles)} "
                             f"single-choice questions ({', '.join(longest)})")
    for question in module.quiz.questions:
        if question.type == "multiple" and set(question.answer) == set(question.options):
            found.append(f"{where}: every option of {question.id!r} is right; ticking all passes it")
    printed = set()
    for lesson in module.lessons:
        english = lesson.texts.get("en")
        if english is not None:
            printed |= _figures(english.html)
    for question in module.quiz.questions:
        if question.type == "number" and Decimal(str(question.answer)) in printed:
            found.append(f"{where}: the answer to {question.id!r} ({_figure(question.answer)}) is printed in a lesson; "
                         "use figures the lessons do not give")
    return found


def _is_longest(text, question) -> bool:
    options = text.questions[question.id].options if question.id in text.questions else {}
    if question.answer not in options:
        return False
    right = len(options[question.answer].text)
    return all(right > len(o.text) for oid, o in options.items() if oid != question.answer)


def _figure(answer: float) -> str:
    """A number answer as an author writes it: 585000, 1250000, 2.5 (never 1.25e+06)."""
    return f"{Decimal(str(answer)).normalize():f}"


def _letter(position: int) -> str:
    """The printed letter of an option's position (a, b, c ... as on paper sheets)."""
    return "abcdefghij"[position] if position < 10 else str(position + 1)


def quiz_warnings(catalog: Catalog) -> list[str]:
    """Every module's quiz warnings, in course and module order."""
    return [f"warning: {w}" for course in catalog.courses for module in course.modules for w in module_warnings(module)]
