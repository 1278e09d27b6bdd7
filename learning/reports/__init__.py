"""Coordinators' reports: the dashboard, completion exports and the audit log."""
from flask import Blueprint

from learning.learn.library import text_for

bp = Blueprint("reports", __name__, url_prefix="/reports")



@bp.app_template_filter("zip_counts")
def zip_counts(bands: list[str], by_age: dict) -> list[tuple[str, int]]:
    """Age bands with their member counts, for a bar chart."""
    return [(band, sum(by_age.get(band, {}).values())) for band in bands]


@bp.app_template_filter("module_rates")
def module_rates(modules, course, language: str) -> list[tuple[str, int]]:
    """Module titles with their pass rates, for a bar chart."""
    return [(text_for(course.module(m.module_id).texts, language).title, m.pass_rate) for m in modules]
