"""Every table, imported in one place so that Alembic and the tests see the whole schema."""
from learning.audit.models import AuditEntry  # noqa: F401
from learning.auth.models import Staff, staff_states, staff_townships  # noqa: F401
from learning.certificates.models import Certificate  # noqa: F401
from learning.db import Base
from learning.facilitate.models import AttendanceRecord, Group, GroupSession, SuspectedDuplicate  # noqa: F401
from learning.households.models import Household, HouseholdSession, Member  # noqa: F401
from learning.learn.models import LessonRead, QuizAttempt, QuizVersion  # noqa: F401
from learning.places.models import State, Township  # noqa: F401

metadata = Base.metadata
