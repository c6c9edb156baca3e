# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The fraud desk of the referrals: a referral waiting for its review longer than the
company's deadline is escalated once, as an activity for the company's relationship
owner; every week the Lifecycle Managers get a digest of what waits for them (referrals
to review, rewards to approve, clawbacks proposed), none when nothing does."""

from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import format_amount

from .. import odoo_compat
from .res_users import MANAGER_GROUP

ESCALATION_ACTIVITY = "customer_lifecycle.mail_activity_type_referral_review"
DIGEST_TEMPLATE = "customer_lifecycle.mail_template_referral_digest"


class CustomerReferral(models.Model):
    _name = "customer.referral"
    _inherit = ["customer.referral", "mail.activity.mixin"]

    review_date = fields.Date(
        string="To Review Since",
        compute="_compute_review_date",
        store=True,
        copy=False,
        help="The day this referral started waiting for a review: after the company's review "
        "deadline it is escalated to the relationship owner.",
    )
    review_escalated = fields.Boolean(
        compute="_compute_review_date",
        store=True,
        copy=False,
        help="This wait for a review was escalated to the company's relationship owner.",
    )

    @api.depends("state")
    def _compute_review_date(self):
        for referral in self:
            if referral.state != "to_review":
                referral.review_date = False
                referral.review_escalated = False
            elif not referral.review_date:
                referral.review_date = referral.company_id._lifecycle_today()
                referral.review_escalated = False

    # ------------------------------------------------------------------
    # Escalation: once, to the company's relationship owner
    # ------------------------------------------------------------------

    @api.model
    def _cron_escalate_reviews(self):
        """Daily job: the referrals to review past their company's deadline become one
        activity each for the company's relationship owner, never twice."""
        for company in self.env["res.company"].search([]):
            deadline = company._lifecycle_today() - timedelta(days=company.lifecycle_referral_review_days)
            late = self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "to_review"),
                    ("review_escalated", "=", False),
                    ("review_date", "<", deadline),
                ]
            )
            owner = company._lifecycle_relationship_owner()
            if late and owner:
                late._escalate_review(owner)

    def _escalate_review(self, owner):
        # the activity is read by the owner, in their language
        text = self.env["customer.lifecycle.reader.text"]._for_reader(owner, owner.company_id)
        for referral in self:
            days = (referral.company_id._lifecycle_today() - referral.review_date).days
            note = text._digits(
                text.env._(
                    "This referral has waited %(days)s days for a Lifecycle Manager's review, longer than the "
                    "deadline of %(deadline)s days. The reasons to review it:",
                    days=days,
                    deadline=referral.company_id.lifecycle_referral_review_days,
                )
            )
            reasons = Markup("<br/>").join((referral.review_reasons or "").splitlines())
            referral.sudo().activity_schedule(
                ESCALATION_ACTIVITY,
                date_deadline=referral.company_id._lifecycle_today(),
                summary=text.env._("Review the referral: its deadline has passed"),
                note=Markup("<p>%s</p><p>%s</p>") % (note, reasons),
                user_id=owner.id,
            )
        self.sudo().write({"review_escalated": True})

    # ------------------------------------------------------------------
    # The weekly digest of the Lifecycle Managers
    # ------------------------------------------------------------------

    @api.model
    def _cron_send_digest(self):
        """Weekly job: each Lifecycle Manager with something waiting in their companies gets
        the digest, in their language; nobody gets an empty one."""
        template = self.env.ref(DIGEST_TEMPLATE)
        managers = (
            self.env.ref(MANAGER_GROUP)
            .sudo()[odoo_compat.ALL_GROUP_USERS_FIELD]
            .filtered(lambda user: user.active and not user.share and user.id != SUPERUSER_ID and user.email)
        )
        for manager in managers:
            digest = self._digest_for(manager)
            if digest["count"]:
                template.with_context(digest=digest).send_mail(manager.id)

    @api.model
    def _digest_for(self, manager):
        """What waits for ``manager`` in their companies: {"referrals", "rewards",
        "clawbacks": [line], "count"}, each line a dict of its name, its details and its
        address, written for them."""
        text = self.env["customer.lifecycle.reader.text"]._for_reader(manager, manager.company_id)
        domain = [("company_id", "in", manager.company_ids.ids)]
        # sudo: the digest reads what the manager may read, in all their companies
        referrals = self.sudo().search(domain + [("state", "=", "to_review")], order="review_date, id")
        Grant = self.env["customer.incentive.grant"].sudo()
        rewards = Grant.search(domain + [("referral_id", "!=", False), ("state", "=", "to_approve")], order="date, id")
        clawbacks = Grant.search(domain + [("state", "=", "given"), ("clawback_proposed", "=", True)], order="date, id")
        base_url = manager.get_base_url()

        def line(record, details):
            return {
                "name": record.display_name,
                "details": [text._digits(detail) for detail in details if detail],
                "url": f"{base_url}/mail/view?model={record._name}&res_id={record.id}",
            }

        def amount(grant):
            return format_amount(text.env, grant.cost, grant.currency_id)

        digest = {
            "referrals": [
                line(
                    referral,
                    [text.env._("To review since %(day)s.", day=text._date(referral.review_date))]
                    + (referral.review_reasons or "").splitlines(),
                )
                for referral in referrals
            ],
            "rewards": [line(grant, [amount(grant), *(grant.cap_reason or "").splitlines()]) for grant in rewards],
            "clawbacks": [line(grant, [amount(grant)]) for grant in clawbacks],
        }
        digest["count"] = len(referrals) + len(rewards) + len(clawbacks)
        return digest
