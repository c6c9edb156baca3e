# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .bulk_sql import partner_filter

MANAGER_GROUP = "customer_lifecycle.group_lifecycle_manager"
# The states of a referral that counts: new or converted (neither rejected nor to review).
COUNTED_STATES = ("new", "converted")


class CustomerReferral(models.Model):
    _name = "customer.referral"
    _inherit = ["mail.thread", "customer.lifecycle.protected"]
    _description = "Customer Referral"
    _order = "date desc, id desc"
    _check_company_auto = True

    referrer_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The customer who introduced the business to someone, of their own will.",
    )
    referrer_commercial_id = fields.Many2one(
        related="referrer_id.commercial_partner_id", string="Referrer", store=True, index=True
    )
    referred_id = fields.Many2one(
        "res.partner",
        string="Referred Partner",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    referred_commercial_id = fields.Many2one(
        related="referred_id.commercial_partner_id", string="Referred", store=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date = fields.Date(required=True, default=lambda self: self.env.company._lifecycle_today(), tracking=True)
    channel = fields.Selection(
        [
            ("word_of_mouth", "Word of mouth"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("social", "Social media"),
            ("event", "Event"),
            ("other", "Other"),
            ("whatsapp", "WhatsApp"),
            ("telegram", "Telegram"),
            ("sms", "SMS"),
            ("qr", "QR code"),
            ("link", "Shared link"),
        ],
        default="word_of_mouth",
        required=True,
    )
    origin = fields.Selection(
        [("staff", "Entered by staff"), ("code", "Referral code")],
        string="Came By",
        default="staff",
        readonly=True,
        help="Entered by staff: a salesperson recorded it. Referral code: the customer gave the "
        "advocate's code on a sales order, and the referral was recorded when it was confirmed.",
    )
    note = fields.Text()
    state = fields.Selection(
        [("new", "New"), ("to_review", "To Review"), ("converted", "Converted"), ("rejected", "Rejected")],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        help="Converted: the referred partner became a customer on or after the referral "
        "date. Set by the lifecycle rules, never by hand. To Review: its two sides share "
        "contact or bank data, or its referrer made many referrals at once; it neither "
        "converts nor counts until a Lifecycle Manager accepts it.",
    )
    conversion_date = fields.Date(readonly=True, copy=False, tracking=True)
    rejection_reason = fields.Char(tracking=True, copy=False)
    user_id = fields.Many2one("res.users", string="Recorded By", default=lambda self: self.env.user, index=True)
    reward_grant_ids = fields.One2many("customer.incentive.grant", "referral_id", string="Reward Grants")

    can_reject = fields.Boolean(compute="_compute_can_reject", help="The current user may reject this referral.")
    can_reset = fields.Boolean(compute="_compute_can_reject", help="The current user may reopen this referral.")

    @api.depends("state", "user_id")
    @api.depends_context("uid")
    def _compute_can_reject(self):
        manager = self.env.su or self.env.user.has_group(MANAGER_GROUP)
        for referral in self:
            referral.can_reject = referral.state in ("new", "converted") and (
                manager or referral.user_id == self.env.user
            )
            referral.can_reset = manager and referral.state == "rejected"

    def _lifecycle_protected_hint(self):
        return self.env._(
            "A referral's status changes through its actions: the lifecycle rules convert it when the referred "
            "partner buys, and a Lifecycle Manager accepts or rejects a referral to review."
        )

    @api.depends("referrer_id", "referred_id")
    def _compute_display_name(self):
        for referral in self:
            referral.display_name = f"{referral.referrer_id.name or ''} → {referral.referred_id.name or ''}"

    # ------------------------------------------------------------------
    # The referral rules: rejected with a clear reason, never silently
    # ------------------------------------------------------------------

    @api.constrains("date")
    def _check_date_plausible(self):
        # dated in the future: refused by the referral rules
        for referral in self:
            self.env["customer.lifecycle.dates"]._check(
                self.env._("The date of the referral of %(referred)s", referred=referral.referred_id.display_name),
                referral.date,
            )

    @api.constrains("referrer_id", "referred_id", "date", "company_id", "state")
    def _check_referral_rules(self):
        reader = self.env["customer.lifecycle.reader"].sudo()
        for referral in self.filtered(lambda r: r.state != "rejected"):
            referrer, referred = referral.referrer_id, referral.referred_id
            if referral.date > referral.company_id._lifecycle_today():
                raise ValidationError(
                    self.env._(
                        "The referral of %(referred)s is dated in the future.",
                        referred=referred.display_name,
                    )
                )
            if referrer == referred:
                raise ValidationError(self.env._("%(partner)s cannot refer themselves.", partner=referrer.display_name))
            if referral.referrer_commercial_id == referral.referred_commercial_id:
                raise ValidationError(
                    self.env._(
                        "%(referrer)s and %(referred)s belong to the same customer "
                        "(%(entity)s): a referral brings someone new.",
                        referrer=referrer.display_name,
                        referred=referred.display_name,
                        entity=referral.referrer_commercial_id.display_name,
                    )
                )
            other = self.sudo().search(
                [
                    ("id", "!=", referral.id),
                    ("company_id", "=", referral.company_id.id),
                    ("referred_commercial_id", "=", referral.referred_commercial_id.id),
                    ("state", "!=", "rejected"),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "%(referred)s was already referred by %(referrer)s on %(date)s: a partner has one referrer.",
                        referred=referred.display_name,
                        referrer=other.referrer_id.display_name,
                        date=other.date,
                    )
                )
            days, _amount = reader._read_purchases(referral.company_id, [referral.referred_commercial_id.id]).get(
                referral.referred_commercial_id.id, ([], 0)
            )
            if days and days[0] < referral.date:
                raise ValidationError(
                    self.env._(
                        "%(referred)s was already a customer (first purchase on %(first)s) "
                        "before the referral date %(date)s.",
                        referred=referred.display_name,
                        first=days[0],
                        date=referral.date,
                    )
                )

    @api.constrains("state", "rejection_reason")
    def _check_rejection_reason(self):
        for referral in self:
            if referral.state == "rejected" and not (referral.rejection_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why the referral %(referral)s is rejected.",
                        referral=referral.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: the referrer's stage follows the referral
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        referrals = super().create(vals_list)
        referrals._review_new()
        referrals._recompute_lifecycle()
        return referrals

    def _review_new(self):
        """Hook: look at referrals just created before the lifecycle counts them (the fraud
        checks put the suspicious ones *To Review*)."""

    def write(self, vals):
        before = self.referrer_id | self.referred_id
        res = super().write(vals)
        if {"referrer_id", "referred_id", "date", "company_id", "state"} & set(vals):
            self._recompute_lifecycle(before)
        return res

    def _write_unwalked(self, vals):
        """:meth:`write` without its walk of the partners: for the referrals just created,
        whose checks (:meth:`_review_new`) write their outcome before :meth:`create` walks
        the partners once."""
        return super().write(vals)  # the ORM write, past this class's own

    def unlink(self):
        partners, companies = self.referrer_id | self.referred_id, self.company_id
        res = super().unlink()
        self.env["customer.lifecycle.engine"].sudo()._recompute_partners(partners, companies)
        return res

    def _recompute_lifecycle(self, extra_partners=None):
        partners = self.referrer_id | self.referred_id | (extra_partners or self.env["res.partner"])
        self.env["customer.lifecycle.engine"].sudo()._recompute_partners(partners, self.company_id)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _check_can_reject(self):
        """A new referral is rejected by whoever may change it (who recorded it, a Lifecycle
        Manager), with a reason."""
        for referral in self:
            if referral.state == "rejected":
                raise UserError(
                    self.env._("The referral %(referral)s is already rejected.", referral=referral.display_name)
                )
            if not (referral.rejection_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Fill in the rejection reason of %(referral)s before rejecting it.",
                        referral=referral.display_name,
                    )
                )
        self.check_access("write")

    def action_reject(self):
        self._check_can_reject()
        self._do_reject()
        return True

    def _do_reject(self):
        self.sudo().write({"state": "rejected", "conversion_date": False})
        self._sync_reward_grants()
        return True

    def _check_can_reset(self):
        self.env["res.users"]._check_lifecycle_manager(
            self.env._("Only a Lifecycle Manager can reopen a rejected referral.")
        )

    def action_reset(self):
        """Reopen rejected referrals: they count again (and are checked again)."""
        self._check_can_reset()
        self.filtered(lambda r: r.state == "rejected")._do_reset()
        return True

    def _do_reset(self):
        return self.sudo().write({"state": "new", "rejection_reason": False})

    # ------------------------------------------------------------------
    # Conversions: set by the lifecycle engine from the referred's purchases
    # ------------------------------------------------------------------

    @api.model
    def _sync_conversions(self, company, referred_ids=None):
        """Convert the referrals of ``company`` whose referred partner bought on or after
        the referral date (conversion date: that first purchase), and un-convert those
        whose purchases were cancelled since; ``referred_ids``: only the referrals of
        these referred commercial partners (ids, or an :class:`SQL` subquery)."""
        self.env.flush_all()
        referred_filter = SQL("TRUE")
        if referred_ids is not None:
            referred_filter = partner_filter(SQL("r.referred_commercial_id"), referred_ids)
        referred = SQL(
            "SELECT r.referred_commercial_id FROM customer_referral r"
            " WHERE r.company_id = %s AND r.state != 'rejected' AND %s",
            company.id,
            referred_filter,
        )
        self.env.cr.execute(
            SQL(
                """
            WITH purchases AS (%(purchases)s),
            conversion AS (
                SELECT r.id, MIN(pu.day) AS day
                  FROM customer_referral r
             LEFT JOIN purchases pu
                    ON pu.partner_id = r.referred_commercial_id AND pu.qualifies AND pu.day >= r.date
                 WHERE r.company_id = %(company)s AND r.state = ANY(%(counted)s)
                   AND %(referred_filter)s
              GROUP BY r.id
            )
            UPDATE customer_referral r
               SET state = CASE WHEN c.day IS NULL THEN 'new' ELSE 'converted' END,
                   conversion_date = c.day,
                   write_date = NOW() AT TIME ZONE 'UTC', write_uid = %(uid)s
              FROM conversion c
             WHERE r.id = c.id AND r.conversion_date IS DISTINCT FROM c.day
         RETURNING r.id
            """,
                purchases=self.env["customer.lifecycle.purchase"]._document_rows_sql(company, referred),
                company=company.id,
                referred_filter=referred_filter,
                counted=list(COUNTED_STATES),
                uid=self.env.uid,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["state", "conversion_date"])
        if changed and company.lifecycle_referral_reward_incentive_id:
            self.browse(changed)._sync_reward_grants()

    @api.model
    def _conversion_days_sql(self, company, referrer_ids=None):
        """(partner_id, sorted days their referrals converted) per referrer of ``company``;
        ``referrer_ids``: only these referrers (ids, or an :class:`SQL` subquery)."""
        referrer_filter = SQL("TRUE")
        if referrer_ids is not None:
            referrer_filter = partner_filter(SQL("referrer_commercial_id"), referrer_ids)
        return SQL(
            """
            SELECT referrer_commercial_id AS partner_id,
                   ARRAY_AGG(conversion_date ORDER BY conversion_date) AS days
              FROM customer_referral
             WHERE state = 'converted' AND company_id = %s AND %s
          GROUP BY referrer_commercial_id
            """,
            company.id,
            referrer_filter,
        )

    # ------------------------------------------------------------------
    # Referral rewards: a conversion creates the reward grant, waiting for the payment
    # ------------------------------------------------------------------

    def _reward_cost(self, incentive, amount=None):
        """What the referrer gets for this converted referral, in the company currency;
        ``amount``: the first purchase's net amount, when known (credited in part)."""
        self.ensure_one()
        company = self.company_id
        if company.lifecycle_referral_reward_mode != "percent":
            return incentive.unit_cost
        if amount is None:
            amount = self.env["customer.incentive.grant"]._first_purchase(self, self.conversion_date).net
        return company.currency_id.round(amount * company.lifecycle_referral_reward_percent / 100.0)

    def _sync_reward_grants(self):
        """Converted referrals get their reward grant once, waiting for the payment of the
        first purchase (released by the daily job); the pending reward of a referral that is
        no longer converted (cancelled purchase, rejected) is cancelled, with the reason."""
        Grant = self.env["customer.incentive.grant"].sudo()
        pending = Grant.search([("referral_id", "in", self.ids), ("state", "in", ("waiting", "to_approve"))])
        Text = self.env["customer.lifecycle.reader.text"]
        for grant in pending.filtered(lambda grant: grant.referral_id.state != "converted"):
            # a line of the chatter written by the rules: in the language of the company's partner
            text = Text._for_reader(None, grant.company_id)
            if grant.referral_id.state == "rejected":
                reason = text.env._("The referral was rejected: the reward is cancelled.")
            else:
                reason = text.env._(
                    "%(referred)s has no purchase left since the referral (cancelled or credited): the "
                    "reward is cancelled.",
                    referred=grant.referral_id.referred_commercial_id.display_name,
                )
            grant._message_log(body=reason)
            grant.state = "cancelled"
        rewarded = set(Grant.search([("referral_id", "in", self.ids), ("state", "!=", "cancelled")]).referral_id.ids)
        values = []
        for referral in self.sudo().filtered(lambda r: r.state == "converted" and r.id not in rewarded):
            incentive = referral.company_id.lifecycle_referral_reward_incentive_id
            if not incentive:
                continue
            net = Grant._first_purchase(referral, referral.conversion_date).net
            text = Text._for_reader(None, referral.company_id)
            values.append(
                {
                    "partner_id": referral.referrer_commercial_id.id,
                    "incentive_id": incentive.id,
                    "company_id": referral.company_id.id,
                    "date": referral.conversion_date,
                    "cost": referral._reward_cost(incentive, net),
                    "purchase_amount": net,
                    "state": "waiting",
                    "referral_id": referral.id,
                    "user_id": referral.user_id.id,
                    "note": text.env._(
                        "Reward for referring %(referred)s, a customer since %(date)s.",
                        referred=referral.referred_commercial_id.display_name,
                        date=text._date(referral.conversion_date),
                    ),
                }
            )
        if values:
            Grant.create(values)
