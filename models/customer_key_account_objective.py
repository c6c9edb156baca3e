# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import key_account, plausible_dates

MEASURES = [
    ("revenue", "Revenue from the customer"),
    ("order_count", "Number of orders"),
    ("category_revenue", "Revenue in a product category (share of wallet)"),
    ("distinct_products", "Distinct products bought"),
    ("touchpoints", "Touch-points held"),
    ("manual", "Manual measure"),
]


class CustomerKeyAccountObjective(models.Model):
    _name = "customer.key.account.objective"
    _inherit = ["customer.key.account.plan.part"]
    _plan_free_fields = frozenset({"manual_value"})  # measured while the plan runs
    _description = "Key-Account Objective"
    _order = "plan_id, deadline, id"

    plan_id = fields.Many2one("customer.key.account.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    name = fields.Char(string="Objective", required=True, help="What we want to reach.")
    perception_step = fields.Selection(
        [
            ("supplier", "Supplier"),
            ("preferred_supplier", "Preferred supplier"),
            ("business_partner", "Business partner"),
            ("strategic_partner", "Strategic partner"),
        ],
        help="The step of the customer's perception ladder this objective helps to climb.",
    )
    measure = fields.Selection(MEASURES, required=True, default="revenue")
    category_id = fields.Many2one("product.category", string="Product Category")
    target = fields.Float(help="The value the measure must reach by the deadline.")
    deadline = fields.Date(help="By when; inside the plan's period.")
    manual_value = fields.Float(string="Measured Value", help="For a manual measure: its value today.")
    current_value = fields.Float(compute="_compute_current", string="Current")
    progress = fields.Float(compute="_compute_current", string="Progress (%)")
    status = fields.Selection(
        [("on_track", "On Track"), ("at_risk", "At Risk"), ("late", "Late"), ("achieved", "Achieved")],
        compute="_compute_current",
    )

    @api.depends(
        "measure", "category_id", "target", "deadline", "manual_value", "plan_id.date_start", "plan_id.partner_id"
    )
    @api.depends_context("uid")
    def _compute_current(self):
        for objective in self:
            plan = objective.plan_id
            today = plan.company_id._lifecycle_today()
            value = objective._measure_value() if plan.partner_id and plan.date_start else 0.0
            objective.current_value = value
            objective.progress = key_account.progress(value, objective.target)
            objective.status = (
                key_account.objective_status(value, objective.target, plan.date_start, objective.deadline, today)
                if objective.deadline and plan.date_start
                else False
            )

    def _measure_value(self):
        """The measure, read live from the data of the plan's period (to the deadline): the
        customer's qualifying purchases (see customer.lifecycle.purchase) for the measures
        of revenue, orders and products."""
        self.ensure_one()
        plan = self.plan_id
        if self.measure == "manual":
            return self.manual_value
        start, end = plan.date_start, self.deadline or plan.date_end
        customer = plan.partner_id.commercial_partner_id
        if self.measure == "touchpoints":
            return (
                self.env["customer.touchpoint"]
                .sudo()
                .search_count(
                    [
                        ("commercial_partner_id", "=", customer.id),
                        ("company_id", "=", plan.company_id.id),
                        ("date", ">=", start),
                        ("date", "<", fields.Date.add(end, days=1)),
                    ]
                )
            )
        # the purchases of the period, as every figure of the addon counts them: untaxed
        # amounts in the company's currency, days of the company's calendar
        categories = None
        if self.measure == "category_revenue":
            categories = self.env["product.category"].sudo().search([("id", "child_of", self.category_id.id or 0)]).ids
        figures = self.env["customer.lifecycle.purchase"]._customer_figures(
            plan.company_id, customer, start, end, category_ids=categories
        )
        if self.measure == "order_count":
            return figures["documents"]
        if self.measure == "distinct_products":
            return figures["products"]
        return figures["amount"]

    def _problems(self):
        plan = self.plan_id
        codes = key_account.objective_problems(
            self.measure,
            self.target,
            self.deadline,
            plan.date_start,
            plan.date_end,
            bool(self.category_id),
            self.perception_step,
        )
        _ = self.env._
        words = {
            "no_step": _("name the step of the customer's perception it aims at."),
            "no_measure": _("choose a measure."),
            "no_target": _("set a target above zero."),
            "no_deadline": _("set a deadline."),
            "deadline_outside": _("the deadline must fall inside the plan's period."),
            "no_category": _("choose the product category of the share of wallet."),
        }
        return [words[code] for code in codes]

    @api.constrains("deadline", "plan_id")
    def _check_deadline_in_plan(self):
        for objective in self.filtered("deadline"):
            plan = objective.plan_id
            what = self.env._("The deadline of the objective “%(objective)s”", objective=objective.name)
            kind = plausible_dates.refusal(objective.deadline, plan.date_start, plan.date_end)
            if kind == plausible_dates.SOLAR_HIJRI:
                self.env["customer.lifecycle.dates"]._check(what, objective.deadline)
            if kind:
                raise ValidationError(
                    self.env._(
                        "%(what)s, %(deadline)s, falls outside the period of its plan “%(plan)s” "
                        "(%(start)s to %(end)s).",
                        what=what,
                        deadline=objective.deadline,
                        plan=plan.name,
                        start=plan.date_start,
                        end=plan.date_end,
                    )
                )
