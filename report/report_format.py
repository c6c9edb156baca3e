# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""How the addon's PDF reports write dates, amounts, numbers and names.

Persian readers get Jalali dates and Persian digits; right-to-left readers get the Latin
and digit runs of free texts isolated (see ``bidi``), so that wkhtmltopdf lays the line
out right. The report models hand a ``ReportFormatter`` to their templates as ``fmt``.
"""

from datetime import datetime

from odoo import fields
from odoo.tools import format_amount, format_date

from ..tools import bidi, jalali


class ReportFormatter:
    """Formats values for the reader of ``env`` (its language and time zone)."""

    def __init__(self, env):
        self.env = env
        self.persian = jalali.is_persian(env.lang)

    def date(self, value):
        """A date (or a moment, read in the reader's time zone): Jalali with Persian
        digits for Persian readers, the language's own format otherwise."""
        if not value:
            return ""
        if isinstance(value, datetime):
            value = fields.Datetime.context_timestamp(self.env.user, value)
        if self.persian:
            return jalali.jalali_date(value)
        return format_date(self.env, value)

    def amount(self, amount, currency):
        """An amount with its currency, in Persian digits for Persian readers."""
        return self.number(format_amount(self.env, amount, currency))

    def number(self, value):
        """A number: Persian digits for Persian readers."""
        text = str(value)
        return jalali.persian_digits(text) if self.persian else text

    def text(self, value):
        """A free text (a name, a title): its Latin and digit runs isolated for
        right-to-left readers."""
        if self.env["res.lang"]._get_data(code=self.env.lang).direction == "rtl":
            return bidi.isolate_ltr_runs(value)
        return value or ""


def report_values(env, model, docids, **values):
    """What a report model gives its template: the printed records as Odoo's default
    rendering names them, the formatter as ``fmt``, and ``values``."""
    return {
        "doc_ids": docids,
        "doc_model": model,
        "docs": env[model].browse(docids),
        "fmt": ReportFormatter(env),
        **values,
    }
