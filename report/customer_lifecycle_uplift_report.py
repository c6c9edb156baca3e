# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Uplift of each incentive: the repeat-purchase rate (CEM) and the referral rate (CAM) of the
customers who were given it in a month, against the customers at the same stage who were given
nothing that month.

A month is a month of the reader's calendar: the view holds the cells of Gregorian months and
those of Solar Hijri months (``calendar``), and each user reads those of their own calendar."""

from babel.dates import format_date

from odoo import api, fields, models, tools
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse

from ..models.customer_incentive import INCENTIVE_KINDS
from ..models.customer_referral import COUNTED_STATES
from ..odoo_compat import domain_and
from ..tools import jalali_periods


class CustomerLifecycleUpliftReport(models.Model):
    _name = "customer.lifecycle.uplift.report"
    _description = "Customer Lifecycle Incentive Uplift"
    _auto = False
    _order = "month desc, incentive_id"
    _rec_name = "incentive_id"
    _lifecycle_jalali_period_fields = ("month",)  # grouped by Jalali months (see base.py)

    company_id = fields.Many2one("res.company", readonly=True)
    calendar = fields.Selection(
        [("gregorian", "Gregorian"), ("jalali", "Solar Hijri")],
        readonly=True,
        help="The calendar of the month: each user reads the months of their own calendar.",
    )
    month = fields.Date(string="First Day of the Month", readonly=True)
    month_name = fields.Char(string="Month", compute="_compute_month_name")
    stage_id = fields.Many2one("customer.lifecycle.stage", readonly=True)
    incentive_id = fields.Many2one("customer.incentive", readonly=True)
    kind = fields.Selection(INCENTIVE_KINDS, readonly=True)
    treated_count = fields.Integer(string="Given", readonly=True, help="Grants of the incentive in the month.")
    treated_repeat_count = fields.Integer(
        string="Given, Bought Again",
        readonly=True,
        help="Grants followed by a repeat purchase within the attribution window.",
    )
    treated_rate = fields.Float(string="Repeat Rate, Given (%)", readonly=True, aggregator="avg", digits=(16, 1))
    control_count = fields.Integer(
        string="Control Group",
        readonly=True,
        help="Partners at the same stage on the first day of the month who were given no incentive in the month.",
    )
    control_repeat_count = fields.Integer(
        string="Control, Bought Again",
        readonly=True,
        help="Partners of the control group with a repeat purchase within the attribution window from the "
        "first day of the month.",
    )
    control_rate = fields.Float(string="Repeat Rate, Control (%)", readonly=True, aggregator="avg", digits=(16, 1))
    treated_referral_rate = fields.Float(
        string="Referral Rate, Given (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="CAM: grants followed by a referral of the customer within the attribution window.",
    )
    control_referral_rate = fields.Float(
        string="Referral Rate, Control (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Partners of the control group who referred someone within the attribution window from the "
        "first day of the month.",
    )
    referral_uplift = fields.Float(
        string="Referral Uplift (points)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="CAM: referral rate of the customers given the incentive minus that of the control group.",
    )
    uplift = fields.Float(
        string="Uplift (points)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Repeat rate of the customers given the incentive minus that of the control group: "
        "an incentive that only rewards what would have happened anyway shows no uplift.",
    )

    @api.depends("month", "calendar")
    @api.depends_context("lang")
    def _compute_month_name(self):
        locale = babel_locale_parse(self.env.lang or "en_US")
        for row in self:
            if not row.month:
                row.month_name = False
            elif row.calendar == "jalali":
                row.month_name = jalali_periods.period_label(self.env, row.month, "month")
            else:
                row.month_name = format_date(row.month, "MMMM y", locale=locale)

    @api.model
    def _search(self, domain, *args, **kwargs):
        """Every reader reads the months of their own calendar."""
        calendar = [("calendar", "=", self.env.user.lifecycle_calendar or "gregorian")]
        return super()._search(domain_and([domain or [], calendar]), *args, **kwargs)

    def _query(self):
        """Per company, month of the grant, stage at the grant and incentive: the customers
        given it (treated) against those of the same stage given nothing that month (control)."""
        return SQL(
            """
            WITH days AS (%s), grants AS (%s), treated AS (%s),
                 cells AS (SELECT DISTINCT gr.company_id, gr.calendar, gr.month, gr.stage_id, gr.window_days
                             FROM grants gr),
                 control AS (%s)
            %s
            """,
            self.env["customer.lifecycle.purchase"]._days_sql(),
            self._grants_sql(),
            self._treated_sql(),
            self._control_sql(),
            self._select_sql(),
        )

    def _grants_sql(self):
        """The given grants, with their month and the company's attribution window."""
        return SQL(
            """
                SELECT g.id, g.partner_id, g.company_id, g.incentive_id, g.stage_id, g.date, cal.calendar,
                       CASE WHEN cal.calendar = 'jalali' AND jd.month_start IS NOT NULL THEN jd.month_start
                            ELSE date_trunc('month', g.date)::date END AS month,
                       c.lifecycle_attribution_days AS window_days
                  FROM customer_incentive_grant g
                  JOIN res_company c ON c.id = g.company_id
            CROSS JOIN (VALUES ('gregorian'), ('jalali')) AS cal(calendar)
             LEFT JOIN %s jd ON jd.day = g.date
                 WHERE g.state = 'given' AND g.stage_id IS NOT NULL
            """,
            SQL.identifier(jalali_periods.TABLE),
        )

    def _treated_sql(self):
        """The treated customers of each cell: how many bought again and referred in the window."""
        return SQL(
            """
                SELECT gr.company_id, gr.calendar, gr.month, gr.stage_id, gr.incentive_id,
                       COUNT(*) AS treated_count,
                       COUNT(*) FILTER (WHERE EXISTS (
                           SELECT 1 FROM days d
                            WHERE d.partner_id = gr.partner_id AND d.company_id = gr.company_id AND d.is_repeat
                              AND d.day >= gr.date AND d.day <= gr.date + gr.window_days
                       )) AS treated_repeat_count,
                       COUNT(*) FILTER (WHERE EXISTS (
                           SELECT 1 FROM customer_referral r
                            WHERE r.referrer_commercial_id = gr.partner_id AND r.company_id = gr.company_id
                              AND r.state = ANY(%(counted)s)
                              AND r.date >= gr.date AND r.date <= gr.date + gr.window_days
                       )) AS treated_referral_count
                  FROM grants gr
              GROUP BY gr.company_id, gr.calendar, gr.month, gr.stage_id, gr.incentive_id
            """,
            counted=list(COUNTED_STATES),
        )

    def _control_sql(self):
        """The control group of each cell: the customers at that stage at the start of the month
        given no grant that month, and how many bought again and referred in the window."""
        return SQL(
            """
                SELECT ce.company_id, ce.calendar, ce.month, ce.stage_id,
                       COUNT(st.partner_id) AS control_count,
                       COUNT(st.partner_id) FILTER (WHERE EXISTS (
                           SELECT 1 FROM days d
                            WHERE d.partner_id = st.partner_id AND d.company_id = ce.company_id AND d.is_repeat
                              AND d.day >= ce.month AND d.day <= ce.month + ce.window_days
                       )) AS control_repeat_count,
                       COUNT(st.partner_id) FILTER (WHERE EXISTS (
                           SELECT 1 FROM customer_referral r
                            WHERE r.referrer_commercial_id = st.partner_id AND r.company_id = ce.company_id
                              AND r.state = ANY(%(counted)s)
                              AND r.date >= ce.month AND r.date <= ce.month + ce.window_days
                       )) AS control_referral_count
                  FROM cells ce
             LEFT JOIN LATERAL (
                    SELECT at_start.partner_id
                      FROM (SELECT DISTINCT ON (h.partner_id) h.partner_id, h.to_stage_id
                              FROM customer_lifecycle_history h
                             WHERE h.company_id = ce.company_id AND h.date <= ce.month
                          ORDER BY h.partner_id, h.date DESC, h.id DESC) at_start
                     WHERE at_start.to_stage_id = ce.stage_id
                       AND NOT EXISTS (SELECT 1 FROM grants g2
                                        WHERE g2.partner_id = at_start.partner_id
                                          AND g2.company_id = ce.company_id AND g2.calendar = ce.calendar
                                          AND g2.month = ce.month)
                  ) st ON TRUE
              GROUP BY ce.company_id, ce.calendar, ce.month, ce.stage_id
            """,
            counted=list(COUNTED_STATES),
        )

    def _select_sql(self):
        """The rates of both groups and the uplift, one row per cell and incentive."""
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY t.company_id, t.calendar, t.month, t.stage_id, t.incentive_id) AS id,
                   t.company_id, t.calendar, t.month, t.stage_id, t.incentive_id, i.kind,
                   t.treated_count, t.treated_repeat_count,
                   100.0 * t.treated_repeat_count / t.treated_count AS treated_rate,
                   COALESCE(ct.control_count, 0) AS control_count,
                   COALESCE(ct.control_repeat_count, 0) AS control_repeat_count,
                   100.0 * ct.control_repeat_count / NULLIF(ct.control_count, 0) AS control_rate,
                   100.0 * t.treated_repeat_count / t.treated_count
                       - 100.0 * ct.control_repeat_count / NULLIF(ct.control_count, 0) AS uplift,
                   100.0 * t.treated_referral_count / t.treated_count AS treated_referral_rate,
                   100.0 * ct.control_referral_count / NULLIF(ct.control_count, 0) AS control_referral_rate,
                   100.0 * t.treated_referral_count / t.treated_count
                       - 100.0 * ct.control_referral_count / NULLIF(ct.control_count, 0) AS referral_uplift
              FROM treated t
              JOIN customer_incentive i ON i.id = t.incentive_id
         LEFT JOIN control ct
                ON ct.company_id = t.company_id AND ct.calendar = t.calendar AND ct.month = t.month
               AND ct.stage_id = t.stage_id
            """
        )

    def init(self):
        # the view reads the Jalali months of the days (filled at install, here if not yet)
        jalali_periods.create_day_table(self.env.cr)
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
