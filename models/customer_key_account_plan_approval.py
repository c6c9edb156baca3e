# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A key-account plan's workflow, the way Odoo's own approvals go (``hr_expense``):
``action_*`` → ``_check_can_*`` (the computed ``can_*`` fields the buttons read) →
``_do_*``, which writes the status in superuser mode once the check passed.

Who does what: the plan's key-account manager, its team and the Lifecycle Managers write
the plan, submit, close, cancel and revise it; its executive sponsor or a senior manager
approves it or sends it back. Submitting schedules an approval activity for the sponsor
(else for each senior manager); approving or sending back marks it done."""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .. import odoo_compat

MANAGER_GROUP = "customer_lifecycle.group_lifecycle_manager"
SENIOR_GROUP = "customer_lifecycle.group_lifecycle_senior"
APPROVAL_ACTIVITY = "customer_lifecycle.mail_activity_type_key_account_approval"


# What a plan says: written in draft, then submitted and approved as it is. Out of the
# draft it changes only by being sent back (submitted) or revised into a new version.
CONTENT_FIELDS = frozenset(
    {
        *("name", "partner_id", "company_id", "manager_id", "sponsor_id", "date_start", "date_end"),
        *("stakeholder_ids", "business_environment", "product_performance", "budget", "team_ids"),
        *("objective_ids", "tactic_ids", "competitor_ids"),
    }
)


class CustomerKeyAccountPlan(models.Model):
    _inherit = "customer.key.account.plan"

    can_edit = fields.Boolean(compute="_compute_can", help="The current user writes this plan.")
    can_submit = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can", help="The current user approves this plan or sends it back.")
    can_send_back = fields.Boolean(compute="_compute_can")
    can_close = fields.Boolean(compute="_compute_can")
    can_cancel = fields.Boolean(compute="_compute_can")
    can_revise = fields.Boolean(compute="_compute_can")

    @api.depends("state", "manager_id", "team_ids", "sponsor_id")
    @api.depends_context("uid")
    def _compute_can(self):
        for plan in self:
            writer, approver = plan._is_writer(), plan._is_approver()
            plan.can_edit = writer
            plan.can_submit = writer and plan.state == "draft"
            plan.can_approve = plan.can_send_back = approver and plan.state == "submitted"
            plan.can_close = plan.can_revise = writer and plan.state == "approved"
            plan.can_cancel = writer and plan.state in ("draft", "submitted", "approved")

    def _is_writer(self):
        """The current user writes this plan: its key-account manager, someone of its team,
        a Lifecycle Manager (the record rules say the same for every write)."""
        self.ensure_one()
        user = self.env.user
        return self.env.su or user == self.manager_id or user in self.team_ids or user.has_group(MANAGER_GROUP)

    def _is_approver(self):
        """The current user approves this plan: its executive sponsor or a senior manager."""
        self.ensure_one()
        user = self.env.user
        return self.env.su or user == self.sponsor_id or user.has_group(SENIOR_GROUP)

    # ------------------------------------------------------------------
    # What was submitted is what is approved
    # ------------------------------------------------------------------

    def write(self, vals):
        if CONTENT_FIELDS.intersection(vals):
            self._check_content_editable()
        return super().write(vals)

    def _check_content_editable(self):
        """Refuse to change what these plans say once they left the draft: the approver
        approves what was submitted, and an approved plan is the written commitment its
        reviews measure. The superuser included: the workflow's steps write the status and
        the approval, never what the plan says."""
        self._check_state(
            ("draft",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: it is changed in draft only. A submitted plan is sent back "
                "by its approver; an approved plan is revised into a new version.",
                plan=plan,
                state=state,
            ),
        )

    # ------------------------------------------------------------------
    # The checks: the user's right first, then the plan's status
    # ------------------------------------------------------------------

    def _check_writer(self):
        for plan in self:
            if not plan._is_writer():
                raise AccessError(
                    self.env._(
                        "Only the key-account manager of “%(plan)s”, its team or a Lifecycle Manager can change it.",
                        plan=plan.name,
                    )
                )

    def _check_approver(self):
        for plan in self:
            if not plan._is_approver():
                raise AccessError(
                    self.env._(
                        "Only senior management or the plan's executive sponsor can approve or reject “%(plan)s”.",
                        plan=plan.name,
                    )
                )

    def _check_state(self, allowed, message):
        """Refuse unless every plan is in one of the ``allowed`` states. ``message(plan, state)``
        is the whole sentence that says so, from the plan's name and the label of its state:
        one translatable sentence per action, never one assembled from fragments."""
        for plan in self:
            if plan.state not in allowed:
                state = dict(plan._fields["state"]._description_selection(self.env))[plan.state]
                raise UserError(message(plan.name, state))

    def _check_can_submit(self):
        self._check_writer()
        self._check_state(
            ("draft",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: only a draft plan can be submitted.", plan=plan, state=state
            ),
        )
        for plan in self:
            plan._check_complete()

    def _check_complete(self):
        self.ensure_one()
        if not self.objective_ids:
            raise UserError(self.env._("The plan “%(plan)s” has no objective: say what, and by when.", plan=self.name))
        for objective in self.objective_ids:
            problems = objective._problems()
            if problems:
                raise UserError(
                    self.env._(
                        "The objective “%(objective)s” is not measurable and time-bound: %(problems)s",
                        objective=objective.name,
                        problems=" ".join(problems),
                    )
                )
        if not self.tactic_ids:
            raise UserError(
                self.env._("The plan “%(plan)s” has no tactic: say how the objectives will be reached.", plan=self.name)
            )

    def _check_can_approve(self):
        self._check_approver()
        self._check_state(
            ("submitted",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: only a submitted plan can be approved.", plan=plan, state=state
            ),
        )

    def _check_can_send_back(self, reason):
        self._check_approver()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the plan is sent back: a reason is required."))
        self._check_state(
            ("submitted",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: only a submitted plan can be sent back.", plan=plan, state=state
            ),
        )

    def _check_can_close(self):
        self._check_writer()
        self._check_state(
            ("approved",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: only an approved plan can be closed.", plan=plan, state=state
            ),
        )

    def _check_can_cancel(self):
        self._check_writer()
        self._check_state(
            ("draft", "submitted", "approved"),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: it cannot be cancelled any more.", plan=plan, state=state
            ),
        )

    def _check_can_revise(self):
        self._check_writer()
        self._check_state(
            ("approved",),
            lambda plan, state: self.env._(
                "The plan “%(plan)s” is %(state)s: only an approved plan can be revised.", plan=plan, state=state
            ),
        )

    # ------------------------------------------------------------------
    # The actions
    # ------------------------------------------------------------------

    def action_submit(self):
        self._check_can_submit()
        self._do_submit()
        return True

    def action_approve(self):
        self._check_can_approve()
        self._do_approve()
        return True

    def action_reject(self, reason):
        """Send the plan back to draft, with the reason."""
        self._check_can_send_back(reason)
        self._do_send_back(reason)
        return True

    def action_done(self):
        self._check_can_close()
        self._do_close()
        return True

    def action_cancel(self):
        self._check_can_cancel()
        self._do_cancel()
        return True

    def action_revise(self):
        """An approved plan is not edited: it is revised into a new draft version."""
        self.ensure_one()
        self._check_can_revise()
        # sudo: the version and the plan it revises are the workflow's, written after the check
        revision = self.sudo().copy(
            {
                "version": self.version + 1,
                "previous_plan_id": self.id,
                "stakeholder_ids": [Command.set(self.stakeholder_ids.ids)],
            }
        )
        self.sudo().message_post(body=self.env._("Revised into version %(version)s.", version=revision.version))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": revision.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # What the actions do, once checked: in superuser mode, in the user's name
    # ------------------------------------------------------------------

    def _do_submit(self):
        self.sudo().write({"state": "submitted", "rejection_reason": False})
        activity_type = self.env.ref(APPROVAL_ACTIVITY)
        for plan in self.sudo():
            for approver in plan._approvers():
                plan.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=plan.company_id._lifecycle_today(),
                    user_id=approver.id,
                    summary=self.env._("Approve or send back the plan “%(plan)s”", plan=plan.name),
                )

    def _approvers(self):
        """Who is asked to approve the plan: its sponsor, else the senior managers of its
        company (never the superuser, OdooBot)."""
        self.ensure_one()
        if self.sponsor_id.active:
            return self.sponsor_id
        group = self.env.ref(SENIOR_GROUP)
        return group.sudo()[odoo_compat.ALL_GROUP_USERS_FIELD].filtered(
            lambda user: (
                user.active and user._is_internal() and not user._is_superuser() and self.company_id in user.company_ids
            )
        )

    def _approval_activities(self):
        activity_type = self.env.ref(APPROVAL_ACTIVITY)
        return self.sudo().activity_ids.filtered(lambda activity: activity.activity_type_id == activity_type)

    def _do_approve(self):
        """Approve: the version it revises is closed in the same step, so that the key
        account keeps one approved plan for a period."""
        plans = self.sudo()
        previous = plans.previous_plan_id.filtered(lambda plan: plan.state == "approved")
        previous.write({"state": "done"})
        plans.write({"state": "approved", "approved_by_id": self.env.user.id, "approved_on": fields.Datetime.now()})
        plans._approval_activities().action_feedback(
            feedback=self.env._("Approved by %(user)s.", user=self.env.user.name)
        )
        for plan in plans.filtered(lambda plan: plan.previous_plan_id in previous):
            plan.previous_plan_id.message_post(
                body=self.env._(
                    "Closed: replaced by version %(version)s, approved: %(plan)s.",
                    version=plan.version,
                    plan=plan._get_html_link(),
                )
            )
            plan.message_post(
                body=self.env._(
                    "Approved: replaces version %(version)s, now closed: %(plan)s.",
                    version=plan.previous_plan_id.version,
                    plan=plan.previous_plan_id._get_html_link(),
                )
            )

    def _do_close(self):
        self.sudo().write({"state": "done"})

    def _do_cancel(self):
        self.sudo().write({"state": "cancelled"})
        self._approval_activities().unlink()

    def _do_send_back(self, reason):
        plans = self.sudo()
        plans.write({"state": "draft", "rejection_reason": reason})
        plans._approval_activities().action_feedback(
            feedback=self.env._("Sent back by %(user)s: %(reason)s", user=self.env.user.name, reason=reason)
        )
