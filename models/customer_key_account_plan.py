# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The written development plan of a key account (article 000): objectives, strategies
and tactics, competitors, the customer's stakeholders and environment, and senior
management's approval."""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

SENIOR_GROUP = "customer_lifecycle.group_lifecycle_senior"


class CustomerKeyAccountPlan(models.Model):
    _name = "customer.key.account.plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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

    @api.depends("objective_ids.progress")
    def _compute_progress(self):
        for plan in self:
            values = [min(progress, 100.0) for progress in plan.objective_ids.mapped("progress")]
            plan.progress = sum(values) / len(values) if values else 0.0

    @api.constrains("date_start", "date_end")
    def _check_period(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(self.env._("The plan “%(plan)s” ends before it starts.", plan=plan.name))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    _WORKFLOW_FIELDS = {"state", "approved_by_id", "approved_on", "rejection_reason"}

    def write(self, vals):
        if self._WORKFLOW_FIELDS & set(vals) and not self.env.context.get("key_account_plan_workflow"):
            raise UserError(self.env._("A plan's status changes through its buttons: submit, approve, send back."))
        return super().write(vals)

    def _transition(self, vals):
        return self.with_context(key_account_plan_workflow=True).write(vals)

    def _check_state(self, allowed, message):
        """Refuse unless every plan is in one of the ``allowed`` states. ``message(plan, state)``
        is the whole sentence that says so, from the plan's name and the label of its state:
        one translatable sentence per action, never one assembled from fragments."""
        for plan in self:
            if plan.state not in allowed:
                state = dict(plan._fields["state"]._description_selection(self.env))[plan.state]
                raise UserError(message(plan.name, state))

    def action_submit(self):
        self._check_state(
            ("draft",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: only a draft plan can be submitted.", plan=plan, state=state
            ),
        )
        for plan in self:
            if not plan.objective_ids:
                raise UserError(
                    self.env._("The plan “%(plan)s” has no objective: say what, and by when.", plan=plan.name)
                )
            for objective in plan.objective_ids:
                problems = objective._problems()
                if problems:
                    raise UserError(
                        self.env._(
                            "The objective “%(objective)s” is not measurable and time-bound: %(problems)s",
                            objective=objective.name,
                            problems=" ".join(problems),
                        )
                    )
            if not plan.tactic_ids:
                raise UserError(
                    self.env._(
                        "The plan “%(plan)s” has no tactic: say how the objectives will be reached.", plan=plan.name
                    )
                )
        self._transition({"state": "submitted", "rejection_reason": False})
        return True

    def _check_approver(self):
        for plan in self:
            if not (self.env.user.has_group(SENIOR_GROUP) or self.env.user == plan.sponsor_id or self.env.su):
                raise AccessError(
                    self.env._(
                        "Only senior management or the plan's executive sponsor can approve or reject “%(plan)s”.",
                        plan=plan.name,
                    )
                )

    def action_approve(self):
        self._check_state(
            ("submitted",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: only a submitted plan can be approved.", plan=plan, state=state
            ),
        )
        self._check_approver()
        self._transition(
            {"state": "approved", "approved_by_id": self.env.user.id, "approved_on": fields.Datetime.now()}
        )
        self._close_revised_plans()
        return True

    def _close_revised_plans(self):
        """An approved revision replaces the version it revises: that version is closed, so
        that a key account has one approved plan, and each says so in its chatter with a
        link to the other."""
        for plan in self.filtered(lambda plan: plan.previous_plan_id.state == "approved"):
            previous = plan.previous_plan_id
            previous._transition({"state": "done"})
            previous.message_post(
                body=self.env._(
                    "Closed: replaced by version %(version)s, approved: %(plan)s.",
                    version=plan.version,
                    plan=plan._get_html_link(),
                )
            )
            plan.message_post(
                body=self.env._(
                    "Approved: replaces version %(version)s, now closed: %(plan)s.",
                    version=previous.version,
                    plan=previous._get_html_link(),
                )
            )

    def action_reject(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the plan is sent back: a reason is required."))
        self._check_state(
            ("submitted",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: only a submitted plan can be sent back.", plan=plan, state=state
            ),
        )
        self._check_approver()
        self._transition({"state": "draft", "rejection_reason": reason})
        return True

    def action_done(self):
        self._check_state(
            ("approved",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: only an approved plan can be closed.", plan=plan, state=state
            ),
        )
        self._transition({"state": "done"})
        return True

    def action_cancel(self):
        self._check_state(
            ("draft", "submitted", "approved"),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: it cannot be cancelled any more.", plan=plan, state=state
            ),
        )
        self._transition({"state": "cancelled"})
        return True

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

    def action_revise(self):
        """An approved plan is not edited: it is revised into a new draft version."""
        self.ensure_one()
        self._check_state(
            ("approved",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: only an approved plan can be revised.", plan=plan, state=state
            ),
        )
        revision = self.copy(
            {
                "version": self.version + 1,
                "previous_plan_id": self.id,
                "stakeholder_ids": [Command.set(self.stakeholder_ids.ids)],
            }
        )
        self.message_post(body=self.env._("Revised into version %(version)s.", version=revision.version))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": revision.id,
            "view_mode": "form",
        }
