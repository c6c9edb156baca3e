# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The friend's welcome reward: whoever sends an advocate's landing form is e-mailed a
coupon of the company's welcome program (Settings), valid on their first order only.

Never to an existing customer, never twice to one commercial entity (nor twice to one
e-mail address or phone number), and never without its lead: the coupon is made in the
same transaction as the lead, by the landing form's own method. The landing page answers
every visitor the same way whether a coupon was sent or not, so it reveals nothing.
Once the lead has a partner, the coupon is an incentive grant of that partner at the
prospect stage, measured in the indicators."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..odoo_compat import domain_or
from ..tools import customer_chain as chain

# Why a friend gets no welcome coupon (said on the lead, never to the visitor).
WELCOME_CUSTOMER = "customer"
WELCOME_TWICE = "twice"


class CrmLead(models.Model):
    _inherit = ["crm.lead", "customer.lifecycle.protected"]
    _name = "crm.lead"

    lifecycle_welcome_coupon_id = fields.Many2one(
        "loyalty.card",
        string="Welcome Coupon",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The coupon of the friend's welcome reward e-mailed to the friend who sent an advocate's "
        "landing form: valid on their first order only.",
    )
    lifecycle_welcome_grant_id = fields.Many2one(
        "customer.incentive.grant",
        string="Welcome Grant",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The incentive grant the welcome coupon became once the lead had a partner.",
    )

    def _lifecycle_protected_hint(self):
        return self.env._(
            "The friend's welcome coupon is sent by the landing form and becomes a grant when the lead has a partner."
        )

    @api.model
    def _lifecycle_create_from_referral_landing(self, code, values):
        lead = super()._lifecycle_create_from_referral_landing(code, values)
        lead._lifecycle_send_welcome_coupon()
        return lead

    def write(self, vals):
        res = super().write(vals)
        if vals.get("partner_id"):
            self._lifecycle_grant_welcome()
        return res

    # ------------------------------------------------------------------
    # Who is welcomed: not a customer, not welcomed before
    # ------------------------------------------------------------------

    def _lifecycle_welcome_entities(self):
        """The commercial entities this lead's friend is: its partner's, and those of the
        partners with its e-mail address or its phone number, in one query."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        entities = self.partner_id.commercial_partner_id
        digits = "".join(ch for ch in self.phone or "" if ch.isdigit())[-9:]
        if not (self.email_normalized or len(digits) >= 6):
            return entities
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT commercial_partner_id FROM res_partner
                 WHERE (%(email)s::varchar IS NOT NULL AND email_normalized = %(email)s)
                    OR (%(digits)s <> '' AND RIGHT(regexp_replace(phone, '[^0-9]', '', 'g'), 9) = %(digits)s)
                """,
                email=self.email_normalized or None,
                digits=digits if len(digits) >= 6 else "",
            )
        )
        return entities | Partner.browse([row[0] for row in self.env.cr.fetchall() if row[0]])

    def _lifecycle_welcome_refusal(self):
        """Why this lead's friend gets no welcome coupon ("" when they get one)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        entities = self._lifecycle_welcome_entities()
        if entities and self._lifecycle_welcome_customers(entities, company):
            return WELCOME_CUSTOMER
        Lead = self.sudo().with_context(active_test=False)
        domain = [("lifecycle_welcome_coupon_id", "!=", False), ("id", "!=", self.id)]
        reach = []
        if self.email_normalized:
            reach.append([("email_normalized", "=", self.email_normalized)])
        if self.phone_sanitized:
            reach.append([("phone_sanitized", "=", self.phone_sanitized)])
        if entities:
            reach.append([("partner_id.commercial_partner_id", "in", entities.ids)])
        if reach and Lead.search_count(domain + domain_or(reach), limit=1):
            return WELCOME_TWICE
        return ""

    @api.model
    def _lifecycle_welcome_customers(self, entities, company):
        """The entities of ``entities`` that are (or were) customers of ``company``: they
        bought (a confirmed order, or a first purchase the rules recorded)."""
        entities = entities.sudo().with_company(company)
        bought = entities.filtered(
            lambda p: p.lifecycle_first_purchase_date or p.lifecycle_stage_id.code not in (chain.PROSPECT, False)
        )
        ordered = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "child_of", entities.ids),
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                ],
                ["partner_id"],
            )
        )
        return bought | self.env["res.partner"].union(*(p.commercial_partner_id for (p,) in ordered))

    # ------------------------------------------------------------------
    # The coupon, its e-mail and its grant
    # ------------------------------------------------------------------

    def _lifecycle_send_welcome_coupon(self):
        """E-mail each of these leads' friends a coupon of the company's welcome program,
        unless they are a customer or were welcomed before (noted on the lead)."""
        template = self.env.ref("customer_lifecycle.mail_template_lifecycle_welcome_coupon", raise_if_not_found=False)
        for lead in self.sudo():
            company = lead.company_id or self.env.company
            program = company.lifecycle_welcome_program_id
            if not (program and template and lead.email_from) or lead.lifecycle_welcome_coupon_id:
                continue
            refusal = lead._lifecycle_welcome_refusal()
            if refusal:
                lead._message_log(body=Markup("<p>%s</p>") % lead._lifecycle_welcome_refusal_words(refusal))
                continue
            points = max(program.reward_ids.mapped("required_points") or [1.0])
            coupon = (
                self.env["loyalty.card"]
                .sudo()
                .with_context(loyalty_no_mail=True)
                .create(
                    {
                        "program_id": program.id,
                        "company_id": company.id,
                        "partner_id": lead.partner_id.commercial_partner_id.id or False,
                        "points": points,
                    }
                )
            )
            lead.lifecycle_welcome_coupon_id = coupon
            template.send_mail(lead.id)
            lead._lifecycle_grant_welcome()

    def _lifecycle_welcome_refusal_words(self, refusal):
        if refusal == WELCOME_CUSTOMER:
            return self.env._(
                "No welcome coupon was sent: the friend is already a customer (the landing page told them "
                "nothing about it)."
            )
        return self.env._(
            "No welcome coupon was sent: this friend or their company was welcomed before (the landing page "
            "told them nothing about it)."
        )

    def _lifecycle_grant_welcome(self):
        """The welcome coupons of these leads that have a partner become incentive grants of
        the partner at the prospect stage; a second coupon of one entity is taken back."""
        Grant = self.env["customer.incentive.grant"].sudo()
        for lead in self.sudo().filtered(
            lambda lead: lead.lifecycle_welcome_coupon_id and lead.partner_id and not lead.lifecycle_welcome_grant_id
        ):
            company = lead.company_id or self.env.company
            entity = lead.partner_id.commercial_partner_id
            coupon = lead.lifecycle_welcome_coupon_id
            welcomed = lead.search_count(
                [
                    ("id", "!=", lead.id),
                    ("lifecycle_welcome_grant_id", "!=", False),
                    ("partner_id.commercial_partner_id", "=", entity.id),
                ],
                limit=1,
            )
            if welcomed:
                coupon.points = 0.0
                lead._message_log(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "The welcome coupon %(coupon)s was taken back: %(partner)s was welcomed before.",
                        coupon=coupon.code,
                        partner=entity.display_name,
                    )
                )
                continue
            if not coupon.partner_id:
                coupon.partner_id = entity
            incentive = company._lifecycle_welcome_incentive()
            lead.lifecycle_welcome_grant_id = Grant.create(
                {
                    "partner_id": entity.id,
                    "incentive_id": incentive.id,
                    "company_id": company.id,
                    "stage_id": self.env.ref("customer_lifecycle.stage_prospect").id,
                    "state": "given",
                    "coupon_id": coupon.id,
                    "user_id": (lead.user_id or self.env.user).id,
                    "note": self.env._("Welcome coupon of the lead %(lead)s", lead=lead.name),
                }
            )
