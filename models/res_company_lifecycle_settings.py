# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A company's lifecycle settings as the engine and everything below it read them, and
the one way into a company's today: below the engine, which reads them like any other
module (the purchase definition, the reader, the health scoring, the reports, the wizards)."""

from collections import namedtuple

from odoo import models, tools
from odoo.tools import SQL

from ..tools.today import day_in, today_in

CompanySettings = namedtuple("CompanySettings", "source lapse_days tz rounding")
# The fields of a company its settings are read from (with its partner's time zone and
# its currency's rounding): writing one of them clears the cached settings.
SETTINGS_COMPANY_FIELDS = ("lifecycle_purchase_source", "lifecycle_lapse_days", "partner_id", "currency_id")


class ResCompany(models.Model):
    _inherit = "res.company"

    def _lifecycle_settings(self):
        """The :class:`CompanySettings` of this company: the purchase source, the lapse
        period, the time zone (purchase days and today are days of the company's
        calendar) and the currency rounding."""
        self.ensure_one()
        return self._lifecycle_settings_values(self.id)

    def _lifecycle_settings_by_company(self, source=None):
        """{company: settings} of these companies; with ``source`` (sale or invoice), only
        the companies whose qualifying purchases are those documents."""
        settings = {}
        for company in self:
            values = self._lifecycle_settings_values(company.id)
            if values and source in (None, values.source):
                settings[company] = values
        return settings

    @tools.ormcache("company_id")
    def _lifecycle_settings_values(self, company_id):
        """The settings of one company, read in one small query (the ORM would load every
        column of the company and of its partner) and cached: every order confirmation
        needs them. The cache is cleared when one of them changes (see the ``write`` of
        res.company, res.partner and res.currency)."""
        company = self.browse(company_id)
        company.flush_recordset(SETTINGS_COMPANY_FIELDS)
        self.env["res.partner"].flush_model(["tz"])
        self.env["res.currency"].flush_model(["rounding"])
        self.env.cr.execute(
            SQL(
                """
            SELECT c.lifecycle_purchase_source, c.lifecycle_lapse_days, COALESCE(p.tz, 'UTC'), cur.rounding
              FROM res_company c
              JOIN res_partner p ON p.id = c.partner_id
              JOIN res_currency cur ON cur.id = c.currency_id
             WHERE c.id = %s
            """,
                company_id,
            )
        )
        row = self.env.cr.fetchone()
        return CompanySettings(*row) if row else None

    def _lifecycle_tz(self):
        """The company's time zone (its partner's), from its cached settings; UTC for no company."""
        settings = self and self._lifecycle_settings()
        return settings.tz if settings else "UTC"

    def _lifecycle_today(self):
        """Today in the company's calendar (its partner's time zone), whoever asks: the
        day the lifecycle rules, the searches and the defaults of the addon call today
        (UTC's today for no company). The one way into a company's today."""
        return today_in(self._lifecycle_tz())

    def _lifecycle_day_of(self, moment):
        """The day of the company's calendar on which ``moment`` (a UTC datetime, as Odoo
        stores them) falls: the day the purchases of the addon count an order on."""
        return day_in(self._lifecycle_tz(), moment)
