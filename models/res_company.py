# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import referral_fraud
from .res_company_lifecycle_settings import SETTINGS_COMPANY_FIELDS


class ResCompany(models.Model):
    _inherit = "res.company"

    lifecycle_purchase_source = fields.Selection(
        [
            ("sale", "Confirmed sales orders"),
            ("invoice", "Posted customer invoices"),
        ],
        string="Qualifying Purchases",
        default="sale",
        required=True,
        help="What counts as a purchase in the customer chain: confirmed sales orders "
        "(by order date), or posted customer invoices net of their credit notes "
        "(by invoice date). Several purchases on the same day count once.",
    )
    lifecycle_lapse_days = fields.Integer(
        string="Lapse After (days)",
        default=365,
        help="A customer, loyal customer or advocate who has not bought for this many days becomes lapsed.",
    )
    lifecycle_lapse_warning_days = fields.Integer(
        string="Lapsing Soon Window (days)",
        default=30,
        help="Partners who will lapse within this many days are shown by the “Lapsing soon” filter.",
    )

    lifecycle_key_account_share = fields.Float(
        string="Key-Account Revenue Share (%)",
        default=80.0,
        help="Suggest as key accounts the customers who together make this share of the last twelve months' revenue.",
    )
    lifecycle_health_weight_rfm = fields.Integer(
        string="RFM Weight",
        default=30,
        help="Weight of recency, frequency and monetary value in the health score.",
    )
    lifecycle_health_weight_sentiment = fields.Integer(
        string="Sentiment Weight", default=15, help="Weight of the mood of recent touch-points."
    )
    lifecycle_health_weight_contact = fields.Integer(
        string="Contact Weight", default=10, help="Weight of talking to the customer as often as usual."
    )
    lifecycle_health_weight_payment = fields.Integer(
        string="Payment Weight", default=15, help="Weight of paying the invoices on time."
    )
    lifecycle_health_weight_rhythm = fields.Integer(
        string="Purchase Rhythm Weight", default=10, help="Weight of buying as often as usual."
    )
    lifecycle_health_weight_satisfaction = fields.Integer(
        string="Satisfaction Weight", default=10, help="Weight of the latest satisfaction survey score."
    )
    lifecycle_health_weight_responsiveness = fields.Integer(
        string="Responsiveness Weight",
        default=10,
        help="Weight of answering the customer's requests and complaints in time.",
    )

    @api.constrains(
        "lifecycle_health_weight_rfm",
        "lifecycle_health_weight_sentiment",
        "lifecycle_health_weight_contact",
        "lifecycle_health_weight_payment",
        "lifecycle_health_weight_rhythm",
        "lifecycle_health_weight_satisfaction",
        "lifecycle_health_weight_responsiveness",
    )
    def _check_lifecycle_health_weights(self):
        # that they sum to 100 is checked where they are set together (Settings):
        # the fields are written one by one there
        for company in self:
            weights = self.env["customer.lifecycle.health"]._weights(company)
            if min(vars(weights).values()) < 0:
                raise ValidationError(
                    self.env._("The health weights of %(company)s cannot be negative.", company=company.name)
                )

    lifecycle_incentive_refuse_outside_stage = fields.Boolean(
        string="Refuse Incentives Outside Their Stages",
        default=True,
        help="Refuse to grant an incentive to a customer at a stage it is not meant for, and do not "
        "apply its loyalty program at the sale to them. Off: warn, apply the reward and record the "
        "grant with the warning. Financial benefits to non-advocates are always refused.",
    )

    lifecycle_attribution_days = fields.Integer(
        string="Attribution Window (days)",
        default=60,
        help="A repeat purchase or a referral is attributed to an incentive the customer was given "
        "within this many days before it (the last one, or the first, per the attribution model).",
    )
    lifecycle_attribution_model = fields.Selection(
        [("last", "Last touch"), ("first", "First touch")],
        string="Attribution Model",
        default="last",
        required=True,
        help="Which incentive of the window a repeat purchase or a referral counts for: the last one "
        "given before it (default), or the first one given within the window.",
    )
    lifecycle_financial_benefit_settlement = fields.Selection(
        [("record", "Recorded only"), ("credit_note", "A draft customer credit note")],
        string="Financial Benefits Settled As",
        default="record",
        required=True,
        help="How a given financial benefit is settled: only recorded as a grant, or also as a draft "
        "customer credit note for the accountants, so money owed to customers is visible in accounting.",
    )
    lifecycle_referral_reward_incentive_id = fields.Many2one(
        "customer.incentive",
        string="Referral Reward",
        check_company=True,
        help="What a referrer gets when a referral converts: a grant of this incentive is created, "
        "to be approved by a lifecycle manager. Empty: no referral reward.",
    )
    lifecycle_referral_reward_mode = fields.Selection(
        [
            ("fixed", "The incentive's unit cost"),
            ("percent", "A percentage of the first order"),
            ("coupon", "A coupon of the incentive's loyalty program"),
        ],
        string="Referral Reward Amount",
        default="fixed",
        required=True,
    )
    lifecycle_referral_reward_percent = fields.Float(
        string="Referral Reward (%)",
        default=5.0,
        help="Percentage of the referred customer's first purchase (untaxed) that the referrer gets.",
    )
    lifecycle_referral_return_days = fields.Integer(
        string="Referral Return Window (days)",
        default=30,
        help="A referral reward waits until the invoice of the referred customer's first purchase is "
        "paid, then this many days more, in which the purchase can still be returned (credited); then "
        "it is released to a lifecycle manager for approval.",
    )

    @api.constrains("lifecycle_referral_return_days")
    def _check_lifecycle_referral_return_days(self):
        closed = self.filtered(lambda company: company.lifecycle_referral_return_days <= 0)
        if closed:
            raise ValidationError(
                self.env._(
                    "The referral return window of %(company)s must be at least one day.", company=closed[0].name
                )
            )

    lifecycle_referral_request_band = fields.Selection(
        [("healthy", "Healthy"), ("watch", "Watch"), ("at_risk", "At Risk")],
        string="Ask for Referrals From Health",
        default="watch",
        required=True,
        help="Ask for referrals only the advocates whose relationship health is at least this band: "
        "Healthy only, Watch or better, or At Risk (any advocate, even one whose health is not computed yet).",
    )
    lifecycle_referral_request_days = fields.Integer(
        string="Ask for Referrals At Most Every (days)",
        default=90,
        help="An advocate is asked for referrals at most once in this many days.",
    )

    @api.constrains("lifecycle_referral_request_days")
    def _check_lifecycle_referral_request_days(self):
        for company in self:
            if company.lifecycle_referral_request_days <= 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s asks an advocate for referrals at most once a period: "
                        "the period must be at least one day.",
                        company=company.name,
                    )
                )

    @api.constrains("lifecycle_attribution_days")
    def _check_lifecycle_attribution_days(self):
        for company in self:
            if company.lifecycle_attribution_days <= 0:
                raise ValidationError(
                    self.env._("The attribution window of %(company)s must be at least one day.", company=company.name)
                )

    @api.constrains(
        "lifecycle_referral_reward_mode", "lifecycle_referral_reward_percent", "lifecycle_referral_reward_incentive_id"
    )
    def _check_lifecycle_referral_reward(self):
        for company in self:
            incentive = company.lifecycle_referral_reward_incentive_id
            if incentive and company.lifecycle_referral_reward_mode == "coupon" and not incentive.program_id:
                raise ValidationError(
                    self.env._(
                        "The referral reward %(incentive)s has no loyalty program to issue a coupon from.",
                        incentive=incentive.name,
                    )
                )
            if incentive and incentive.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The referral reward %(incentive)s belongs to %(other)s, not to %(company)s.",
                        incentive=incentive.name,
                        other=incentive.company_id.name,
                        company=company.name,
                    )
                )
            if company.lifecycle_referral_reward_mode == "percent" and not (
                0 < company.lifecycle_referral_reward_percent <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "The referral reward of %(company)s must be a percentage above 0 and at most 100.",
                        company=company.name,
                    )
                )

    # the fraud checks of the referrals (models/customer_referral_fraud.py)
    lifecycle_referral_velocity_limit = fields.Integer(
        "Referrals per Referrer in 30 Days",
        default=5,
        help="A referral whose referrer made more than this many referrals in 30 days waits for a "
        "Lifecycle Manager to review it.",
    )
    lifecycle_public_mail_domains = fields.Text(
        string="Public Mail Providers",
        default=referral_fraud.DEFAULT_PUBLIC_MAIL_DOMAINS,
        help="Mail domains anyone can have an address at, separated by commas: sharing one of them "
        "is no reason to review a referral. The example domains are reserved for documentation and "
        "demo data.",
    )

    def _lifecycle_public_mail_domains(self):
        """The public mail providers of the company, as a list of domains."""
        self.ensure_one()
        return referral_fraud.parse_domains(self.lifecycle_public_mail_domains)

    @api.constrains("lifecycle_referral_velocity_limit", "lifecycle_public_mail_domains")
    def _check_lifecycle_referral_fraud_settings(self):
        for company in self:
            invalid = referral_fraud.invalid_domains(company._lifecycle_public_mail_domains())
            if company.lifecycle_referral_velocity_limit <= 0:
                message = self.env._(
                    "The number of referrals per referrer in 30 days of %(company)s must be at least one.",
                    company=company.name,
                )
            elif invalid:
                message = self.env._(
                    "“%(entry)s” in the public mail providers of %(company)s is not a mail domain (such as gmail.com).",
                    entry=invalid[0],
                    company=company.name,
                )
            else:
                continue
            raise ValidationError(message)

    @api.constrains("lifecycle_lapse_days", "lifecycle_lapse_warning_days")
    def _check_lifecycle_lapse_days(self):
        for company in self:
            if company.lifecycle_lapse_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The lapse period of %(company)s must be at least one day.",
                        company=company.name,
                    )
                )
            if not 0 <= company.lifecycle_lapse_warning_days < company.lifecycle_lapse_days:
                raise ValidationError(
                    self.env._(
                        "The “lapsing soon” window of %(company)s must be between 0 and the "
                        "lapse period (%(days)s days).",
                        company=company.name,
                        days=company.lifecycle_lapse_days,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # its partner is outside the chain, and the company's own partners and users'
        # of the others have no stage in it either
        self.env["res.partner"].sudo()._lifecycle_leave_chain()
        return companies

    def write(self, vals):
        if vals.get("lifecycle_public_mail_domains"):  # one entry each, no empty ones
            domains = referral_fraud.parse_domains(vals["lifecycle_public_mail_domains"])
            vals = {**vals, "lifecycle_public_mail_domains": ", ".join(domains)}
        rules_changed = self.browse()
        if {"lifecycle_purchase_source", "lifecycle_lapse_days"} & set(vals):
            rules_changed = self.filtered(
                lambda company: (
                    company.lifecycle_purchase_source
                    != vals.get("lifecycle_purchase_source", company.lifecycle_purchase_source)
                    or company.lifecycle_lapse_days != vals.get("lifecycle_lapse_days", company.lifecycle_lapse_days)
                )
            )
        res = super().write(vals)
        if set(SETTINGS_COMPANY_FIELDS) & set(vals):
            self.env.registry.clear_cache()  # the cached settings of the companies
        if rules_changed:
            # what counts as a purchase, or when one lapses, changed: the stages follow
            self.env["customer.lifecycle.engine"].sudo()._recompute_after_settings(rules_changed)
        return res
