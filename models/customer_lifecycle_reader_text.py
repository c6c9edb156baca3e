# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Texts the addon writes for someone who reads them later: an activity for its
assigned user, an e-mail for its partner, a chatter line of the daily job for the
company's partner. Each is written in its reader's language, with dates in the
reader's calendar and numbers in the reader's digits (one digit system per line),
never as an ISO date inside a sentence.

Usage::

    text = self.env["customer.lifecycle.reader.text"]._for_reader(user, company)
    summary = text.env._("… until %(day)s", day=text._date(day))
"""

import jdatetime

from odoo import api, models
from odoo.tools import format_date

from ..tools import jalali

# context key: the reader reads the Solar Hijri calendar (set by _for_reader only)
JALALI_KEY = "lifecycle_reader_jalali"


class CustomerLifecycleReaderText(models.AbstractModel):
    _name = "customer.lifecycle.reader.text"
    _description = "Customer Lifecycle: Texts Written for Their Reader"

    @api.model
    def _reader_lang(self, reader=None, company=None):
        """The language of ``reader`` (a res.users or res.partner), else of the company's
        partner, else English; only an installed language counts."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        company_partner = company.sudo().partner_id if company else self.env["res.partner"]
        for lang in (reader and reader.sudo().lang, company_partner.lang):
            if lang and lang in installed:
                return lang
        return "en_US"

    @api.model
    def _for_reader(self, reader=None, company=None):
        """This model in the environment of ``reader``: ``.env._()`` translates into their
        language, :meth:`_date` and :meth:`_digits` write for them."""
        lang = self._reader_lang(reader, company)
        calendar = reader.sudo().lifecycle_calendar if reader and reader._name == "res.users" else False
        return self.with_context(lang=lang, **{JALALI_KEY: calendar == "jalali" or jalali.is_persian(lang)})

    @api.model
    def _for_current_user(self):
        """This model for the current user reading in the environment's language (a
        computed field, a message shown now)."""
        calendar = self.env.user.sudo().lifecycle_calendar
        return self.with_context(**{JALALI_KEY: calendar == "jalali" or jalali.is_persian(self.env.lang)})

    @api.model
    def _for_readers(self, readers, company=None):
        """{reader id: this model for that reader}, one environment per language and
        calendar, shared by the readers who have them (for set-based writers)."""
        by_key = {}
        result = {}
        for reader in readers:
            text = self._for_reader(reader, company)
            key = (text.env.lang, text.env.context[JALALI_KEY])
            result[reader.id] = by_key.setdefault(key, text)
        return result

    def _persian(self):
        return jalali.is_persian(self.env.lang)

    @api.model
    def _date(self, day):
        """``day`` as the reader writes a date: a Jalali date in Persian words and digits
        for a Persian reader, a Jalali date with Latin digits for a Jalali reader of
        another language, else Odoo's date format of the reader's language."""
        if not day:
            return ""
        if self._persian():
            return jalali.jalali_date(day)
        if self.env.context.get(JALALI_KEY):
            day = day.date() if hasattr(day, "date") else day
            return jdatetime.date.fromgregorian(date=day).strftime("%d %B %Y")
        return format_date(self.env, day, lang_code=self.env.lang or "en_US")  # as env._ writes its words

    @api.model
    def _digits(self, text):
        """``text`` with the reader's digits: Persian digits for a Persian reader."""
        return jalali.persian_digits(text) if text and self._persian() else text
