# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import customer_chain as chain, jalali

# Stages at which a negative contact is a warning: "respect that lapses loses advocates".
WATCHED_CODES = (chain.LOYAL, chain.ADVOCATE)
CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("visit", "Visit"),
    ("meeting", "Meeting"),
    ("chat", "Chat"),
    ("social", "Social media"),
    ("other", "Other"),
]
SENTIMENTS = [("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")]


class CustomerTouchpoint(models.Model):
    _name = "customer.touchpoint"
    _description = "Customer Touch-point"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "reason"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        help="The person or company contacted. Touch-points of a company's contacts count for the company.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Commercial Entity",
        store=True,
        index=True,
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    date_jalali = fields.Char(
        string="Date (Jalali)",
        compute="_compute_date_jalali",
        help="The day of the touch-point in the Jalali calendar, for Persian users.",
    )
    channel = fields.Selection(
        CHANNELS,
        required=True,
        default="phone",
    )
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")],
        required=True,
        default="inbound",
        help="Inbound: they contacted us. Outbound: we contacted them.",
    )
    reason = fields.Char(string="Reason for Contact", required=True)
    source_id = fields.Many2one(
        "utm.source",
        string="Origin",
        help="Where the contact came from: a campaign, a referral, a fair, the website…",
    )
    result = fields.Text(help="What came out of the contact.")
    sentiment = fields.Selection(
        SENTIMENTS,
        required=True,
        default="neutral",
    )
    is_referral_request = fields.Boolean(
        string="Referral Request",
        readonly=True,
        help="Logged when the contact was asked for referrals: at most one request per period (Settings).",
    )
    user_id = fields.Many2one("res.users", string="Contacted By", default=lambda self: self.env.user, index=True)
    stage_id = fields.Many2one(
        "customer.lifecycle.stage",
        string="Stage at Contact",
        readonly=True,
        help="The customer's lifecycle stage when the contact was recorded.",
    )
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")
    function = fields.Char(related="partner_id.function", string="Occupation")
    city = fields.Char(related="partner_id.city", string="Place of Residence")

    @api.depends("date")
    @api.depends_context("lang", "tz")
    def _compute_date_jalali(self):
        show = jalali.is_persian(self.env.lang)
        for touchpoint in self:
            moment = touchpoint.date and fields.Datetime.context_timestamp(touchpoint, touchpoint.date)
            touchpoint.date_jalali = jalali.jalali_date(moment) if show else False

    @api.constrains("date")
    def _check_date_not_in_future(self):
        now = fields.Datetime.now()
        for touchpoint in self:
            if touchpoint.date > now:
                raise ValidationError(
                    self.env._(
                        "The touch-point with %(partner)s is dated in the future (%(date)s). "
                        "Record contacts that happened; plan future contacts as activities.",
                        partner=touchpoint.partner_id.display_name,
                        date=touchpoint.date,
                    )
                )

    @api.constrains("date", "company_id")
    def _check_date_plausible(self):
        # dated in the future: refused by _check_date_not_in_future
        for touchpoint in self:
            self.env["customer.lifecycle.dates"]._check(
                self.env._("The date of the touch-point with %(partner)s", partner=touchpoint.partner_id.display_name),
                touchpoint.company_id._lifecycle_day_of(touchpoint.date),
            )

    @api.model_create_multi
    def create(self, vals_list):
        touchpoints = super().create(vals_list)
        for touchpoint in touchpoints:
            customer = touchpoint.commercial_partner_id.with_company(touchpoint.company_id)
            touchpoint.stage_id = customer.lifecycle_stage_id
        touchpoints.filtered(lambda t: t.sentiment == "negative")._warn_negative_contact()
        touchpoints._rescore_health()
        return touchpoints

    def write(self, vals):
        turned_negative = self.browse()
        if vals.get("sentiment") == "negative":
            turned_negative = self.filtered(lambda t: t.sentiment != "negative")
        rescored = self.browse()
        if {"partner_id", "company_id", "date", "sentiment"} & set(vals):
            rescored = self
        before = rescored._health_keys()
        res = super().write(vals)
        turned_negative._warn_negative_contact()
        rescored._rescore_health(before)
        return res

    def _health_keys(self):
        """{company: commercial partner ids} of these touch-points."""
        keys = {}
        for touchpoint in self:
            keys.setdefault(touchpoint.company_id, set()).add(touchpoint.commercial_partner_id.id)
        return keys

    def _rescore_health(self, before=None):
        """Score the health of these touch-points' customers again at once, those only: a
        salesperson who logs a contact sees its effect on the card."""
        keys = self._health_keys()
        for company, partner_ids in (before or {}).items():
            keys.setdefault(company, set()).update(partner_ids)
        scoring = self.env["customer.lifecycle.health.scoring"].sudo()
        for company, partner_ids in keys.items():
            scoring._recompute_partners(company.sudo(), sorted(partner_ids))

    def _warn_negative_contact(self):
        """A negative contact with a loyal customer or an advocate needs a person now."""
        for touchpoint in self:
            customer = touchpoint.commercial_partner_id.with_company(touchpoint.company_id)
            if customer.lifecycle_stage_code not in WATCHED_CODES:
                continue
            responsible = customer.user_id or touchpoint.user_id or self.env.user
            # in the language of the user who has to act on it
            reader = self.env["customer.lifecycle.reader.text"]._for_reader(responsible, touchpoint.company_id)
            customer.sudo().activity_schedule(
                "customer_lifecycle.mail_activity_type_lifecycle_warning",
                summary=reader.env._(
                    "Negative contact with %(partner)s (%(stage)s): restore the respect",
                    partner=customer.display_name,
                    stage=customer.lifecycle_stage_id.with_env(reader.env).name,
                ),
                note=reader.env._(
                    "%(user)s recorded a negative %(channel)s contact (%(reason)s). "
                    "An advocate or loyal customer who feels disrespected does not fall "
                    "back: they leave, and may speak against us. Call them.",
                    user=touchpoint.user_id.name or "",
                    channel=dict(self._fields["channel"]._description_selection(reader.env))[touchpoint.channel],
                    reason=touchpoint.reason,
                ),
                user_id=responsible.id,
            )
