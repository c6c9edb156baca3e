# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Referral rewards released when the sale is final.

A referral reward waits (``waiting``) until the invoice of the referred customer's first
purchase is paid and the company's return window has passed since the payment; then a
daily job releases it for a lifecycle manager's approval (``to_approve``). A first
purchase credited in full meanwhile cancels the reward; a partial credit recomputes a
percentage reward on the net amount. Credited after the reward was given, a clawback is
proposed to a lifecycle manager, once, as an activity: never done silently."""

from datetime import timedelta
from typing import NamedTuple

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount

from .. import odoo_compat
from .res_users import MANAGER_GROUP

PAID_STATES = ("paid", "in_payment")
# The accounts of an invoice's lines that payments are reconciled with (as account reads them).
RECONCILED_ACCOUNT_TYPES = ("asset_receivable", "liability_payable")


class FirstPurchase(NamedTuple):
    """What the referral reward waits for: the referred customer's first purchase."""

    invoices: models.BaseModel  # its customer invoices, posted
    net: float  # its untaxed amount net of credit notes, in the company's currency
    credited_in_full: bool  # every invoice of it was credited in full
    paid_day: object  # the day its last open invoice was paid (a date), or None
    awaiting: str  # why it is not paid yet, or ''


class CustomerIncentiveGrant(models.Model):
    _inherit = "customer.incentive.grant"

    purchase_amount = fields.Monetary(
        "First Purchase (Net)",
        help="The untaxed amount, net of credit notes, of the referred customer's first purchase when the "
        "reward was last checked: a credit note after the reward was given lowers it, and a clawback "
        "is proposed.",
        readonly=True,
        copy=False,
    )
    purchase_invoice_ids = fields.Many2many(
        "account.move",
        string="First Purchase Invoices",
        compute="_compute_release",
        help="The invoices of the referred customer's first purchase: the reward is released once they "
        "are paid and the return window has passed.",
    )
    release_date = fields.Date(
        string="Released On",
        compute="_compute_release",
        help="The day the return window ends after the payment of the first purchase: the reward is then "
        "released for approval.",
    )
    waiting_reason = fields.Char(string="Waiting For", compute="_compute_release")
    clawback_proposed = fields.Boolean(
        readonly=True,
        copy=False,
        help="The first purchase was credited after the reward was given: a clawback was proposed to a "
        "lifecycle manager as an activity.",
    )

    @api.depends("state", "referral_id", "date")
    def _compute_release(self):
        followed = self.filtered(lambda grant: grant.referral_id and grant.state not in ("planned", "cancelled"))
        # the first purchases of a list of grants: their documents read in one statement
        purchases = self._first_purchases([(grant.referral_id.sudo(), grant.date) for grant in followed])
        for grant in self:
            grant.purchase_invoice_ids = False
            grant.release_date = False
            grant.waiting_reason = False
            if grant not in followed:
                continue
            purchase = purchases[grant.referral_id, grant.date]
            grant.purchase_invoice_ids = purchase.invoices
            grant.release_date = grant._release_day(purchase)
            if grant.state == "waiting":
                text = self.env["customer.lifecycle.reader.text"]._for_current_user()
                grant.waiting_reason = purchase.awaiting or self.env._(
                    "The return window, until %(day)s.", day=text._date(grant.release_date)
                )

    def _release_day(self, purchase):
        if not purchase.paid_day:
            return False
        return purchase.paid_day + timedelta(days=self.company_id.lifecycle_referral_return_days)

    # ------------------------------------------------------------------
    # The first purchase: its invoices, their credit notes and payment
    # ------------------------------------------------------------------

    @api.model
    def _first_purchase(self, referral, day):
        """The :class:`FirstPurchase` of ``referral``'s referred customer: the documents of
        the one definition of a purchase on ``day`` (the conversion day), with their invoices."""
        return self._first_purchases([(referral, day)])[referral, day]

    @api.model
    def _first_purchases(self, referral_days):
        """{(referral, day): :class:`FirstPurchase`} of the pairs ``referral_days``: the
        documents of all of them read in one statement, their records prefetched together."""
        Purchase = self.env["customer.lifecycle.purchase"].sudo()
        # whoever may read the grant reads what it waits for (accountants do not read referrals)
        referrals = self.env["customer.referral"].sudo().browse({referral.id for referral, _day in referral_days})
        rows_of = {}
        if referral_days:
            self.env.flush_all()
            self.env.cr.execute(
                SQL(" UNION ALL ").join(
                    SQL(
                        "SELECT partner_id, company_id, day, order_id, move_id, pos_order_id, amount FROM (%s) d",
                        Purchase._document_rows_sql(company, company_referrals.referred_commercial_id.ids),
                    )
                    for company, company_referrals in referrals.grouped("company_id").items()
                )
            )
            for partner_id, company_id, day, *row in self.env.cr.fetchall():
                rows_of.setdefault((partner_id, company_id, day), []).append(row)
        rows = [row for company_rows in rows_of.values() for row in company_rows]
        # the accountants' documents: read for the reward, whoever looks at it; the
        # records of every pair prefetched together
        prefetch = {
            model: tuple({row[index] for row in rows if row[index]})
            for index, model in enumerate(("sale.order", "account.move", "pos.order"))
        }
        # with the invoices of every order among them: an order's invoices are computed,
        # and would otherwise be read one order at a time
        prefetch["account.move"] = tuple(self._linked_invoices(prefetch).ids + list(prefetch["account.move"]))
        return {
            (referral, day): self._first_purchase_of(
                referral.company_id,
                rows_of.get((referral.referred_commercial_id.id, referral.company_id.id, day), []),
                prefetch,
            )
            for referral, day in referral_days
        }

    @api.model
    def _first_purchase_of(self, company, rows, prefetch):
        """The :class:`FirstPurchase` of the document ``rows`` (order, move, Point of Sale
        order, amount) of one first purchase in ``company``; ``prefetch``: {model: ids}
        of every first purchase read with it."""

        def listed(records):
            # filtered() and | keep only their own records for the prefetch: the list's back
            return records.with_prefetch(prefetch[records._name] or None)

        def browse(model, index):
            return listed(self.env[model].sudo().browse({row[index] for row in rows if row[index]}))

        orders, moves = browse("sale.order", 0), browse("account.move", 1)
        linked = self._linked_invoices({"sale.order": orders.ids, "pos.order": [row[2] for row in rows if row[2]]})
        linked = listed(
            listed(linked).filtered(lambda move: move.move_type == "out_invoice" and move.state == "posted")
        )
        invoices = listed(moves.filtered(lambda move: move.move_type == "out_invoice") | linked)
        # an invoice's own rows are net of its credit notes already; an order's are not
        net = sum(row[3] for row in rows) - sum(self._credited(invoice) for invoice in linked)
        currency = company.currency_id
        credited_in_full = bool(invoices) and all(
            currency.compare_amounts(self._credited(invoice), invoice.amount_untaxed_signed) >= 0
            for invoice in invoices
        )
        open_invoices = listed(
            invoices.filtered(
                lambda invoice: currency.compare_amounts(self._credited(invoice), invoice.amount_untaxed_signed) < 0
            )
        )
        unpaid = open_invoices.filtered(lambda invoice: invoice.payment_state not in PAID_STATES)
        awaiting = ""
        # an order left to invoice waits for the rest of its invoice (a credit note leaves it so too)
        to_invoice = orders.filtered(
            lambda order: order.invoice_status == "to invoice" and not order.invoice_ids.reversal_move_ids
        )
        if not open_invoices or to_invoice:
            awaiting = self.env._("The invoice of the first purchase.")
        elif unpaid:
            awaiting = self.env._("The payment of the invoice %(invoices)s.", invoices=", ".join(unpaid.mapped("name")))
        paid_day = None if awaiting else max(self._payment_day(invoice) for invoice in open_invoices)
        return FirstPurchase(invoices, currency.round(net), credited_in_full, paid_day, awaiting)

    @api.model
    def _linked_invoices(self, documents):
        """The invoices of the orders and Point of Sale orders ``documents`` ({model: ids})."""
        invoices = self.env["sale.order"].sudo().browse(documents["sale.order"]).invoice_ids
        if "pos.order" in self.env:
            invoices |= self.env["pos.order"].sudo().browse(documents["pos.order"]).account_move
        return invoices

    @api.model
    def _credited(self, invoice):
        """The untaxed amount of the posted credit notes reversing ``invoice``, positive."""
        refunds = invoice.reversal_move_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_refund"
        )
        return -sum(refunds.mapped("amount_untaxed_signed"))

    @api.model
    def _payment_day(self, invoice):
        """The day ``invoice`` was paid: its last payment (neither a credit note nor an
        exchange difference is a payment).

        Read through the reconciliation's fields, as account's
        ``_get_all_reconciled_invoice_partials`` finds the same partials, but without its
        query per invoice: the fields are read for every invoice of a list at once (the
        ORM's prefetch), so that the grant list costs as many queries for one paid
        reward as for many."""
        all_lines = invoice.line_ids
        # filtered() keeps only its own records for the prefetch: the list's lines back
        lines = all_lines.filtered(lambda line: line.account_id.account_type in RECONCILED_ACCOUNT_TYPES).with_prefetch(
            all_lines._prefetch_ids
        )
        # the partials where a line is the debit (their counterpart: the credit), the credit
        as_debit, as_credit = lines.matched_credit_ids, lines.matched_debit_ids
        counterparts = [partial.credit_move_id for partial in as_debit] + [
            partial.debit_move_id for partial in as_credit
        ]
        exchange = as_debit.exchange_move_id | as_credit.exchange_move_id
        days = [
            line.date
            for line in counterparts
            if line.move_id.move_type != "out_refund" and line.move_id not in exchange
        ]
        days += invoice.matched_payment_ids.filtered(lambda payment: not payment.move_id).mapped("date")
        return max(days, default=invoice.invoice_date)

    # ------------------------------------------------------------------
    # The daily job
    # ------------------------------------------------------------------

    @api.model
    def _cron_release_referral_rewards(self):
        """Daily job: release the referral rewards whose first purchase is paid and past
        its return window, follow the credit notes of the others."""
        grants = self.search(
            [
                ("referral_id", "!=", False),
                "|",
                ("state", "in", ("waiting", "to_approve")),
                "&",
                ("state", "=", "given"),
                ("clawback_proposed", "=", False),
            ]
        )
        # the first purchases of every grant followed, read in one statement
        purchases = self._first_purchases([(grant.referral_id, grant.date) for grant in grants])
        for grant in grants:
            grant._follow_first_purchase(purchases[grant.referral_id, grant.date])

    def _follow_first_purchase(self, purchase=None):
        """One referral reward against its first purchase (``purchase``, read when not
        given): cancelled when it was credited in full, recomputed when credited in part,
        released when paid and final; given, a clawback is proposed when it was credited
        since."""
        self.ensure_one()
        purchase = purchase or self._first_purchase(self.referral_id, self.date)
        if self.state == "given":
            if not self.purchase_amount and not purchase.credited_in_full:
                # given before the first purchase's amount was kept on the grant: it is the baseline
                self.sudo().purchase_amount = purchase.net
                return
            if (
                purchase.credited_in_full
                or self.company_id.currency_id.compare_amounts(purchase.net, self.purchase_amount) < 0
            ):
                self._propose_clawback(purchase)
            return
        # the job's lines are read in the language of the company's partner
        text = self.env["customer.lifecycle.reader.text"]._for_reader(None, self.company_id)
        if purchase.credited_in_full:
            self._message_log(
                body=text.env._(
                    "The first purchase of %(referred)s was credited in full (%(invoices)s): the reward is cancelled.",
                    referred=self.referral_id.referred_commercial_id.display_name,
                    invoices=", ".join(purchase.invoices.mapped("name")),
                )
            )
            self.sudo().write({"state": "cancelled"})  # the job's decision, logged above
            return
        self._recompute_reward(purchase, text)
        release_day = self._release_day(purchase)
        if self.state == "waiting" and release_day and self.company_id._lifecycle_today() >= release_day:
            self.sudo().write({"state": "to_approve"})  # the job's decision, logged below
            self._message_log(
                body=text._digits(
                    text.env._(
                        "Released for approval: the first purchase was paid on %(paid)s and its return window of "
                        "%(days)s days has passed.",
                        paid=text._date(purchase.paid_day),
                        days=self.company_id.lifecycle_referral_return_days,
                    )
                )
            )

    def _recompute_reward(self, purchase, text):
        """A percentage reward follows the net amount of a first purchase credited in part."""
        currency = self.company_id.currency_id
        if not currency.compare_amounts(purchase.net, self.purchase_amount):
            return
        values = {"purchase_amount": purchase.net}
        if self.company_id.lifecycle_referral_reward_mode == "percent":
            values["cost"] = self.referral_id._reward_cost(self.incentive_id, purchase.net)
        if currency.compare_amounts(purchase.net, self.purchase_amount) < 0:
            self._message_log(
                body=text._digits(
                    text.env._(
                        "The first purchase was credited in part: its net amount is now %(net)s; the reward is "
                        "%(cost)s.",
                        net=format_amount(text.env, purchase.net, currency),
                        cost=format_amount(text.env, values.get("cost", self.cost), currency),
                    )
                )
            )
        self.sudo().write(values)

    # ------------------------------------------------------------------
    # Clawback: proposed to a lifecycle manager, carried out by them
    # ------------------------------------------------------------------

    def _clawback_manager(self):
        """Who decides the clawback: the grant's responsible when a lifecycle manager, else
        the company's first lifecycle manager."""
        if self.user_id and self.user_id.has_group(MANAGER_GROUP) and self.company_id in self.user_id.company_ids:
            return self.user_id
        managers = (
            self.env.ref(MANAGER_GROUP)
            .sudo()[odoo_compat.ALL_GROUP_USERS_FIELD]
            .filtered(lambda user: not user.share and self.company_id in user.company_ids)
        )
        return managers.sorted("id")[:1] or self.env.user

    def _clawback_proposal(self):
        note = self.credit_note_id
        if note.state == "posted":
            return self.env._(
                "Reverse the credit note %(move)s that paid the reward (Odoo's reversal), then the grant is cancelled.",
                move=note.name,
            )
        if note.state == "draft":
            return self.env._(
                "Cancel the grant: its draft credit note %(move)s is cancelled with it.", move=note.display_name
            )
        return self.env._("Cancel the grant, and ask %(partner)s for the reward back.", partner=self.partner_id.name)

    def _propose_clawback(self, purchase):
        manager = self._clawback_manager()
        # the activity is read by the manager, in their language
        text = self.env["customer.lifecycle.reader.text"]._for_reader(manager, self.company_id)
        grant = self.with_env(text.env)
        values = {
            "referred": grant.referral_id.referred_commercial_id.display_name,
            "invoices": ", ".join(purchase.invoices.mapped("name")),
            "proposal": grant._clawback_proposal(),
        }
        if purchase.credited_in_full:
            note = text.env._(
                "The first purchase of %(referred)s (%(invoices)s) was credited in full after this reward was "
                "given. Proposal: %(proposal)s",
                **values,
            )
        else:
            note = text.env._(
                "The first purchase of %(referred)s (%(invoices)s) was credited in part after this reward was "
                "given. Proposal: %(proposal)s",
                **values,
            )
        self.sudo().activity_schedule(
            "customer_lifecycle.mail_activity_type_referral_clawback",
            date_deadline=self.company_id._lifecycle_today(),
            summary=text.env._("Claw back the referral reward"),
            note=Markup("<p>%s</p>") % note,
            user_id=manager.id,
        )
        self.sudo().clawback_proposed = True

    def action_clawback(self):
        """A lifecycle manager claws a given referral reward back: the credit note that paid
        it is reversed (a draft for the accountants to post), and the grant is cancelled."""
        self.env["res.users"]._check_lifecycle_manager(
            self.env._("Only a Lifecycle Manager can claw back a referral reward.")
        )
        for grant in self:
            if grant.state != "given":
                raise UserError(
                    self.env._("%(grant)s is not given: there is nothing to claw back.", grant=grant.display_name)
                )
        for grant in self:
            note = grant.credit_note_id
            if note.state == "posted" and not note.reversal_move_ids.filtered(lambda move: move.state != "cancel"):
                # the manager decided; the accountants post the reversal, lifecycle managers need no rights there
                reversal = (
                    self.env["account.move.reversal"]
                    .sudo()
                    .with_context(active_model="account.move", active_ids=note.ids)
                    .create(
                        {
                            "reason": self.env._("Referral reward clawed back"),
                            "journal_id": note.journal_id.id,
                            "date": grant.company_id._lifecycle_today(),
                        }
                    )
                )
                reversal.refund_moves()
            if grant.coupon_id:
                grant.coupon_id.sudo().points = 0.0  # the reward taken back
            grant.sudo().write({"state": "cancelled"})  # checked above: a Lifecycle Manager decided
            grant.activity_ids.filtered(
                lambda activity: (
                    activity.activity_type_id == self.env.ref("customer_lifecycle.mail_activity_type_referral_clawback")
                )
            ).action_feedback(feedback=self.env._("Clawed back by %(user)s.", user=self.env.user.name))
            grant.message_post(body=self.env._("The referral reward was clawed back."))
        return True
