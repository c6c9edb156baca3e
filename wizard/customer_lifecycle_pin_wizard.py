# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import customer_chain as chain


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
        self._check_chain(company, partners)
        today = company._lifecycle_today()
        # the history is the engine's and the pins': a manager adds no line by hand, the
        # pin adds its own once their right is checked (the line keeps who pinned)
        self.env["customer.lifecycle.history"].sudo().create(
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

    def _check_chain(self, company, partners):
        """Refuse the pin, for the whole batch, when it breaks the chain for one of
        ``partners`` (see :func:`~..tools.customer_chain.pin_refusal`), or when one of them
        is outside the chain: the engine would take their pinned stage away again."""
        outside = partners.filtered(lambda partner: not partner.lifecycle_in_chain)
        if outside:
            raise UserError(
                self.env._(
                    "%(partners)s: outside the customer chain. The company's own partners and its users' have "
                    "no stage, so none is pinned on them.",
                    partners=", ".join(outside.mapped("display_name")),
                )
            )
        Stage = self.env["customer.lifecycle.stage"]
        stages = Stage.search([])  # in the order of their sequence
        chain_keys = tuple(stage.code or stage.id for stage in stages if stage.code not in chain.EXITS)
        rules = Stage._chain_rules(company.lifecycle_lapse_days)
        by_code = Stage._stage_by_code()
        target = self.stage_id.code or self.stage_id.id
        computed = self.env["customer.lifecycle.engine"]._stages_without_pin(company, partners)
        refusals = []
        for partner in partners:
            current = partner.lifecycle_stage_id
            code, referrals = computed[partner.id]
            refusal = chain.pin_refusal(current.code or current.id or None, code, target, referrals, rules, chain_keys)
            if refusal:
                refusals.append(self._refusal_message(refusal, partner, by_code[code], rules, referrals))
        if refusals:
            raise UserError("\n".join(refusals))

    def _refusal_message(self, refusal, partner, computed_stage, rules, referrals):
        """The sentence of a refusal of :func:`~..tools.customer_chain.pin_refusal`."""
        if refusal == chain.PIN_ADVOCATE_ONLY_EXITS:
            exits = self.env["customer.lifecycle.stage"]._stage_by_code()
            return self.env._(
                "%(partner)s is an advocate, and an advocate who is let down does not fall back along "
                "the chain: they leave. Pin an advocate only to %(lapsed)s or %(lost)s.",
                partner=partner.display_name,
                lapsed=exits[chain.LAPSED].name,
                lost=exits[chain.LOST].name,
            )
        if refusal == chain.PIN_TOO_FAR_UP:
            return self.env._(
                "%(partner)s cannot be pinned to %(stage)s: the rules put them at %(computed)s today, and a "
                "pin goes up the chain at most one stage beyond that. Do not rush the move.",
                partner=partner.display_name,
                stage=self.stage_id.name,
                computed=computed_stage.name,
            )
        return self.env._(
            "%(partner)s cannot be pinned to %(stage)s: an advocate has brought at least %(required)s "
            "converted referrals, and %(partner)s has brought %(count)s.",
            partner=partner.display_name,
            stage=self.stage_id.name,
            required=rules.advocate_min_referrals,
            count=referrals,
        )
