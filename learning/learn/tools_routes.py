"""The money tools: forms that post and show the result, no JavaScript needed."""
from __future__ import annotations

from flask import render_template, request

from learning.auth.access import public
from learning.learn import bp
from learning.learn.calculators import BudgetLine, Channel, compare_channels, plan_budget
from learning.learn.forms import MAX_BUDGET_ROWS, BudgetForm, RemittanceForm


@bp.route("/tools/remittance", methods=["GET", "POST"])
@public
def remittance():
    """Compare ways of sending one amount home: what the family receives and the true cost."""
    form = RemittanceForm()
    results = None
    if form.validate_on_submit():
        channels = [
            Channel(entry.form.name.data or f"{index}", entry.form.fee.amount or 0, entry.form.rate.amount)
            for index, entry in enumerate(form.channels.entries, start=1)
            if not entry.form.is_blank
        ]
        results = compare_channels(form.amount.amount, channels, form.market_rate.amount)
    status = 400 if request.method == "POST" and results is None else 200
    return render_template("learn/tools/remittance.html", form=form, results=results), status


@bp.route("/tools/budget", methods=["GET", "POST"])
@public
def budget():
    """A month's budget: balance, needs and wants, and a saving to aim for."""
    form = BudgetForm()
    result = None
    adding = request.form.get("add")
    if adding in ("income", "expense"):
        rows = form.incomes if adding == "income" else form.expenses
        if len(rows.entries) < MAX_BUDGET_ROWS:
            rows.append_entry()
        return render_template("learn/tools/budget.html", form=form, result=None)
    if form.validate_on_submit():
        incomes = [BudgetLine(e.form.label.data, e.form.amount.amount) for e in form.incomes.entries
                   if e.form.amount.amount]
        expenses = [BudgetLine(e.form.label.data, e.form.amount.amount, e.form.kind.data != "want")
                    for e in form.expenses.entries if e.form.amount.amount]
        result = plan_budget(incomes, expenses)
    status = 400 if request.method == "POST" and result is None else 200
    return render_template("learn/tools/budget.html", form=form, result=result), status
