# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The written development plan of a key account (article 000): objectives, strategies
and tactics, competitors, the customer's stakeholders and environment, and senior
management's approval."""

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

# The order plans are listed in: the approved version first, then what waits for approval.
APPROVAL_RANKS = ("approved", "submitted", "draft", "done", "cancelled")


class CustomerKeyAccountPlan(models.Model):
    _name = "customer.key.account.plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.lifecycle.protected"]
    _description = "Key-Account Development Plan"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
        index=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    manager_id = fields.Many2one(
        "res.users", string="Key-Account Manager", required=True, default=lambda self: self.env.user, tracking=True
    )
    sponsor_id = fields.Many2one(
        "res.users",
        string="Executive Sponsor",
        tracking=True,
        help="The senior manager who supports the plan; the sponsor may approve it.",
    )
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    version = fields.Integer(default=1, copy=False, readonly=True)
    previous_plan_id = fields.Many2one("customer.key.account.plan", string="Revises", copy=False, readonly=True)
    approved_by_id = fields.Many2one("res.users", copy=False, readonly=True, tracking=True)
    approved_on = fields.Datetime(copy=False, readonly=True)
    rejection_reason = fields.Text(copy=False, readonly=True, tracking=True)
    stakeholder_ids = fields.Many2many(
        "res.partner",
        string="Customer's Stakeholders",
        domain="[('parent_id', '=', partner_id)]",
        help="The people of the customer who helped set the plan: the key customer is our partner.",
    )
    business_environment = fields.Html(help="The customer's market, competitors, constraints and plans.")
    product_performance = fields.Html(
        string="How Our Products Perform", help="How our products and services perform for the customer."
    )
    budget = fields.Monetary(help="The resources the plan needs: budget.")
    team_ids = fields.Many2many("res.users", string="People", help="The resources the plan needs: people.")
    objective_ids = fields.One2many("customer.key.account.objective", "plan_id", string="Objectives", copy=True)
    tactic_ids = fields.One2many("customer.key.account.tactic", "plan_id", string="Strategies and Tactics", copy=True)
    competitor_ids = fields.One2many("customer.key.account.competitor", "plan_id", string="Competitors", copy=True)
    progress = fields.Float(compute="_compute_progress", help="Average progress of the objectives, capped at 100 %.")
    review_ids = fields.One2many("customer.key.account.review", "plan_id", string="Reviews")
    approval_rank = fields.Integer(
        compute="_compute_approval_rank", store=True, help="Lists show the approved version of a plan first."
    )

    @api.depends("objective_ids.progress")
    def _compute_progress(self):
        for plan in self:
            values = [min(progress, 100.0) for progress in plan.objective_ids.mapped("progress")]
            plan.progress = sum(values) / len(values) if values else 0.0

    @api.depends("state")
    def _compute_approval_rank(self):
        for plan in self:
            plan.approval_rank = (
                APPROVAL_RANKS.index(plan.state) if plan.state in APPROVAL_RANKS else len(APPROVAL_RANKS)
            )

    def _lifecycle_protected_hint(self):
        return self.env._(
            "A plan's status and approval change through its buttons: Submit, Approve, Send Back, Close, Cancel "
            "and Revise."
        )

    @api.constrains("name")
    def _check_name(self):
        for plan in self:
            if not (plan.name or "").strip():
                raise ValidationError(self.env._("A key-account plan needs a name."))

    @api.constrains("date_start", "date_end")
    def _check_period(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(self.env._("The plan “%(plan)s” ends before it starts.", plan=plan.name))

    @api.constrains("date_start", "date_end", "company_id")
    def _check_period_plausible(self):
        dates = self.env["customer.lifecycle.dates"]
        for plan in self:
            latest = dates._period_latest(plan.company_id)
            dates._check(self.env._("The start of the plan “%(plan)s”", plan=plan.name), plan.date_start, latest=latest)
            dates._check(self.env._("The end of the plan “%(plan)s”", plan=plan.name), plan.date_end, latest=latest)
        self.objective_ids._check_deadline_in_plan()

    @api.constrains("partner_id", "company_id")
    def _check_key_account(self):
        for plan in self:
            # sudo: the flag is read whoever writes the plan (it is a company's fact, not a secret)
            if not plan.partner_id.sudo().with_company(plan.company_id).lifecycle_key_account:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a key account of %(company)s: a development plan is written for a key "
                        "account. A Lifecycle Manager marks key accounts on the partner's form.",
                        partner=plan.partner_id.display_name,
                        company=plan.company_id.name,
                    )
                )

    @api.constrains("state", "partner_id", "company_id", "date_start", "date_end")
    def _check_one_approved_plan(self):
        for plan in self.filtered(lambda plan: plan.state == "approved"):
            other = self.sudo().search(
                [
                    ("id", "!=", plan.id),
                    ("state", "=", "approved"),
                    ("partner_id", "=", plan.partner_id.id),
                    ("company_id", "=", plan.company_id.id),
                    ("date_start", "<=", plan.date_end),
                    ("date_end", ">=", plan.date_start),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "%(partner)s already has an approved plan for that time, “%(other)s” (%(start)s to "
                        "%(end)s): revise it instead of approving a second one.",
                        partner=plan.partner_id.display_name,
                        other=other.name,
                        start=other.date_start,
                        end=other.date_end,
                    )
                )

    # ------------------------------------------------------------------
    # Reviews
    # ------------------------------------------------------------------

    REVIEW_EVERY_DAYS = 90

    def action_record_review(self, notes=False):
        """Record a review: the notes and every objective's value, progress and status today."""
        activity_type = self.env.ref("customer_lifecycle.mail_activity_type_key_account_review")
        for plan in self:
            self.env["customer.key.account.review"].create(
                {
                    "plan_id": plan.id,
                    "date": plan.company_id._lifecycle_today(),
                    "notes": notes,
                    "progress": plan.progress,
                    "line_ids": [
                        Command.create(
                            {
                                "objective_id": objective.id,
                                "name": objective.name,
                                "value": objective.current_value,
                                "progress": objective.progress,
                                "status": objective.status,
                            }
                        )
                        for objective in plan.objective_ids
                    ],
                }
            )
            plan.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).action_feedback(
                feedback=self.env._("Review recorded.")
            )
        return True

    def _cron_schedule_reviews(self):
        """Quarterly: a review activity for the manager of every approved plan neither
        approved nor reviewed in the last 90 days (of its company's calendar); never a
        second one while the first is open."""
        activity_type = self.env.ref("customer_lifecycle.mail_activity_type_key_account_review")
        plans = self.search([("state", "=", "approved")])
        last_review = dict(
            self.env["customer.key.account.review"]._read_group(
                [("plan_id", "in", plans.ids)], ["plan_id"], ["date:max"]
            )
        )
        waiting = {
            res_id
            for (res_id,) in self.env["mail.activity"]._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", plans.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        Text = self.env["customer.lifecycle.reader.text"]  # each review in its manager's language
        for plan in plans.filtered(lambda plan: plan.id not in waiting):
            today = plan.company_id._lifecycle_today()
            since = fields.Date.subtract(today, days=self.REVIEW_EVERY_DAYS)
            approved = plan.approved_on and plan.approved_on.date()  # none when approved by an import
            if (approved and approved > since) or (last_review.get(plan) or since) > since:
                continue
            plan.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=today,
                user_id=plan.manager_id.id,
                summary=Text._for_reader(plan.manager_id, plan.company_id).env._("Quarterly review of the plan"),
            )
