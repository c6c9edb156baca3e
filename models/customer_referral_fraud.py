# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from collections import defaultdict
from datetime import date, timedelta
from typing import NamedTuple

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import odoo_compat
from ..tools import referral_fraud as fraud

VELOCITY_DAYS = 30
# a change of these fields looks at the referral again
REVIEWED_FIELDS = {"referrer_id", "referred_id", "date", "company_id"}
MANAGER_GROUP = "customer_lifecycle.group_lifecycle_manager"


class ReviewSubject(NamedTuple):
    """What the checks of a referral read: its company, its two sides (commercial
    entities) and its day."""

    company: models.Model
    referrer: models.Model
    referred: models.Model
    day: date

    @property
    def window_start(self):
        """The first of the 30 days whose referrals count for the velocity."""
        return self.day - timedelta(days=VELOCITY_DAYS - 1)


def _entities_above(partner, partner_ids, entity_ids):
    """The ids of ``entity_ids`` that ``partner`` is or descends from: its parents are
    climbed within ``partner_ids`` (the descendants of those entities, read together)."""
    found = []
    while partner and partner.id in partner_ids:
        if partner.id in entity_ids:
            found.append(partner.id)
        partner = partner.parent_id
    return found


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

    can_review = fields.Boolean(
        compute="_compute_can_review", help="The current user may accept or reject this referral to review."
    )

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_review(self):
        manager = self.env.su or self.env.user.has_group(MANAGER_GROUP)
        for referral in self:
            referral.can_review = manager and referral.state == "to_review"

    def _review_new(self):
        """New referrals whose two sides share facts, or whose referrer made too many
        referrals at once, wait *To Review*: checked together, before anything counts them;
        the outcome of the checks is written in superuser mode."""
        new = self.filtered(lambda r: r.state == "new" and r.referrer_id and r.referred_id)
        subjects = [
            ReviewSubject(r.company_id, r.referrer_commercial_id, r.referred_commercial_id, r.date) for r in new
        ]
        for referral, reasons in zip(new, new._review_reasons_of(subjects), strict=True):
            if reasons:
                # the outcome of the checks, walked once by create() with the rest
                referral.sudo()._write_unwalked({"state": "to_review", "review_reasons": reasons})
        return super()._review_new()

    def write(self, vals):
        if not REVIEWED_FIELDS & set(vals):
            return super().write(vals)
        # the client's own values and rights first: the outcome of the checks is then written
        # in superuser mode, with them
        self._lifecycle_check_protected(vals)
        self.check_access("write")
        flagged = self.browse()
        for referral in self:
            converted = referral.state == "converted"
            own = referral._reviewed_vals(vals)
            writer = referral.sudo() if own is not vals else referral
            super(CustomerReferral, writer).write(own)
            if converted and referral.state == "to_review":
                flagged |= referral
        if flagged:
            flagged._sync_reward_grants()  # the reward waiting for a conversion no longer has one
        return True

    def _reviewed_vals(self, vals):
        """``vals`` for this referral, with the state *To Review* and the reasons when the
        referral, as ``vals`` changes it, is to review (``vals`` itself when it is not)."""
        self.ensure_one()
        state = vals.get("state", self.state)
        if state not in ("new", "converted", "to_review"):
            return vals
        company = self.env["res.company"].browse(vals["company_id"]) if "company_id" in vals else self.company_id
        Partner = self.env["res.partner"]
        referrer = Partner.browse(vals["referrer_id"]) if "referrer_id" in vals else self.referrer_id
        referred = Partner.browse(vals["referred_id"]) if "referred_id" in vals else self.referred_id
        day = fields.Date.to_date(vals["date"]) if "date" in vals else self.date
        subject = ReviewSubject(company, referrer.commercial_partner_id, referred.commercial_partner_id, day)
        reasons = self._review_reasons_of([subject])[0]
        if not reasons:
            # to review until a person decides: a change that hides the reasons does not decide
            return vals
        own = {**vals, "review_reasons": reasons}
        if state != "to_review":
            own.update(state="to_review", conversion_date=False)
        return own

    def _do_reset(self):
        """A rejected referral reopened is checked again."""
        for referral in self:
            own = referral._reviewed_vals({"state": "new", "rejection_reason": False})
            super(CustomerReferral, referral.sudo()).write(own)
        return True

    # ------------------------------------------------------------------
    # The reasons, in words
    # ------------------------------------------------------------------

    def _review_reasons_of(self, subjects):
        """The reasons to review each of ``subjects`` (referrals not yet written, other
        than ``self``), one sentence a line, ``""`` when there is none: the contacts and
        the referrals they compare are read once for all of them. Referrals of the same
        referrer among ``subjects`` count for the velocity of the ones after them."""
        checked = [s for s in subjects if s.referrer and s.referred and s.referrer != s.referred]
        if not checked:
            return [""] * len(subjects)
        contacts = self._review_contacts(
            self.env["res.partner"].union(*(entity for s in checked for entity in (s.referrer, s.referred)))
        )
        recorded = self._review_recorded(checked)
        earlier = defaultdict(list)  # (company, referrer): the days of the subjects before
        reasons = []
        for subject in subjects:
            if subject not in checked:
                reasons.append("")  # refused by the referral rules, with their own message
                continue
            key = (subject.company.id, subject.referrer.id)
            made = recorded(subject) + 1 + sum(1 for day in earlier[key] if subject.window_start <= day <= subject.day)
            earlier[key].append(subject.day)
            reasons.append(self._review_reasons(subject, contacts, made))
        return reasons

    def _review_reasons(self, subject, contacts, made):
        """The reasons to review the referral of ``subject``, whose referrer made ``made``
        referrals in the 30 days up to its day, this one included."""
        company, referrer, referred = subject.company, subject.referrer, subject.referred
        findings = fraud.shared_facts(
            contacts[referrer.id],
            contacts[referred.id],
            public_domains=company._lifecycle_public_mail_domains(),
            compare_domains=referrer.is_company or referred.is_company,
        )
        reasons = [self._review_sentence(finding) for finding in findings]
        limit = company.lifecycle_referral_velocity_limit
        if made > limit:
            text = self.env["customer.lifecycle.reader.text"]  # a stored reason: in the language it is written in
            reasons.append(
                text._digits(
                    self.env._(
                        "%(referrer)s made %(count)s referrals in the %(days)s days up to %(date)s, more than the "
                        "limit of %(limit)s.",
                        referrer=referrer.display_name,
                        count=made,
                        days=VELOCITY_DAYS,
                        date=text._date(subject.day),
                        limit=limit,
                    )
                )
            )
        return "\n".join(reasons)

    def _review_contacts(self, entities):
        """The :class:`~..tools.referral_fraud.Contact` of each of ``entities`` and of each
        of its contacts, by entity id."""
        # sudo: the checks compare every contact and bank account of both sides, whoever
        # records the referral; only the shared facts are written, in the reasons
        partners = self.env["res.partner"].sudo().search([("id", "child_of", entities.ids)])
        accounts = defaultdict(list)
        for account in self.env["res.partner.bank"].sudo().search([("partner_id", "in", partners.ids)]):
            accounts[account.partner_id.id].append(account.acc_number)
        contacts = defaultdict(list)
        partner_ids, entity_ids = set(partners.ids), set(entities.ids)
        for partner in partners:
            contact = fraud.Contact(
                name=partner.display_name,
                vat=partner.vat or "",
                phones=odoo_compat.phone_numbers(partner),
                email=partner.email or "",
                street=partner.street or "",
                zip=partner.zip or "",
                bank_accounts=tuple(accounts[partner.id]),
            )
            for entity_id in _entities_above(partner, partner_ids, entity_ids):
                contacts[entity_id].append(contact)
        return contacts

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

    def _review_recorded(self, subjects):
        """A function giving, for a subject, how many referrals its referrer made in its
        company in the 30 days up to its day, other than ``self``: one grouped count of the
        days of all the subjects' referrers."""
        if not subjects:
            return lambda subject: 0
        # sudo: a salesperson's referral counts the referrer's referrals recorded by anyone
        groups = self.sudo()._read_group(
            [
                ("company_id", "in", list({s.company.id for s in subjects})),
                ("referrer_commercial_id", "in", list({s.referrer.id for s in subjects})),
                ("date", ">=", min(s.window_start for s in subjects)),
                ("date", "<=", max(s.day for s in subjects)),
                ("id", "not in", self.ids),
            ],
            ["company_id", "referrer_commercial_id", "date:day"],
            ["__count"],
        )
        days = defaultdict(list)  # (company, referrer): (day, referrals recorded that day)
        for company, referrer, day, count in groups:
            days[company.id, referrer.id].append((day, count))

        def recorded(subject):
            made = days[subject.company.id, subject.referrer.id]
            return sum(count for day, count in made if subject.window_start <= day <= subject.day)

        return recorded

    # ------------------------------------------------------------------
    # A Lifecycle Manager decides
    # ------------------------------------------------------------------

    def _check_can_review(self):
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
        self._check_can_review()
        for referral in self:
            if referral.state != "to_review":
                raise UserError(
                    self.env._("The referral %(referral)s is not waiting for a review.", referral=referral.display_name)
                )
        self._do_accept()
        return True

    def _do_accept(self):
        for referral in self.sudo():
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
        # the state only: accepting is the decision the checks waited for
        return super(CustomerReferral, self.sudo()).write({"state": "new"})

    def _check_can_reject(self):
        self.filtered(lambda r: r.state == "to_review")._check_can_review()
        return super()._check_can_reject()
