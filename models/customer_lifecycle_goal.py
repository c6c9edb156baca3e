# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The company's relationship goals for a period, with their actual values read live.

"A CRM strategy starts from the company's goals": revenue A by date B, customers at
each stage, the budget, and the unit economics (CAC, LTV, churn). Each actual is read
from the data in a few grouped queries per goal; the definitions are in the help of
each field.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .. import odoo_compat
from ..odoo_compat import domain_or
from ..tools import customer_chain as chain

TARGETS = (
    "target_revenue",
    "target_customers",
    "target_loyal",
    "target_advocates",
    "budget",
    "target_cac",
    "target_ltv",
    "target_churn_rate",
)


def run_rate_forecast(actual, elapsed_days, period_days):
    """What the period will end at if it goes on as it went so far."""
    if elapsed_days <= 0:
        return 0.0
    return actual / min(elapsed_days, period_days) * period_days


def goal_status(actual, target, forecast, elapsed_days, period_days):
    """achieved, on track (the forecast reaches the target), at risk (80 % of it) or behind."""
    if not target:
        return "no_target"
    if actual >= target:
        return "achieved"
    if elapsed_days >= period_days:
        return "missed"
    if forecast >= target:
        return "on_track"
    return "at_risk" if forecast >= 0.8 * target else "behind"


