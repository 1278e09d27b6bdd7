"""The report filter form (GET, so a filtered page can be bookmarked and shared between coordinators)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from learning.reports.filters import ReportFilter


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # read-only, sent with GET

    state = SelectField(_l("State or region"), validators=[Optional()])
    township = SelectField(_l("Township"), validators=[Optional()])
    group = SelectField(_l("Group"), validators=[Optional()])
    course = SelectField(_l("Course"), validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def report(self) -> ReportFilter:
        return ReportFilter(
            state=self.state.data or None, township=self.township.data or None,
            group_id=int(self.group.data) if (self.group.data or "").isdigit() else None,
            course_id=self.course.data or None, since=self.since.data, until=self.until.data,
        )
