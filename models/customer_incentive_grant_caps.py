# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Reward caps per advocate (``tools/referral_caps.py``): a referral reward beyond its
company's caps keeps the reason on the grant, checked when the reward is created and
again when it is released for approval; approving it is the Lifecycle Manager's decision,
said in the chatter."""

from collections import defaultdict
from datetime import date

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_amount

from ..tools import referral_caps

FOLLOWED_STATES = ("waiting", "to_approve")


class CustomerIncentiveGrant(models.Model):
    _inherit = "customer.incentive.grant"

    cap_reason = fields.Text(
        string="Beyond the Caps",
        readonly=True,
        copy=False,
        help="Why this referral reward goes beyond its company's caps per advocate (rewards per month, "
        "amount per year): it waits for a Lifecycle Manager's decision.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        grants = super().create(vals_list)
        grants.filtered(lambda grant: grant.referral_id and grant.state in FOLLOWED_STATES)._check_reward_caps()
        return grants

    def _follow_first_purchase(self, purchase=None):
        waiting = self.state == "waiting"
        res = super()._follow_first_purchase(purchase)
        if waiting and self.state == "to_approve":
            self._check_reward_caps()  # a reward of the month cancelled meanwhile frees its place
        return res

    def _check_reward_caps(self):
        """Write on each referral reward why it goes beyond its company's caps, or nothing:
        the advocates' other rewards of the years concerned are read in one search."""
        capped = self.filtered(lambda grant: any(grant.company_id._lifecycle_referral_caps()))
        others = defaultdict(list)  # (company, advocate): their rewards other than cancelled
        if capped:
            found = self.sudo().search(
                [
                    ("referral_id", "!=", False),
                    ("state", "!=", "cancelled"),
                    ("company_id", "in", capped.company_id.ids),
                    ("partner_id", "in", capped.partner_id.ids),
                    # a Jalali year straddles two Gregorian ones
                    ("date", ">=", date(min(capped.mapped("date")).year - 1, 1, 1)),
                    ("date", "<=", date(max(capped.mapped("date")).year + 1, 12, 31)),
                ]
            )
            for other in found:
                others[other.company_id.id, other.partner_id.id].append(other)
        for grant in self:
            reason = ""
            if grant in capped:
                earlier = [
                    referral_caps.Reward(other.date, other.cost)
                    for other in others[grant.company_id.id, grant.partner_id.id]
                    if (other.date, other.id) < (grant.date, grant.id)
                ]
                reason = grant._cap_reason(referral_caps.Reward(grant.date, grant.cost), earlier)
            if (grant.cap_reason or "") != reason:
                grant.sudo().cap_reason = reason or False

    def _cap_reason(self, reward, earlier):
        """The reasons, one sentence a line, why ``reward`` goes beyond the caps: written in
        the language of the company's partner, as the reasons to review a referral."""
        self.ensure_one()
        company = self.company_id
        monthly, yearly = company._lifecycle_referral_caps()
        currency = company.currency_id
        text = self.env["customer.lifecycle.reader.text"]._for_reader(None, company)
        # the months of the company's calendar: Jalali where it writes in Persian
        excess = referral_caps.beyond_caps(reward, earlier, monthly, yearly, currency.decimal_places, text._persian())
        if not excess:
            return ""
        advocate = self.partner_id.display_name
        reasons = []
        if excess.month_count:
            reasons.append(
                text.env._(
                    "%(advocate)s has %(count)s referral rewards in the calendar month of %(day)s with this one, "
                    "more than the cap of %(cap)s a month.",
                    advocate=advocate,
                    count=excess.month_count,
                    day=text._date(reward.day),
                    cap=monthly,
                )
            )
        if excess.year_total is not None:
            reasons.append(
                text.env._(
                    "The referral rewards of %(advocate)s in the calendar year of %(day)s come to %(total)s with "
                    "this one, more than the cap of %(cap)s a year.",
                    advocate=advocate,
                    day=text._date(reward.day),
                    total=format_amount(text.env, excess.year_total, currency),
                    cap=format_amount(text.env, yearly, currency),
                )
            )
        return text._digits("\n".join(reasons))

    def _do_approve(self):
        """Approving a reward beyond the caps is the manager's decision: the chatter keeps
        who read the reasons and approved it."""
        for grant in self.filtered("cap_reason").sudo():
            reasons = Markup("<br/>").join(grant.cap_reason.splitlines())
            grant.message_post(
                body=Markup("%s<br/>%s")
                % (
                    self.env._(
                        "%(user)s read why this reward goes beyond the caps and approved it:", user=self.env.user.name
                    ),
                    reasons,
                )
            )
        return super()._do_approve()
