# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import referral_fraud as fraud

VELOCITY_DAYS = 30
# a change of these fields looks at the referral again
REVIEWED_FIELDS = {"referrer_id", "referred_id", "date", "company_id"}
# set by the actions of a Lifecycle Manager, and by the review itself: the state may
# leave "to review" and the reasons may be written
REVIEW_CONTEXT = "lifecycle_referral_review"


class CustomerReferral(models.Model):
    """The fraud checks of a referral, on Odoo's own data: a referral whose two sides share
    a VAT number, a phone, an e-mail address or company domain, a street and ZIP or a bank
    account, or whose referrer makes too many referrals at once, waits *To Review* with
    its reasons in words until a Lifecycle Manager accepts or rejects it. Meanwhile it
    neither converts nor counts towards advocacy (the conversion rules look at the states
    *New* and *Converted* only)."""

    _inherit = "customer.referral"

    review_reasons = fields.Text(
        string="Reasons to Review",
        readonly=True,
        copy=False,
        help="Why this referral waits for a Lifecycle Manager: what its two sides share, or how "
        "many referrals its referrer made in 30 days. Kept once the referral is accepted.",
    )

    # ------------------------------------------------------------------
    # Checked at creation and when the referrer, the referred or the date change
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get(REVIEW_CONTEXT):
            return super().create(vals_list)
        Partner = self.env["res.partner"]
        batch = defaultdict(list)  # (company, referrer) -> the days of this batch's referrals
        for vals in vals_list:
            vals.pop("review_reasons", None)
            if vals.get("state", "new") != "new" or not (vals.get("referrer_id") and vals.get("referred_id")):
                continue
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            day = fields.Date.to_date(vals.get("date")) or company._lifecycle_today()
            referrer, referred = Partner.browse(vals["referrer_id"]), Partner.browse(vals["referred_id"])
            key = (company.id, referrer.commercial_partner_id.id)
            reasons = self._review_reasons(company, referrer, referred, day, batch[key])
            batch[key].append(day)
            if reasons:
                vals.update(state="to_review", review_reasons=reasons)
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get(REVIEW_CONTEXT):
            return super().write(vals)
        if "review_reasons" in vals:
            raise UserError(self.env._("The reasons to review a referral are written by its checks, not by hand."))
        if "state" in vals:
            waiting = self.filtered(lambda r: r.state == "to_review" and vals["state"] != "to_review")
            if waiting:
                raise UserError(
                    self.env._(
                        "The referral %(referral)s waits for a review: a Lifecycle Manager accepts or rejects it.",
                        referral=waiting[0].display_name,
                    )
                )
        reset = vals.get("state") == "new"  # a rejected referral reopened is checked again
        if not (REVIEWED_FIELDS & set(vals) or reset):
            return super().write(vals)
        flagged = self.browse()
        for referral in self:
            converted = referral.state == "converted"
            super(CustomerReferral, referral).write(referral._reviewed_vals(vals))
            if converted and referral.state == "to_review":
                flagged |= referral
        if flagged:
            flagged._sync_reward_grants()  # the reward waiting for a conversion no longer has one
        return True

    def _reviewed_vals(self, vals):
        """``vals`` for this referral, with the state *To Review* and the reasons when the
        referral, as ``vals`` changes it, is to review."""
        self.ensure_one()
        state = vals.get("state", self.state)
        if state not in ("new", "converted", "to_review"):
            return vals
        company = self.env["res.company"].browse(vals["company_id"]) if "company_id" in vals else self.company_id
        Partner = self.env["res.partner"]
        referrer = Partner.browse(vals["referrer_id"]) if "referrer_id" in vals else self.referrer_id
        referred = Partner.browse(vals["referred_id"]) if "referred_id" in vals else self.referred_id
        day = fields.Date.to_date(vals["date"]) if "date" in vals else self.date
        reasons = self._review_reasons(company, referrer, referred, day)
        if not reasons:
            # to review until a person decides: a change that hides the reasons does not decide
            return vals
        own = {**vals, "review_reasons": reasons}
        if state != "to_review":
            own.update(state="to_review", conversion_date=False)
        return own

    def _write_reviewed(self, vals):
        """Write the outcome of a review or a decision: the state may leave *To Review*."""
        return self.with_context(**{REVIEW_CONTEXT: True}).write(vals)

    # ------------------------------------------------------------------
    # The reasons, in words
    # ------------------------------------------------------------------

    def _review_reasons(self, company, referrer, referred, day, batch_days=()):
        """The reasons to review the referral of ``referred`` by ``referrer`` in ``company``
        dated ``day``, one sentence a line; ``""`` when there is none. ``batch_days``: the
        days of the referrer's referrals created with this one."""
        referrer_entity, referred_entity = referrer.commercial_partner_id, referred.commercial_partner_id
        if not (referrer_entity and referred_entity) or referrer_entity == referred_entity:
            return ""  # refused by the referral rules, with their own message
        findings = fraud.shared_facts(
            self._review_contacts(referrer_entity),
            self._review_contacts(referred_entity),
            public_domains=company._lifecycle_public_mail_domains(),
            compare_domains=referrer_entity.is_company or referred_entity.is_company,
        )
        reasons = [self._review_sentence(finding) for finding in findings]
        made = self._review_velocity(company, referrer_entity, day, batch_days)
        limit = company.lifecycle_referral_velocity_limit
        if made > limit:
            reasons.append(
                self.env._(
                    "%(referrer)s made %(count)s referrals in the %(days)s days up to %(date)s, more than the "
                    "limit of %(limit)s.",
                    referrer=referrer_entity.display_name,
                    count=made,
                    days=VELOCITY_DAYS,
                    date=day,
                    limit=limit,
                )
            )
        return "\n".join(reasons)

    def _review_contacts(self, entity):
        """The :class:`~..tools.referral_fraud.Contact` of ``entity`` and of each of its
        contacts."""
        # sudo: the checks compare every contact and bank account of both sides, whoever
        # records the referral; only the shared facts are written, in the reasons
        partners = self.env["res.partner"].sudo().search([("id", "child_of", entity.id)])
        accounts = defaultdict(list)
        for account in self.env["res.partner.bank"].sudo().search([("partner_id", "in", partners.ids)]):
            accounts[account.partner_id.id].append(account.acc_number)
        return [
            fraud.Contact(
                name=partner.display_name,
                vat=partner.vat or "",
                phones=tuple(number for number in (partner.phone, partner.mobile) if number),
                email=partner.email or "",
                street=partner.street or "",
                zip=partner.zip or "",
                bank_accounts=tuple(accounts[partner.id]),
            )
            for partner in partners
        ]

    def _review_sentence(self, finding):
        _ = self.env._
        names = {"referrer": finding.referrer, "referred": finding.referred}
        if finding.kind == fraud.KIND_VAT:
            return _(
                "%(referrer)s and %(referred)s have the same VAT number, %(vat)s.", vat=finding.referred_value, **names
            )
        if finding.kind == fraud.KIND_PHONE:
            return _(
                "%(referrer)s (%(referrer_phone)s) and %(referred)s (%(referred_phone)s) have the same phone number.",
                referrer_phone=finding.referrer_value,
                referred_phone=finding.referred_value,
                **names,
            )
        if finding.kind == fraud.KIND_EMAIL:
            return _(
                "%(referrer)s and %(referred)s have the same e-mail address, %(email)s.",
                email=finding.referred_value,
                **names,
            )
        if finding.kind == fraud.KIND_DOMAIN:
            return _(
                "%(referrer)s and %(referred)s have e-mail addresses at the same company domain, %(domain)s.",
                domain=finding.referred_value,
                **names,
            )
        if finding.kind == fraud.KIND_ADDRESS:
            return _(
                "%(referrer)s and %(referred)s have the same address, %(address)s.",
                address=finding.referred_value,
                **names,
            )
        return _(
            "%(referrer)s and %(referred)s have the same bank account number, ending in %(digits)s.",
            digits=finding.referred_value,
            **names,
        )

    def _review_velocity(self, company, referrer_entity, day, batch_days=()):
        """How many referrals ``referrer_entity`` made in ``company`` in the 30 days up to
        ``day``, this one included."""
        start = day - timedelta(days=VELOCITY_DAYS - 1)
        # sudo: a salesperson's referral counts the referrer's referrals recorded by anyone
        recorded = self.sudo().search_count(
            [
                ("company_id", "=", company.id),
                ("referrer_commercial_id", "=", referrer_entity.id),
                ("date", ">=", start),
                ("date", "<=", day),
                ("id", "not in", self.ids),
            ]
        )
        return recorded + 1 + sum(1 for other in batch_days if start <= other <= day)

    # ------------------------------------------------------------------
    # A Lifecycle Manager decides
    # ------------------------------------------------------------------

    def _check_review_manager(self):
        if self:
            self.env["res.users"]._check_lifecycle_manager(
                self.env._(
                    "Only a Lifecycle Manager can accept or reject the referral %(referral)s, which waits "
                    "for a review.",
                    referral=self[0].display_name,
                )
            )

    def action_accept(self):
        """Accept referrals to review: they count from now on (and convert if the referred
        partner bought), and the chatter says who read the reasons and accepted them."""
        self._check_review_manager()
        for referral in self:
            if referral.state != "to_review":
                raise UserError(
                    self.env._("The referral %(referral)s is not waiting for a review.", referral=referral.display_name)
                )
        for referral in self:
            reasons = Markup("<br/>").join((referral.review_reasons or "").splitlines())
            referral.message_post(
                body=Markup("%s<br/>%s")
                % (
                    self.env._(
                        "%(user)s read the reasons to review this referral and accepted it:", user=self.env.user.name
                    ),
                    reasons,
                ),
            )
        self._write_reviewed({"state": "new"})
        return True

    def action_reject(self):
        self.filtered(lambda r: r.state == "to_review")._check_review_manager()
        return super(CustomerReferral, self.with_context(**{REVIEW_CONTEXT: True})).action_reject()
