# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools import customer_chain as chain

INCENTIVE_KINDS = [
    ("respect", "Respect"),
    ("discount", "Discount"),
    ("periodic_gift", "Periodic Gift"),
    ("valuable_gift", "Valuable Gift"),
    ("financial_benefit", "Financial Benefit"),
]

# The kinds that are really applied at the sale through Odoo's loyalty programs.
KINDS_WITH_PROGRAM = ("discount", "periodic_gift", "valuable_gift")


class CustomerIncentive(models.Model):
    _name = "customer.incentive"
    _inherit = ["mail.thread", "customer.lifecycle.cached"]
    _description = "Customer Incentive"
    _order = "sequence, name, id"
    # what the cached readings of this model read (_staged_program_ids, _builtin_stage_values)
    _lifecycle_cached_fields = ("program_id", "stage_ids", "company_id", "active")
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        INCENTIVE_KINDS,
        required=True,
        default="respect",
        tracking=True,
        help="Respect: non-monetary recognition (a call from management, priority service, an "
        "invitation). Discounts and periodic gifts are owed to loyal customers; valuable gifts and "
        "clearly defined financial benefits to advocates.",
    )
    stage_ids = fields.Many2many(
        "customer.lifecycle.stage",
        "customer_incentive_stage_rel",
        "incentive_id",
        "stage_id",
        string="Meant For",
        help="The stages of the customer chain this incentive is meant for. Granting it to a "
        "partner at another stage warns, or is refused when the setting says so. Empty: every stage.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    unit_cost = fields.Monetary(
        tracking=True,
        help="Estimated cost of one grant, in the company currency.",
    )
    program_id = fields.Many2one(
        "loyalty.program",
        string="Loyalty Program",
        check_company=True,
        tracking=True,
        help="For discounts and gifts: the loyalty program that really applies it at the sale. "
        "Rewards of this program applied on confirmed sales orders are recorded as grants.",
    )
    active = fields.Boolean(default=True)
    description = fields.Html(translate=True)
    grant_ids = fields.One2many("customer.incentive.grant", "incentive_id", string="Grants")
    grant_count = fields.Integer(compute="_compute_grant_count")

    def _compute_grant_count(self):
        counts = dict(
            self.env["customer.incentive.grant"]._read_group(
                [("incentive_id", "in", self.ids), ("state", "!=", "cancelled")], ["incentive_id"], ["__count"]
            )
        )
        for incentive in self:
            incentive.grant_count = counts.get(incentive, 0)

    @api.constrains("name")
    def _check_name(self):
        for incentive in self:
            if not (incentive.name or "").strip():
                raise ValidationError(self.env._("An incentive needs a name."))

    @api.constrains("unit_cost")
    def _check_unit_cost(self):
        for incentive in self:
            if incentive.unit_cost < 0:
                raise ValidationError(
                    self.env._(
                        "The unit cost of %(incentive)s cannot be negative.",
                        incentive=incentive.name,
                    )
                )

    @api.constrains("kind", "stage_ids")
    def _check_financial_benefit_for_advocates(self):
        for incentive in self.filtered(lambda i: i.kind == "financial_benefit"):
            others = incentive.stage_ids.filtered(lambda stage: stage.code != chain.ADVOCATE)
            if others or not incentive.stage_ids:
                raise ValidationError(
                    self.env._(
                        "%(incentive)s is a financial benefit: it is meant for advocates only, "
                        "never ask a loyal customer to market. Remove the stages %(stages)s.",
                        incentive=incentive.name,
                        stages=", ".join(others.mapped("name")) or self.env._("(none set: choose Advocate)"),
                    )
                )

    @api.constrains("kind", "program_id", "company_id")
    def _check_program(self):
        for incentive in self.filtered("program_id"):
            program = incentive.program_id
            if program.company_id and program.company_id != incentive.company_id:
                raise ValidationError(
                    self.env._(
                        "The loyalty program %(program)s belongs to %(other)s, not to %(company)s "
                        "of the incentive %(incentive)s.",
                        program=program.name,
                        other=program.company_id.name,
                        company=incentive.company_id.name,
                        incentive=incentive.name,
                    )
                )
            if incentive.kind not in KINDS_WITH_PROGRAM:
                raise ValidationError(
                    self.env._(
                        "%(incentive)s: only discounts and gifts are applied through a loyalty program.",
                        incentive=incentive.name,
                    )
                )

    # ------------------------------------------------------------------
    # The programs kept for some stages: read at every order's loyalty check
    # ------------------------------------------------------------------

    @tools.ormcache("company_id")
    def _staged_program_ids(self, company_id):
        """The ids of the loyalty programs linked to an active incentive of the company
        that is meant for some stages: sale_loyalty checks its programs on every order
        (its confirmation too), and most programs are none of these, which then needs no
        query."""
        incentives = (
            self.sudo()
            .with_context(active_test=True)
            .search([("company_id", "=", company_id), ("stage_ids", "!=", False)])
        )
        return frozenset(incentives.program_id.ids)

    def action_view_grants(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_lifecycle.customer_incentive_grant_action")
        action["domain"] = [("incentive_id", "=", self.id)]
        action["context"] = {"default_incentive_id": self.id}
        return action
