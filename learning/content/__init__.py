"""Course content as data: courses/ files -> an immutable Catalog. No Flask imports here."""
from learning.content.loader import load_catalog
from learning.content.model import Catalog, Course, Lesson, Module, Question, Quiz

__all__ = ["load_catalog", "Catalog", "Course", "Lesson", "Module", "Question", "Quiz"]
