"""Progress: lessons read and quiz attempts, keyed by the content's stable string ids."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.db import Base, UTCDateTime, string_enum, utcnow
from learning.households.models import Member


class Source(enum.StrEnum):
    """Who recorded the progress: the learner on a phone, or a facilitator from a session or paper."""

    PHONE = "phone"
    FACILITATOR = "facilitator"


class LessonRead(Base):
    """A member read a lesson; only the first time is kept."""

    __tablename__ = "lesson_reads"
    __table_args__ = (
        UniqueConstraint("member_id", "course_id", "module_id", "lesson_id"),
        Index("ix_lesson_reads_course", "course_id"),  # the dashboard's count of a course's reads
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(64))
    module_id: Mapped[str] = mapped_column(String(64))
    lesson_id: Mapped[str] = mapped_column(String(64))
    content_version: Mapped[str] = mapped_column(String(32))
    source: Mapped[Source] = mapped_column(string_enum(Source, "source"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuizAttempt(Base):
    """One submitted quiz: the answers, the score, and the content version it was answered against."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        UniqueConstraint("submission_id"),
        Index("ix_quiz_attempts_member_module", "member_id", "course_id", "module_id"),
        # the dashboard's attempts and pass rates per module, read from the index alone
        Index("ix_quiz_attempts_course_module", "course_id", "module_id", "member_id", "passed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(64))  # from the form: a retry stores nothing new
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(64))
    module_id: Mapped[str] = mapped_column(String(64))
    content_version: Mapped[str] = mapped_column(String(32))
    answers: Mapped[dict] = mapped_column(JSON)
    score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    percent: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[Source] = mapped_column(string_enum(Source, "source"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # when the server received it
    # When the member answered: the time received, or for answers kept on a phone while it was offline the time
    # the phone says they were given (within the answer token's lifetime). Completion dates follow it.
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Answered on a version of the quiz that the server no longer knows: kept, scored 0, for a person to look at.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    # The order the options were shown in, {question id: [option ids]}: shuffled per attempt on phones (grading
    # is by option id). None for paper results and older attempts: the module's order.
    option_order: Mapped[dict | None] = mapped_column(JSON, nullable=True)

    member: Mapped[Member] = relationship()


class QuizVersion(Base):
    """A quiz as it was in one content version, kept so that an answer given offline on a phone that still had
    that version is graded against the questions the member saw."""

    __tablename__ = "quiz_versions"

    course_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_version: Mapped[str] = mapped_column(String(32), primary_key=True)
    quiz: Mapped[dict] = mapped_column(JSON)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KnowledgeCheck(Base):
    """A member's knowledge check of a course, taken once before its first lesson (or skipped): not graded for
    the learner, kept so that what people knew before can be set beside their first quiz attempts."""

    __tablename__ = "knowledge_checks"
    __table_args__ = (UniqueConstraint("member_id", "course_id"), UniqueConstraint("submission_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(64))
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    answers: Mapped[dict] = mapped_column(JSON)  # {"module.question": answer}; empty when skipped
    option_order: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KnowledgeScore(Base):
    """How many of the course's check questions of one module a member answered right, before (the check) and
    after (their first attempt of the module quiz, on the same questions); the after columns stay empty until
    that attempt. The dashboard's and the exports' "before" and "after" add these up without a join."""

    __tablename__ = "knowledge_scores"
    __table_args__ = (UniqueConstraint("member_id", "course_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[str] = mapped_column(String(64))
    module_id: Mapped[str] = mapped_column(String(64))
    before_correct: Mapped[int | None] = mapped_column(Integer, nullable=True)
    before_asked: Mapped[int | None] = mapped_column(Integer, nullable=True)
    after_correct: Mapped[int | None] = mapped_column(Integer, nullable=True)
    after_asked: Mapped[int | None] = mapped_column(Integer, nullable=True)
