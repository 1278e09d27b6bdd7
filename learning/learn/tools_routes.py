"""The money tools: forms that post and show the result, no JavaScript needed."""
from __future__ import annotations

from flask import render_template, request

from learning.auth.access import public
from learning.learn import bp
from learning.learn.calculators import BudgetLine, Channel, compare_channels, plan_budget
from learning.learn.forms import CURRENCY_UNITS, MAX_BUDGET_ROWS, BudgetForm, RemittanceForm


@bp.route("/tools/remittance", methods=["GET", "POST"])
@public
def remittance():
    """Compare ways of sending one amount home: what the family receives and the true cost.

    ``?currency=MYR`` opens the form in ringgit; the "use this currency" button shows the form again with the
    labels in the currency chosen, keeping what was typed.
    """
    asked = request.args.get("currency")
    form = RemittanceForm(currency=asked) if asked in CURRENCY_UNITS else RemittanceForm()
    comparison = None
    if request.method == "POST" and request.form.get("switch"):
        return render_template("learn/tools/remittance.html", form=form, comparison=None)
    if form.validate_on_submit():
        channels = [
            Channel(entry.form.name.data or f"{index}", entry.form.fee.amount or 0, entry.form.rate.amount)
            for index, entry in enumerate(form.channels.entries, start=1)
            if not entry.form.is_blank
        ]
        comparison = compare_channels(form.amount.amount, channels, form.market_rate.amount)
    status = 400 if request.method == "POST" and comparison is None else 200
    return render_template("learn/tools/remittance.html", form=form, comparison=comparison), status


@bp.route("/tools/budget", methods=["GET", "POST"])
@public
def budget():
    """A month's budget, saving first: income − saving − expenses, and what to cut when it does not fit."""
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
        result = plan_budget(incomes, expenses, form.saving.amount)
    status = 400 if request.method == "POST" and result is None else 200
    return render_template("learn/tools/budget.html", form=form, result=result), status
