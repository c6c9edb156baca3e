# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import customer_chain as chain


class CustomerIncentiveGrant(models.Model):
    _name = "customer.incentive.grant"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.lifecycle.protected"]
    _description = "Incentive Grant"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
        help="The customer (a company or an individual) who receives the incentive.",
    )
    incentive_id = fields.Many2one(
        "customer.incentive",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    kind = fields.Selection(related="incentive_id.kind", store=True, string="Kind")
    stage_id = fields.Many2one(
        "customer.lifecycle.stage",
        string="Stage When Granted",
        compute="_compute_stage_id",
        store=True,
        precompute=True,
        readonly=True,
        copy=False,
        index=True,
        help="The stage of the customer in this company when the grant was recorded: the stage "
        "the eligibility is checked against.",
    )
    date = fields.Date(
        required=True, default=lambda self: self.env.company._lifecycle_today(), tracking=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    cost = fields.Monetary(
        compute="_compute_cost",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Cost of this grant in the company currency; the unit cost of the incentive by default.",
    )
    user_id = fields.Many2one(
        "res.users", string="Granted By", default=lambda self: self.env.user, index=True, tracking=True
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("waiting", "Waiting for Payment"),
            ("to_approve", "To Approve"),
            ("given", "Given"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The confirmed sales order on which the loyalty reward was applied.",
    )
    reward_id = fields.Many2one("loyalty.reward", string="Loyalty Reward", readonly=True, copy=False)
    referral_id = fields.Many2one(
        "customer.referral",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The converted referral this grant rewards.",
    )
    coupon_id = fields.Many2one(
        "loyalty.card",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The loyalty coupon issued to the referrer when this referral reward was approved.",
    )
    credit_note_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The draft customer credit note that settles this financial benefit for the accountants.",
    )
    note = fields.Text()

    @api.depends("incentive_id")
    def _compute_cost(self):
        for grant in self:
            grant.cost = grant.incentive_id.unit_cost

    @api.depends("partner_id", "incentive_id")
    def _compute_display_name(self):
        for grant in self:
            grant.display_name = f"{grant.incentive_id.name or ''} → {grant.partner_id.name or ''}"

    # ------------------------------------------------------------------
    # Eligibility: the stages an incentive is meant for
    # ------------------------------------------------------------------

    @api.depends("partner_id", "company_id")
    def _compute_stage_id(self):
        for grant in self:
            partner = grant.partner_id.commercial_partner_id.sudo().with_company(grant.company_id or self.env.company)
            grant.stage_id = partner.lifecycle_stage_id

    def _eligibility_problem(self):
        """The message why this grant's partner is not at a stage the incentive is meant for, or ''."""
        self.ensure_one()
        if not self.partner_id or not self.incentive_id:
            return ""
        stage = self.stage_id
        incentive = self.incentive_id
        if incentive.kind == "financial_benefit" and stage.code != chain.ADVOCATE:
            return self.env._(
                "%(partner)s is not an advocate (stage: %(stage)s): a financial benefit is for advocates "
                "only, never ask a loyal customer to market.",
                partner=self.partner_id.display_name,
                stage=stage.name or self.env._("none"),
            )
        if incentive.stage_ids and stage not in incentive.stage_ids:
            return self.env._(
                "%(incentive)s is meant for %(stages)s, and %(partner)s is at the stage %(stage)s.",
                incentive=incentive.name,
                stages=", ".join(incentive.stage_ids.mapped("name")),
                partner=self.partner_id.display_name,
                stage=stage.name or self.env._("none"),
            )
        return ""

    @api.constrains("cost")
    def _check_cost(self):
        for grant in self:
            if grant.cost < 0:
                raise ValidationError(self.env._("The cost of %(grant)s cannot be negative.", grant=grant.display_name))

    @api.constrains("partner_id", "incentive_id", "company_id", "stage_id")
    def _check_eligibility(self):
        # a referral reward waits for its approval: checked then
        for grant in self.filtered(lambda g: g.state not in ("cancelled", "waiting", "to_approve")):
            problem = grant._eligibility_problem()
            if not problem:
                continue
            if grant.incentive_id.kind == "financial_benefit":
                raise ValidationError(problem)
            # a reward applied at the sale by the loyalty rules is a fact: recorded, not refused
            if grant.company_id.lifecycle_incentive_refuse_outside_stage and not grant.sale_order_id:
                raise ValidationError(
                    self.env._("%(problem)s Settings refuse incentives outside their stages.", problem=problem)
                )

    @api.onchange("partner_id", "incentive_id", "company_id")
    def _onchange_eligibility(self):
        problem = self._eligibility_problem()
        if problem:
            return {"warning": {"title": self.env._("Not meant for this stage"), "message": problem}}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                vals.pop("stage_id", None)  # always the partner's stage, except in data files
            if vals.get("partner_id"):
                vals["partner_id"] = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
        grants = super().create(vals_list)
        for grant in grants:
            problem = grant._eligibility_problem()
            if problem:
                grant.message_post(body=Markup("<p>%s</p>") % problem)
        return grants

    def write(self, vals):
        if vals.get("state") == "cancelled":
            # a credit note reversed (a clawback) no longer settles anything
            posted = self.credit_note_id.filtered(
                lambda move: (
                    move.state == "posted" and not move.reversal_move_ids.filtered(lambda r: r.state != "cancel")
                )
            )
            if posted:
                raise UserError(
                    self.env._(
                        "The credit note %(move)s that settles this financial benefit is posted: reverse it "
                        "before cancelling the grant.",
                        move=", ".join(posted.mapped("display_name")),
                    )
                )
            self.credit_note_id.filtered(lambda move: move.state == "draft").sudo().button_cancel()
        res = super().write(vals)
        if vals.get("state") == "given":
            self._settle_financial_benefits()
        return res

    def _issue_referral_coupon(self):
        """A referral reward paid as a coupon: a loyalty card of the incentive's program, with the
        points its rewards need, for the referrer."""
        self.ensure_one()
        program = self.sudo().incentive_id.program_id  # lifecycle managers need no rights on loyalty
        if not (self.referral_id and program and self.company_id.lifecycle_referral_reward_mode == "coupon"):
            return
        if self.coupon_id:
            return
        points = max(program.reward_ids.mapped("required_points") or [1.0])
        self.sudo().coupon_id = (
            self.env["loyalty.card"]
            .sudo()
            .create({"program_id": program.id, "partner_id": self.partner_id.id, "points": points})
        )

    def _settle_financial_benefits(self):
        """Given financial benefits become draft customer credit notes where Settings say so."""
        to_settle = self.filtered(
            lambda grant: (
                grant.state == "given"
                and grant.kind == "financial_benefit"
                and not grant.credit_note_id
                and grant.cost
                and grant.company_id.lifecycle_financial_benefit_settlement == "credit_note"
            )
        )
        for grant in to_settle:
            move = (
                self.env["account.move"]
                .sudo()
                .with_company(grant.company_id)
                .create(
                    {
                        "move_type": "out_refund",
                        "partner_id": grant.partner_id.id,
                        "company_id": grant.company_id.id,
                        "ref": grant.display_name,
                        "narration": grant.note,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": grant.incentive_id.name,
                                    "quantity": 1.0,
                                    "price_unit": grant.cost,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
            )
            grant.sudo().credit_note_id = move
