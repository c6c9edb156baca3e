# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A grant's status, the way Odoo's own approvals go (``hr_expense``): ``action_*`` →
``_check_can_*`` (the computed ``can_*`` fields the buttons read) → ``_do_*``, which
writes the status in superuser mode once the check passed. Lifecycle Managers give,
approve, cancel and reset grants; salespeople propose planned grants; the sale and the
daily job record the rest."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

MANAGER_GROUP = "customer_lifecycle.group_lifecycle_manager"


class CustomerIncentiveGrant(models.Model):
    _inherit = "customer.incentive.grant"

    can_give = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    can_cancel = fields.Boolean(compute="_compute_can")
    can_reset = fields.Boolean(compute="_compute_can")
    can_clawback = fields.Boolean(compute="_compute_can")

    @api.depends("state", "sale_order_id", "clawback_proposed")
    @api.depends_context("uid")
    def _compute_can(self):
        manager = self.env.su or self.env.user.has_group(MANAGER_GROUP)
        for grant in self:
            grant.can_give = manager and grant.state == "planned"
            grant.can_approve = manager and grant.state == "to_approve"
            grant.can_cancel = manager and grant.state != "cancelled"
            grant.can_reset = manager and grant.state == "cancelled" and not grant.sale_order_id
            # the button shows once a clawback is proposed; a manager may claw back any given reward
            grant.can_clawback = manager and grant.state == "given" and grant.clawback_proposed

    def _lifecycle_protected_hint(self):
        return self.env._(
            "A grant's status changes through its buttons: Mark as Given, Approve, Claw Back, Cancel and Reset "
            "to Planned; the sale and the daily job record the rest."
        )

    def _check_grant_manager(self, message=None):
        self.env["res.users"]._check_lifecycle_manager(
            message or self.env._("Only lifecycle managers record an incentive as given or cancelled.")
        )

    # ------------------------------------------------------------------
    # Give
    # ------------------------------------------------------------------

    def _check_can_give(self):
        self._check_grant_manager()
        for grant in self:
            if grant.state != "planned":
                raise UserError(
                    self.env._(
                        "%(grant)s is %(state)s: only a planned grant can be given.",
                        grant=grant.display_name,
                        state=dict(grant._fields["state"]._description_selection(self.env))[grant.state],
                    )
                )

    def action_give(self):
        self._check_can_give()
        return self._do_give()

    def _do_give(self):
        return self.sudo().write({"state": "given"})

    # ------------------------------------------------------------------
    # Approve a referral reward
    # ------------------------------------------------------------------

    def _check_can_approve(self):
        self._check_grant_manager(self.env._("Only lifecycle managers approve referral rewards."))
        for grant in self:
            if grant.state == "given":
                raise UserError(self.env._("%(grant)s is already approved.", grant=grant.display_name))
            if grant.state != "to_approve":
                raise UserError(self.env._("%(grant)s is not waiting for an approval.", grant=grant.display_name))
            if grant.referral_id and grant.referral_id.state != "converted":
                raise UserError(
                    self.env._(
                        "The referral %(referral)s is not converted (anymore): its reward cannot be approved.",
                        referral=grant.referral_id.display_name,
                    )
                )

    def action_approve(self):
        """A lifecycle manager approves referral rewards: the eligibility is checked at the
        referrer's current stage (a financial benefit needs an advocate)."""
        self._check_can_approve()
        return self._do_approve()

    def _do_approve(self):
        for grant in self.sudo():
            partner = grant.partner_id.commercial_partner_id.with_company(grant.company_id)
            grant.write({"state": "given", "stage_id": partner.lifecycle_stage_id.id})
            grant._check_eligibility()
            grant._issue_referral_coupon()
            problem = grant._eligibility_problem()
            if problem:
                grant.message_post(body=Markup("<p>%s</p>") % problem)
        return True

    # ------------------------------------------------------------------
    # Cancel and reset
    # ------------------------------------------------------------------

    def _check_can_cancel(self):
        self._check_grant_manager()
        for grant in self:
            if grant.state == "cancelled":
                raise UserError(self.env._("%(grant)s is already cancelled.", grant=grant.display_name))

    def action_cancel(self):
        self._check_can_cancel()
        return self._do_cancel()

    def _do_cancel(self):
        return self.sudo().write({"state": "cancelled"})

    def _check_can_reset(self):
        self._check_grant_manager()
        for grant in self:
            if grant.state != "cancelled":
                raise UserError(
                    self.env._("%(grant)s is not cancelled: only a cancelled grant is reset.", grant=grant.display_name)
                )
            if grant.sale_order_id:
                raise UserError(
                    self.env._(
                        "%(grant)s was applied on the sales order %(order)s: it cannot be planned again.",
                        grant=grant.display_name,
                        order=grant.sale_order_id.name,
                    )
                )

    def action_reset_to_planned(self):
        self._check_can_reset()
        return self._do_reset()

    def _do_reset(self):
        return self.sudo().write({"state": "planned"})