class CustomerLifecycleGoal(models.Model):
    _name = "customer.lifecycle.goal"
    _inherit = ["mail.thread"]
    _description = "Customer Relationship Goal"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    note = fields.Html(string="Strategy", help="The strategy behind these goals, in the company's own words.")
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        search="_search_is_current",
        help="The period includes the company's today (in its time zone, whoever looks).",
    )

    @api.depends("company_id", "date_start", "date_end")
    def _compute_is_current(self):
        for goal in self:
            today = goal.company_id._lifecycle_today()
            goal.is_current = bool(goal.date_start and goal.date_end) and goal.date_start <= today <= goal.date_end

    def _search_is_current(self, operator, value):
        operator, value = odoo_compat.boolean_search(operator, value)  # 19.0: ("in", [True])
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “Current”."))
        current = domain_or(
            [
                [
                    ("company_id", "=", company.id),
                    ("date_start", "<=", company._lifecycle_today()),
                    ("date_end", ">=", company._lifecycle_today()),
                ]
                for company in self.env["res.company"].sudo().search([])
            ]
        )
        return current if (operator == "=") == value else ["!", *current]

    target_revenue = fields.Monetary(
        string="Revenue Target", tracking=True, help="Revenue from qualifying purchases in the period."
    )
    target_customers = fields.Integer(string="New Customers Target", tracking=True)
    target_loyal = fields.Integer(string="Loyal Customers Target", tracking=True)
    target_advocates = fields.Integer(string="Advocates Target", tracking=True)
    budget = fields.Monetary(tracking=True, help="What the company plans to spend on its customers.")
    acquisition_cost = fields.Monetary(
        tracking=True,
        help="What it cost to acquire customers in the period (marketing, sales), entered by hand; "
        "or leave it empty and choose expense accounts.",
    )
    acquisition_account_ids = fields.Many2many(
        "account.account",
        string="Acquisition Expense Accounts",
        check_company=True,
        help="When Invoicing is used: the acquisition cost is the balance of these accounts in the period.",
    )
    target_cac = fields.Monetary(string="CAC Target", help="Highest acceptable cost to acquire a customer.")
    target_ltv = fields.Monetary(string="LTV Target", help="Lifetime value the company aims at.")
    target_churn_rate = fields.Float(string="Churn Target (%)", help="Highest acceptable churn rate in the period.")

    actual_revenue = fields.Monetary(
        compute="_compute_actuals", help="Revenue from qualifying purchases in the period (untaxed)."
    )
    revenue_progress = fields.Float(compute="_compute_actuals", string="Revenue Progress (%)")
    revenue_forecast = fields.Monetary(
        compute="_compute_actuals",
        help="Run rate: the revenue so far divided by the days elapsed, times the days of the period.",
    )
    revenue_status = fields.Selection(
        [
            ("no_target", "No Target"),
            ("achieved", "Achieved"),
            ("on_track", "On Track"),
            ("at_risk", "At Risk"),
            ("behind", "Behind"),
            ("missed", "Missed"),
        ],
        compute="_compute_actuals",
        string="Status",
    )
    actual_new_customers = fields.Integer(
        compute="_compute_actuals", string="New Customers", help="Partners who became customers in the period."
    )
    actual_loyal = fields.Integer(compute="_compute_actuals", string="Loyal Customers", help="Loyal customers now.")
    actual_advocates = fields.Integer(compute="_compute_actuals", string="Advocates", help="Advocates now.")
    actual_acquisition_cost = fields.Monetary(compute="_compute_actuals", string="Acquisition Cost (Actual)")
    actual_cac = fields.Monetary(
        compute="_compute_actuals", string="CAC", help="Acquisition cost of the period / new customers in the period."
    )
    actual_ltv = fields.Monetary(
        compute="_compute_actuals",
        string="LTV",
        help="Average order value × purchases per customer and year × average customer lifespan in years "
        "(first to last purchase, or to today while still a customer).",
    )
    actual_churn_rate = fields.Float(
        compute="_compute_actuals",
        string="Churn (%)",
        help="Partners who lapsed in the period / customers (customer, loyal, advocate) at its start.",
    )

    @api.constrains("name")
    def _check_name(self):
        for goal in self:
            if not (goal.name or "").strip():
                raise ValidationError(self.env._("A relationship goal needs a name."))

    @api.constrains("date_start", "date_end", "company_id")
    def _check_period(self):
        for goal in self:
            twin = self.search(
                [
                    ("id", "!=", goal.id),
                    ("company_id", "=", goal.company_id.id),
                    ("date_start", "=", goal.date_start),
                    ("date_end", "=", goal.date_end),
                ],
                limit=1,
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has goals for %(start)s to %(end)s: “%(goal)s”.",
                        company=goal.company_id.name,
                        start=goal.date_start,
                        end=goal.date_end,
                        goal=twin.name,
                    )
                )
            if goal.date_end < goal.date_start:
                raise ValidationError(
                    self.env._(
                        "The period of the goal “%(goal)s” ends (%(end)s) before it starts (%(start)s).",
                        goal=goal.name,
                        end=goal.date_end,
                        start=goal.date_start,
                    )
                )

    @api.constrains("date_start", "date_end", "company_id")
    def _check_period_plausible(self):
        dates = self.env["customer.lifecycle.dates"]
        for goal in self:
            latest = dates._period_latest(goal.company_id)
            dates._check(self.env._("The start of the goal “%(goal)s”", goal=goal.name), goal.date_start, latest=latest)
            dates._check(self.env._("The end of the goal “%(goal)s”", goal=goal.name), goal.date_end, latest=latest)

    @api.constrains(*TARGETS, "acquisition_cost")
    def _check_targets(self):
        for goal in self:
            negative = [
                goal._fields[name].get_description(self.env)["string"]
                for name in (*TARGETS, "acquisition_cost")
                if goal[name] < 0
            ]
            if negative:
                raise ValidationError(
                    self.env._(
                        "The goal “%(goal)s” has negative targets: %(fields)s.",
                        goal=goal.name,
                        fields=", ".join(negative),
                    )
                )

    # ------------------------------------------------------------------
    # Actuals
    # ------------------------------------------------------------------

    @api.depends("company_id", "date_start", "date_end", "acquisition_cost", "acquisition_account_ids", *TARGETS)
    def _compute_actuals(self):
        for goal in self:
            today = goal.company_id._lifecycle_today()
            if not (goal.date_start and goal.date_end and goal.company_id):
                goal.update(dict.fromkeys(self._actual_fields(), 0) | {"revenue_status": "no_target"})
                continue
            actuals = goal._read_actuals(today)
            period_days = (goal.date_end - goal.date_start).days + 1
            elapsed_days = (min(today, goal.date_end) - goal.date_start).days + 1
            forecast = run_rate_forecast(actuals["revenue"], elapsed_days, period_days)
            cost = goal._acquisition_cost()
            goal.update(
                {
                    "actual_revenue": actuals["revenue"],
                    "revenue_progress": goal.target_revenue and 100 * actuals["revenue"] / goal.target_revenue,
                    "revenue_forecast": forecast,
                    "revenue_status": goal_status(
                        actuals["revenue"], goal.target_revenue, forecast, elapsed_days, period_days
                    ),
                    "actual_new_customers": actuals["new_customers"],
                    "actual_loyal": actuals["loyal"],
                    "actual_advocates": actuals["advocates"],
                    "actual_acquisition_cost": cost,
                    "actual_cac": cost / actuals["new_customers"] if actuals["new_customers"] else 0.0,
                    "actual_ltv": actuals["ltv"],
                    "actual_churn_rate": (
                        100 * actuals["lapsed"] / actuals["customers_at_start"]
                        if actuals["customers_at_start"]
                        else 0.0
                    ),
                }
            )

    def _actual_fields(self):
        return [name for name, field in self._fields.items() if field.compute == "_compute_actuals"]

    def _acquisition_cost(self):
        if self.acquisition_cost or not self.acquisition_account_ids:
            return self.acquisition_cost
        groups = self.env["account.move.line"]._read_group(
            [
                ("account_id", "in", self.acquisition_account_ids.ids),
                ("company_id", "=", self.company_id.id),
                ("parent_state", "=", "posted"),
                ("date", ">=", self.date_start),
                ("date", "<=", self.date_end),
            ],
            [],
            ["balance:sum"],
        )
        return groups[0][0] or 0.0

    def _read_actuals(self, today):
        """Revenue, new customers, stage counts, churn and LTV of the goal's company
        and period, in three grouped queries."""
        self.ensure_one()
        self.env.flush_all()
        stages = self.env["customer.lifecycle.stage"]._stage_by_code()
        revenue, purchases, buyers = self._read_period_purchases()
        new_customers, lapsed, customers_at_start = self._read_period_story(stages)
        loyal, advocates, lifespan_days = self._read_stages_now(stages, today)
        period_days = (self.date_end - self.date_start).days + 1
        average_order = revenue / purchases if purchases else 0.0
        purchases_per_year = purchases / buyers * 365 / period_days if buyers else 0.0
        ltv = average_order * purchases_per_year * float(lifespan_days or 0) / 365
        return {
            "churn_rate": 100 * lapsed / customers_at_start if customers_at_start else 0.0,
            "revenue": float(revenue),
            "new_customers": new_customers,
            "lapsed": lapsed,
            "customers_at_start": customers_at_start,
            "loyal": loyal,
            "advocates": advocates,
            "ltv": ltv,
        }

    def _read_period_purchases(self):
        """The purchases of the period: revenue, number of purchases, buyers (for the LTV)."""
        self.env.cr.execute(
            SQL(
                """
            SELECT COALESCE(SUM(amount), 0), COUNT(*) FILTER (WHERE qualifies), COUNT(DISTINCT partner_id)
              FROM (%s) purchases
             WHERE day BETWEEN %s AND %s
            """,
                self.env["customer.lifecycle.purchase"]._document_rows_sql(self.company_id),
                self.date_start,
                self.date_end,
            )
        )
        return self.env.cr.fetchone()

    def _read_period_story(self, stages):
        """The period's story from the stage history: new customers, lapses, customers at its start."""
        self.env.cr.execute(
            SQL(
                """
            WITH before_start AS (
                SELECT DISTINCT ON (partner_id) partner_id, to_stage_id
                  FROM customer_lifecycle_history
                 WHERE company_id = %(company)s AND date < %(start)s
              ORDER BY partner_id, date DESC, id DESC
            )
            SELECT (SELECT COUNT(DISTINCT partner_id) FROM customer_lifecycle_history
                     WHERE company_id = %(company)s AND rule = %(first)s AND date BETWEEN %(start)s AND %(end)s),
                   (SELECT COUNT(DISTINCT partner_id) FROM customer_lifecycle_history
                     WHERE company_id = %(company)s AND to_stage_id = %(lapsed)s
                       AND date BETWEEN %(start)s AND %(end)s),
                   (SELECT COUNT(*) FROM before_start WHERE to_stage_id = ANY(%(active)s))
            """,
                company=self.company_id.id,
                start=self.date_start,
                end=self.date_end,
                first=chain.RULE_FIRST_PURCHASE,
                lapsed=stages[chain.LAPSED].id,
                active=[stages[code].id for code in chain.ACTIVE_CODES],
            )
        )
        return self.env.cr.fetchone()

    def _read_stages_now(self, stages, today):
        """Loyal customers and advocates now (the chain's one count of partners at a
        stage, as the kanban and the funnel show it), and the average lifespan of the
        company's customers."""
        self.env.cr.execute(
            SQL(
                """
            SELECT COUNT(*) FILTER (WHERE ch.stage_id = %(loyal)s),
                   COUNT(*) FILTER (WHERE ch.stage_id = %(advocate)s),
                   AVG(CASE WHEN ch.stage_id = ANY(%(active)s)
                            THEN %(today)s - (p.lifecycle_first_purchase_date->>%(key)s)::date
                            ELSE (p.lifecycle_last_purchase_date->>%(key)s)::date
                                 - (p.lifecycle_first_purchase_date->>%(key)s)::date END)
                       FILTER (WHERE (p.lifecycle_purchase_count->>%(key)s)::int > 0)
              FROM (%(chain)s) ch
              JOIN res_partner p ON p.id = ch.partner_id
             WHERE ch.company_id = %(company)s
            """,
                chain=self.env["res.partner"]._lifecycle_chain_sql(),
                company=self.company_id.id,
                key=str(self.company_id.id),
                loyal=stages[chain.LOYAL].id,
                advocate=stages[chain.ADVOCATE].id,
                active=[stages[code].id for code in chain.ACTIVE_CODES],
                today=today,
            )
        )
        return self.env.cr.fetchone()
