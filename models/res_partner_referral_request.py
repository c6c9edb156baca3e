# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Asking advocates for referrals, as the article says: only advocates whose relationship
is sound, never after a negative contact, at most once per period; every request sent
is logged as a touch-point (which is what the once-per-period rule reads)."""

from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import customer_chain as chain, referral_request as rules
from ..tools.loyalty_hold import is_detractor

SAME_CUSTOMER = "same_customer"


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _lifecycle_referral_request_facts(self, now):
        """{partner id: :class:`~..tools.referral_request.RequestFacts`} of these partners
        in the current company: one search of the health records and two grouped reads
        of the touch-points of their commercial entities, whoever recorded them."""
        company = self.env.company
        customers = self.commercial_partner_id
        healths = self.env["customer.lifecycle.health"].search(
            [("partner_id", "in", customers.ids), ("company_id", "=", company.id)]
        )
        band_of = {health.partner_id.id: health.band for health in healths}
        Touchpoint = self.env["customer.touchpoint"]
        since = now - timedelta(days=max(rules.NEGATIVE_TOUCHPOINT_DAYS, company.lifecycle_referral_request_days))
        domain = [("commercial_partner_id", "in", customers.ids), ("company_id", "=", company.id), ("date", ">", since)]
        last_negative = dict(
            Touchpoint._read_group(domain + [("sentiment", "=", "negative")], ["commercial_partner_id"], ["date:max"])
        )
        last_request = dict(
            Touchpoint._read_group(
                domain + [("is_referral_request", "=", True)], ["commercial_partner_id"], ["date:max"]
            )
        )
        detractors = self._lifecycle_latest_answer_detractors(customers, company)
        facts = {}
        for partner in self:
            customer = partner.commercial_partner_id
            facts[partner.id] = rules.RequestFacts(
                # the stage is the engine's, stored per company: read it whatever the user's rights
                is_advocate=customer.sudo().with_company(company).lifecycle_stage_id.code == chain.ADVOCATE,
                has_email=bool(partner.email),
                band=band_of.get(customer.id),
                last_negative=last_negative.get(customer),
                last_request=last_request.get(customer),
                detractor=customer.id in detractors,
            )
        return facts

    def _lifecycle_latest_answer_detractors(self, customers, company):
        """The ids of ``customers`` whose latest satisfaction answer in ``company`` is a
        detractor's (one search; none while touch-points have no score)."""
        Touchpoint = self.env["customer.touchpoint"]
        if not customers:
            return set()
        answers = Touchpoint.search_fetch(
            [
                ("commercial_partner_id", "in", customers.ids),
                ("company_id", "=", company.id),
                ("has_satisfaction_score", "=", True),  # a score of 0 is an answer too
            ],
            ["commercial_partner_id", "satisfaction_score"],
            order="date desc, id desc",
        )
        latest = {}
        for answer in answers:
            latest.setdefault(answer.commercial_partner_id.id, answer.satisfaction_score)
        return {partner_id for partner_id, score in latest.items() if is_detractor(score)}

    def _lifecycle_referral_request_refusals(self):
        """{reason: partners} of these partners who are not to be asked for referrals now
        in the current company (:data:`~..tools.referral_request.REASONS`, and
        ``same_customer`` for a second contact of a customer asked in the same run)."""
        company = self.env.company
        now = fields.Datetime.now()
        facts = self._lifecycle_referral_request_facts(now)
        refused = {}
        asked_customers = set()
        for partner in self:
            reason = rules.refusal(
                facts[partner.id],
                now,
                company.lifecycle_referral_request_band,
                company.lifecycle_referral_request_days,
            )
            if not reason and partner.commercial_partner_id.id in asked_customers:
                reason = SAME_CUSTOMER
            if reason:
                refused[reason] = refused.get(reason, self.browse()) | partner
            else:
                asked_customers.add(partner.commercial_partner_id.id)
        return refused

    def _lifecycle_referral_request_reasons(self, refused):
        """The refusals ``refused`` ({reason: partners}) in words, one sentence per reason."""
        _ = self.env._
        company = self.env.company
        bands = dict(company._fields["lifecycle_referral_request_band"]._description_selection(self.env))
        names = {reason: ", ".join(partners.mapped("display_name")) for reason, partners in refused.items()}
        sentences = {
            rules.NOT_ADVOCATE: lambda partners: _(
                "Not advocates in %(company)s (referral requests are for advocates only: never ask a loyal "
                "customer to market): %(partners)s.",
                company=company.name,
                partners=partners,
            ),
            rules.NO_EMAIL: lambda partners: _(
                "No e-mail address to send the request to: %(partners)s.", partners=partners
            ),
            rules.NO_HEALTH: lambda partners: _(
                "No relationship health computed yet: %(partners)s.", partners=partners
            ),
            rules.LOW_HEALTH: lambda partners: _(
                "Relationship health below “%(band)s”, the band the Settings ask for: %(partners)s.",
                band=bands[company.lifecycle_referral_request_band],
                partners=partners,
            ),
            rules.NEGATIVE_TOUCHPOINT: lambda partners: _(
                "A negative touch-point in the last %(days)s days (restore the respect first): %(partners)s.",
                days=rules.NEGATIVE_TOUCHPOINT_DAYS,
                partners=partners,
            ),
            rules.DETRACTOR: lambda partners: _(
                "Their latest satisfaction answer is a detractor's (answer their dissatisfaction first): %(partners)s.",
                partners=partners,
            ),
            rules.ASKED_RECENTLY: lambda partners: _(
                "Already asked for referrals in the last %(days)s days: %(partners)s.",
                days=company.lifecycle_referral_request_days,
                partners=partners,
            ),
            SAME_CUSTOMER: lambda partners: _(
                "Another contact of the same customer is asked now: %(partners)s.", partners=partners
            ),
        }
        return " ".join(
            sentences[reason](names[reason]) for reason in (*rules.REASONS, SAME_CUSTOMER) if reason in refused
        )

    def action_lifecycle_ask_referrals(self):
        """Send the "Referral request" mail to those of these partners who may be asked
        (see :mod:`..tools.referral_request`), log each request as a touch-point, and
        name the others with the reason; nothing is sent when nobody may be asked."""
        if not self.env.user.has_group("customer_lifecycle.group_lifecycle_user"):
            raise AccessError(self.env._("Only lifecycle users send referral requests."))
        if not self:
            raise UserError(self.env._("Select the advocates to ask for referrals."))
        refused = self._lifecycle_referral_request_refusals()
        reasons = self._lifecycle_referral_request_reasons(refused)
        asked = self - self.browse().union(*refused.values())
        if not asked:
            raise UserError(self.env._("No referral request was sent. %(reasons)s", reasons=reasons))
        asked._lifecycle_send_referral_requests()
        message = self.env._("The referral request was sent to %(count)s advocate(s).", count=len(asked))
        if refused:
            message = self.env._("%(sent)s Not sent: %(reasons)s", sent=message, reasons=reasons)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if refused else "success",
                "sticky": bool(refused),
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _lifecycle_send_referral_requests(self):
        """Post the request to each of these partners and log it as their touch-point."""
        template = self.env.ref("customer_lifecycle.mail_template_referral_request")
        # the eligibility above is the permission: salespeople may not edit partners, yet they
        # send this request to advocates (the message is still authored by them)
        self.sudo()._lifecycle_referral_prepare_links(self.env.company)
        for partner in self.sudo():
            partner.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=partner.ids,
            )
        self.env["customer.touchpoint"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "channel": "email",
                    "direction": "outbound",
                    "reason": self.env._("Asked for referrals"),
                    "is_referral_request": True,
                    "user_id": self.env.user.id,
                }
                for partner in self
            ]
        )
