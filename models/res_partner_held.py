# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Why a customer is held at their stage (article 003: a customer becomes loyal "because
they were satisfied with the purchase or the relationship with the seller was positive"):
an open complaint, or a detractor's answer since their last purchase, shown beside the
next possible move."""

from odoo import api, fields, models

from ..tools.customer_walk import held_by
from ..tools.loyalty_hold import HOLD_COMPLAINT
from .res_partner import INTERNAL


class ResPartner(models.Model):
    _inherit = "res.partner"

    lifecycle_held_reason = fields.Char(
        string="Held Because",
        compute="_compute_lifecycle_held_reason",
        help="Why the customer is not loyal yet although their purchases and their time as a "
        "customer would make them so: an open complaint, or a detractor's answer since their "
        "last purchase. Resolving the complaint, or a new purchase after the answer, lets them move.",
        groups=INTERNAL,
    )

    @api.depends_context("company", "lang")
    def _compute_lifecycle_held_reason(self):
        company = self.env.company
        partners = self.filtered(lambda p: p.id and p.id == p.commercial_partner_id.id)
        self.lifecycle_held_reason = False
        if not partners:
            return
        settings, today = company._lifecycle_settings(), company._lifecycle_today()
        rules = self.env["customer.lifecycle.stage"]._chain_rules(settings.lapse_days)
        batch = self.env["customer.lifecycle.reader"].sudo()._read_batch(company, partners.ids, settings, history=False)
        stage = self.env["customer.lifecycle.stage"]._stage_by_code().get("customer")
        text = self.env["customer.lifecycle.reader.text"]._for_current_user()
        for partner in partners:
            hold = batch.get(partner.id) and held_by(batch[partner.id], today, rules)
            if not hold:
                continue
            if hold.reason == HOLD_COMPLAINT:
                reason = self.env._(
                    "Held at %(stage)s: open complaint of %(day)s", stage=stage.name, day=text._date(hold.day)
                )
            else:
                reason = self.env._(
                    "Held at %(stage)s: detractor's answer of %(day)s, no purchase since",
                    stage=stage.name,
                    day=text._date(hold.day),
                )
            partner.lifecycle_held_reason = reason
