# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerLifecyclePinWizard(models.TransientModel):
    _name = "customer.lifecycle.pin.wizard"
    _description = "Pin a Lifecycle Stage"

    partner_ids = fields.Many2many("res.partner", string="Partners", required=True)
    stage_id = fields.Many2one("customer.lifecycle.stage", required=True)
    reason = fields.Text(
        required=True,
        help="Why the stage is set by hand. It is kept in the stage history; for a lost customer, say what went wrong.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "partner_ids" in fields_list and self.env.context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids", []))
            values["partner_ids"] = [fields.Command.set(partners.commercial_partner_id.ids)]
        code = self.env.context.get("default_stage_code")
        if "stage_id" in fields_list and code:
            stage = self.env["customer.lifecycle.stage"]._stage_by_code().get(code)
            values["stage_id"] = stage.id if stage else False
        return values

    def action_apply(self):
        self.ensure_one()
        self.env["res.users"]._check_lifecycle_manager(
            self.env._("Only a Lifecycle Manager can pin a partner's stage.")
        )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for pinning the stage."))
        company = self.env.company
        partners = self.partner_ids.commercial_partner_id.with_company(company)
        today = company._lifecycle_today()
        self.env["customer.lifecycle.history"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "from_stage_id": partner.lifecycle_stage_id.id,
                    "to_stage_id": self.stage_id.id,
                    "date": today,
                    "rule": "manual",
                    "reason": self.reason,
                    "automatic": False,
                }
                for partner in partners
            ]
        )
        partners.sudo().write(
            {
                "lifecycle_stage_id": self.stage_id.id,
                "lifecycle_stage_date": today,
                "lifecycle_pin_stage_id": self.stage_id.id,
                "lifecycle_pin_reason": self.reason,
            }
        )
        # a pinned advocate shares a working code; a partner pinned elsewhere (lost) does not
        advocate = self.stage_id.code == "advocate"
        self.env["customer.referral.code"]._sync_stages(
            company, partners.ids if advocate else [], [] if advocate else partners.ids
        )
        return {"type": "ir.actions.act_window_close"}
