# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A referral code's public page and its tracked links, one per share channel.

The page is the addon's own ``/referral/<code>`` on the company's web address (``/r/``
belongs to ``link_tracker``). Each share channel has a ``link.tracker`` of its own: its
clicks are counted, and it lands on the page (or on the company's other landing address,
see the Settings) with the UTM of the referral program: the channel's medium, the code's
source. Nothing here calls an outside service: a tracker is made with a title, so that
Odoo does not fetch the page to read one."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from odoo import api, fields, models
from odoo.exceptions import UserError

from .customer_referral_code import is_code, normalize_code

# {share channel of a referral: the XML id of its UTM medium}
CHANNEL_MEDIA = {
    "whatsapp": "customer_lifecycle.utm_medium_referral_whatsapp",
    "telegram": "customer_lifecycle.utm_medium_referral_telegram",
    "sms": "customer_lifecycle.utm_medium_referral_sms",
    "email": "utm.utm_medium_email",
    "qr": "customer_lifecycle.utm_medium_referral_qr",
    "link": "customer_lifecycle.utm_medium_referral_link",
}
REFERRAL_CAMPAIGN = "customer_lifecycle.utm_campaign_referral"
# the query parameter that carries the code to another landing address
CODE_PARAMETER = "referral_code"


def landing_path(code):
    """The path of the public page of ``code`` (a stored code, upper case)."""
    return f"/referral/{code}"


def with_query(url, params):
    """``url`` with ``params`` added to its query (those it has are kept)."""
    parts = urlsplit(url)
    query = "&".join(part for part in (parts.query, urlencode(params)) if part)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


class CustomerReferralCode(models.Model):
    _inherit = "customer.referral.code"

    utm_source_id = fields.Many2one(
        "utm.source",
        string="UTM Source",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The source of the leads and quotations that come through this code's shared links.",
    )
    link_tracker_ids = fields.Many2many(
        "link.tracker",
        compute="_compute_link_tracker_ids",
        string="Shared Links",
        help="The tracked links of this code, one per share channel, with their clicks.",
    )

    def _compute_link_tracker_ids(self):
        Tracker = self.env["link.tracker"].sudo()
        campaign = self.env.ref(REFERRAL_CAMPAIGN, raise_if_not_found=False)
        trackers = Tracker.search(
            [("source_id", "in", self.utm_source_id.ids), ("campaign_id", "=", campaign.id if campaign else False)]
        )
        for code in self:
            code.link_tracker_ids = trackers.filtered(lambda t, c=code: t.source_id == c.utm_source_id)

    # ------------------------------------------------------------------
    # The contract: other parts of the addon call these
    # ------------------------------------------------------------------

    def _lifecycle_landing_url(self):
        """The absolute address of this code's public page, without tracking."""
        self.ensure_one()
        return self.get_base_url().rstrip("/") + landing_path(self.code)

    def _lifecycle_share_url(self, channel):
        """The absolute tracked address (the ``link.tracker`` short URL) of this code for
        the share ``channel`` (a value of ``customer.referral.channel`` that has a medium,
        see CHANNEL_MEDIA), its tracker made when missing."""
        self.ensure_one()
        return self._lifecycle_link_tracker(channel).short_url

    @api.model
    def _find_any(self, code):
        """The code ``code`` (as typed, in any case), whatever its company (codes are unique
        across companies), or an empty recordset."""
        code = normalize_code(code)
        if not is_code(code):
            return self.browse()
        return self.sudo().search([("code", "=", code)], limit=1)

    def _lifecycle_landing_offer(self):
        """What the friend gets, as the public page of this code says it (in the visitor's
        language): a welcome reward adds its own sentence here."""
        self.ensure_one()
        return self.env._(
            "Leave your name and a way to reach you: %(company)s will contact you, welcome you as a friend "
            "of one of its customers and help you with your first order.",
            company=self.sudo().company_id.name,
        )

    # ------------------------------------------------------------------

    def _lifecycle_target_url(self):
        """Where this code's links land: its public page, or the company's other landing
        address with the code in the address (the tracker adds the UTM)."""
        self.ensure_one()
        other = (self.company_id.lifecycle_referral_landing_url or "").strip()
        if other:
            return with_query(other, {CODE_PARAMETER: self.code})
        return self._lifecycle_landing_url()

    def _lifecycle_channel_medium(self, channel):
        medium = self.env.ref(CHANNEL_MEDIA[channel], raise_if_not_found=False) if channel in CHANNEL_MEDIA else None
        if not medium:
            raise UserError(self.env._("A referral link cannot be shared by %(channel)s.", channel=channel))
        return medium

    def _lifecycle_utm_source(self):
        """The UTM source of this code, made with its first link."""
        self.ensure_one()
        if not self.utm_source_id:
            Source = self.env["utm.source"].sudo()
            name = f"Referral code {self.code}"
            self.sudo().utm_source_id = Source.search([("name", "=", name)], limit=1) or Source.create({"name": name})
        return self.utm_source_id

    def _lifecycle_link_tracker(self, channel):
        """The link tracker of this code for ``channel``: one per code and channel (its
        target follows the company's landing address)."""
        self.ensure_one()
        medium = self._lifecycle_channel_medium(channel)
        campaign = self.env.ref(REFERRAL_CAMPAIGN)
        source = self._lifecycle_utm_source()
        Tracker = self.env["link.tracker"].sudo()
        url = self._lifecycle_target_url()
        domain = [("campaign_id", "=", campaign.id), ("medium_id", "=", medium.id), ("source_id", "=", source.id)]
        tracker = Tracker.search(domain, order="id", limit=1)
        if tracker:
            if tracker.url != url:
                tracker.url = url
            return tracker
        return Tracker.create(
            {
                "url": url,
                # with a title, Odoo does not fetch the page to read one
                "title": self.env._("Referral code %(code)s", code=self.code),
                "campaign_id": campaign.id,
                "medium_id": medium.id,
                "source_id": source.id,
            }
        )

    @api.model
    def _lifecycle_channel_of_medium(self, medium):
        """The share channel whose UTM medium is ``medium`` (a record), or False."""
        for channel, xmlid in CHANNEL_MEDIA.items():
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if record and record == medium:
                return channel
        return False
