# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The advocate's own page in the portal, ``/my/referrals``: their referral code and a
sentence to share it, the people they introduced and the rewards these earned them.

Only an advocate has the page (and its entry on ``/my``): a partner whose commercial
entity holds a working code in the current company. Portal users have no access to the
codes, referrals and grants: the page reads them with ``sudo()``, always limited by a
domain on the user's own commercial partner and the current company."""

from odoo import http
from odoo.http import request
from odoo.tools import format_date

from odoo.addons.customer_lifecycle.tools import jalali
from odoo.addons.customer_lifecycle.tools.referral_share import SHARE_CHANNELS, share_hrefs
from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

# The sorts of the referrals' list: by date, the newest first by default.
REFERRAL_SORTS = {"date": "date desc, id desc", "date_asc": "date asc, id asc"}


class LifecycleReferralPortal(CustomerPortal):
    # the referrals of one page of /my/referrals (a phone scrolls through cards)
    _lifecycle_referrals_per_page = 20

    def _lifecycle_referral_code(self):
        """The working referral code of the user's commercial partner in the current
        company, or an empty recordset (the user is not an advocate there)."""
        partner = request.env.user.partner_id.commercial_partner_id
        # sudo: portal users cannot read codes; the domain keeps to their own partner's
        return (
            request.env["customer.referral.code"]
            .sudo()
            .search(
                [("partner_id", "=", partner.id), ("company_id", "=", request.env.company.id), ("state", "=", "works")],
                limit=1,
            )
        )

    def _lifecycle_referral_domain(self, code):
        """The referrals the owner of ``code`` made in its company, and nobody else's."""
        return [("referrer_commercial_id", "=", code.partner_id.id), ("company_id", "=", code.company_id.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if not counters:
            # /my itself (not the counters' request): whether to show the entry at all
            values["lifecycle_referral_code"] = self._lifecycle_referral_code().code
        if "lifecycle_referral_count" in counters:
            code = self._lifecycle_referral_code()
            # sudo: portal users cannot read referrals; the domain keeps to the advocate's own
            values["lifecycle_referral_count"] = (
                request.env["customer.referral"].sudo().search_count(self._lifecycle_referral_domain(code))
                if code
                else 0
            )
        return values

    def _prepare_lifecycle_referral_values(self, code, page=1, sortby="date"):
        """What the page shows the owner of ``code``: the referred person's name only once
        they became a customer (the advocate introduced them; the rest is theirs), one
        page of referrals at a time in the order asked, and the rewards."""
        env = request.env
        company = code.company_id
        sortby = sortby if sortby in REFERRAL_SORTS else "date"
        # sudo: portal users cannot read referrals and grants; the domains keep to the
        # referrals of the advocate and to the rewards given to the advocate for them
        Referral = env["customer.referral"].sudo()
        domain = self._lifecycle_referral_domain(code)
        pager = portal_pager(
            url="/my/referrals",
            url_args={"sortby": sortby},
            total=Referral.search_count(domain),
            page=page,
            step=self._lifecycle_referrals_per_page,
        )
        referrals = Referral.search(
            domain, order=REFERRAL_SORTS[sortby], limit=self._lifecycle_referrals_per_page, offset=pager["offset"]
        )
        rewards = (
            env["customer.incentive.grant"]
            .sudo()
            .search(
                [
                    ("referral_id", "in", Referral._search(domain)),
                    ("partner_id", "=", code.partner_id.id),
                    ("company_id", "=", company.id),
                ]
            )
        )
        unnamed = env._("A person you introduced")
        return {
            **self._lifecycle_advocate_words(referrals, rewards),
            **self._lifecycle_share_values(code),
            "page_name": "lifecycle_referrals",
            "pager": pager,
            "sortby": sortby,
            "searchbar_sortings": {
                "date": {"label": env._("Newest first"), "order": REFERRAL_SORTS["date"]},
                "date_asc": {"label": env._("Oldest first"), "order": REFERRAL_SORTS["date_asc"]},
            },
            "default_url": "/my/referrals",
            "lifecycle_code": code.code,
            "lifecycle_how": env._(
                "Give this code to the people you introduce to %(company)s. When they give it on their first "
                "order, the order counts as your referral: you will see it below, with the rewards it earns you.",
                company=company.name,
            ),
            "lifecycle_share": env._(
                "I buy from %(company)s and I recommend them. Give my code %(code)s on your first order, so "
                "that they know I sent you.",
                company=company.name,
                code=code.code,
            ),
            "lifecycle_referrals": referrals,
            "lifecycle_rewards": rewards,
            "lifecycle_referred_names": {
                referral.id: referral.referred_commercial_id.name if referral.state == "converted" else unnamed
                for referral in referrals | rewards.referral_id
            },
        }

    def _lifecycle_share_values(self, code):
        """The share buttons: each opens its channel's tracked link of ``code`` with the
        advocate's sentence, in the advocate's language."""
        env = request.env
        company = code.company_id
        urls = {channel: code._lifecycle_share_url(channel) for channel in SHARE_CHANNELS}
        sentence = env._(
            "I buy from %(company)s and I recommend them. Here is my link, so that they know I sent you:",
            company=company.name,
        )
        subject = env._("%(company)s, recommended", company=company.name)
        return {
            "lifecycle_share_url": urls["link"],
            "lifecycle_share_sentence": sentence,
            "lifecycle_share_subject": subject,
            "lifecycle_share_hrefs": share_hrefs(sentence, subject, urls),
        }

    def _lifecycle_advocate_words(self, referrals, rewards):
        """The dates in the visitor's calendar and language, and each status in the
        advocate's words: what a referral and a reward mean for them, never the company's
        own terms or costs ("Waiting for Payment" read as if the company owed them)."""
        env = request.env
        persian_calendar = env.user.lifecycle_calendar == "jalali"

        def day(value):
            return jalali.jalali_date(value) if persian_calendar else format_date(env, value)

        referral_words = {
            "new": env._("Not a customer yet"),
            "to_review": env._("Being checked"),
            "converted": env._("Became a customer"),
            "rejected": env._("Not counted"),
        }
        reward_words = {
            "planned": env._("On its way"),
            "waiting": env._("Waiting for your friend's payment"),
            "to_approve": env._("Being checked"),
            "given": env._("Yours"),
            "cancelled": env._("Cancelled"),
        }
        return {
            "lifecycle_dates": {
                **{("referral", r.id): day(r.date) for r in referrals},
                **{("reward", g.id): day(g.date) for g in rewards},
            },
            "lifecycle_referral_status": {r.id: referral_words.get(r.state, "") for r in referrals},
            "lifecycle_reward_status": {g.id: reward_words.get(g.state, "") for g in rewards},
        }

    @http.route(["/my/referrals", "/my/referrals/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_lifecycle_referrals(self, page=1, sortby="date", **kwargs):
        code = self._lifecycle_referral_code()
        if not code:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(self._prepare_lifecycle_referral_values(code, page=page, sortby=sortby))
        return request.render("customer_lifecycle.portal_my_lifecycle_referrals", values)
