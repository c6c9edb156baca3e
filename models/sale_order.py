# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from collections import defaultdict
from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.plausible_dates import EARLIEST
from .customer_referral_code import normalize_code

# the first moment a confirmed order counts as a purchase from (UTC, as Odoo stores it)
EARLIEST_MOMENT = datetime.combine(EARLIEST, time.min)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    lifecycle_incentive_grant_ids = fields.One2many(
        "customer.incentive.grant", "sale_order_id", string="Incentive Grants", readonly=True
    )
    lifecycle_referral_code = fields.Char(
        string="Referral Code",
        copy=False,
        help="The personal code of the advocate who introduced this customer, in upper or lower "
        "case, with or without spaces: the referral is recorded when the order is confirmed.",
    )
    lifecycle_referral_advocate_id = fields.Many2one(
        "res.partner",
        string="Code Owner",
        compute="_compute_lifecycle_referral_advocate_id",
        help="The advocate whose referral code this is: the referral is theirs when the order is confirmed.",
    )

    @api.depends("lifecycle_referral_code", "company_id")
    def _compute_lifecycle_referral_advocate_id(self):
        Code = self.env["customer.referral.code"]
        for order in self:
            code = Code._find(order.company_id, order.lifecycle_referral_code or "")
            order.lifecycle_referral_advocate_id = code.partner_id if code.state == "works" else False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("lifecycle_referral_code"):
                vals["lifecycle_referral_code"] = normalize_code(vals["lifecycle_referral_code"])
        orders = super().create(vals_list)
        orders._lifecycle_left_out()._lifecycle_warn_left_out()
        return orders

    def write(self, vals):
        if vals.get("lifecycle_referral_code"):
            vals = {**vals, "lifecycle_referral_code": normalize_code(vals["lifecycle_referral_code"])}
        if "lifecycle_referral_code" in vals:
            self._check_lifecycle_referral_code_change(vals["lifecycle_referral_code"] or False)
        dated = "date_order" in vals or "state" in vals
        left_out = self._lifecycle_left_out() if dated else self.browse()
        res = super().write(vals)
        if dated:
            (self._lifecycle_left_out() - left_out)._lifecycle_warn_left_out()
        return res

    def _lifecycle_left_out(self):
        """The confirmed orders dated before 1900: a mistyped date, left out of the purchases
        (see customer.lifecycle.purchase). A date comparison, no query."""
        return self.filtered(lambda order: order.state == "sale" and order.date_order < EARLIEST_MOMENT)

    def _lifecycle_warn_left_out(self):
        if self:
            days = [order.company_id._lifecycle_day_of(order.date_order) for order in self]
            self.env["customer.lifecycle.dates"]._warn_left_out(self, days)

    def _check_lifecycle_referral_code_change(self, code):
        """Refuse to change the referral code of a confirmed order: its referral was decided
        when it was confirmed."""
        for order in self.filtered(lambda o: o.state == "sale" and (o.lifecycle_referral_code or False) != code):
            raise UserError(
                self.env._(
                    "The order %(order)s is already confirmed: its referral code cannot be changed. "
                    "Record the referral from the Referrals menu instead.",
                    order=order.name,
                )
            )

    @api.constrains("lifecycle_referral_code", "partner_id", "company_id")
    def _check_lifecycle_referral_code(self):
        for order in self.filtered("lifecycle_referral_code"):
            reason = order._lifecycle_referral_code_refusal()
            if reason:
                raise ValidationError(reason)

    def _lifecycle_referral_code_refusal(self):
        """Why the referral code of this order cannot be saved, in words; None if it can."""
        self.ensure_one()
        _ = self.env._
        code_text, company = self.lifecycle_referral_code, self.company_id
        code = self.env["customer.referral.code"]._find(company, code_text)
        if not code:
            return _("The referral code %(code)s is not known in %(company)s.", code=code_text, company=company.name)
        if code.state != "works":
            return _("The referral code %(code)s no longer works: its owner is not an advocate now.", code=code_text)
        customer = self.partner_id.commercial_partner_id
        if code.partner_id == customer:
            return _("%(customer)s cannot use their own referral code.", customer=customer.display_name)
        other = (
            self.env["customer.referral"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("referred_commercial_id", "=", customer.id),
                    ("state", "!=", "rejected"),
                    ("referrer_commercial_id", "!=", code.partner_id.id),
                ],
                limit=1,
            )
        )
        if other:
            return _(
                "%(customer)s was already referred by %(referrer)s: a partner has one referrer.",
                customer=customer.display_name,
                referrer=other.referrer_id.display_name,
            )
        reader = self.env["customer.lifecycle.reader"].sudo()
        days, _amount = reader._read_purchases(company, [customer.id]).get(customer.id, ([], 0))
        if days and self.state in ("draft", "sent"):
            return _(
                "%(customer)s already bought (first purchase on %(first)s): a referral code is for a new customer.",
                customer=customer.display_name,
                first=days[0],
            )
        return None

    # ------------------------------------------------------------------
    # Loyalty programs of incentives meant for some stages: not for the others
    # ------------------------------------------------------------------

    def _lifecycle_program_refusals(self, programs):
        """{program: why it does not apply to this order's customer}: the ``programs`` linked to
        an incentive of the order's company meant for stages the customer is not at, where the
        company refuses incentives outside their stages. Where it only warns, the reward applies
        and its grant records the warning (see ``_lifecycle_record_incentive_grants``)."""
        self.ensure_one()
        company = self.company_id
        if not programs or not company.lifecycle_incentive_refuse_outside_stage:
            return {}
        if not self.env["customer.incentive"]._staged_program_ids(company.id).intersection(programs.ids):
            return {}
        incentives = (
            self.env["customer.incentive"]
            .sudo()
            .search([("program_id", "in", programs.ids), ("company_id", "=", company.id), ("stage_ids", "!=", False)])
        )
        customer = self.partner_id.commercial_partner_id.sudo().with_company(company)
        stage = customer.lifecycle_stage_id
        refusals = {}
        for incentive in incentives:
            if stage in incentive.stage_ids or incentive.program_id in refusals:
                continue
            refusals[incentive.program_id] = self.env._(
                "%(program)s is kept for %(stages)s customers (the incentive %(incentive)s), and %(customer)s "
                "is at the stage %(stage)s.",
                program=incentive.program_id.name,
                stages=", ".join(incentive.stage_ids.mapped("name")),
                incentive=incentive.name,
                customer=customer.display_name,
                stage=stage.name or self.env._("none"),
            )
        return refusals

    def _program_check_compute_points(self, programs):
        # the way sale_loyalty says a program does not apply: an automatic program is left
        # out, a code or a button gives the reason
        result = super()._program_check_compute_points(programs)
        for program, reason in self._lifecycle_program_refusals(programs).items():
            result[program] = {"error": reason}
        return result

    def _get_claimable_rewards(self, forced_coupons=None):
        result = super()._get_claimable_rewards(forced_coupons=forced_coupons)
        programs = self.env["loyalty.program"].union(*(coupon.program_id for coupon in result))
        refused = self._lifecycle_program_refusals(programs)
        for coupon in [coupon for coupon in result if coupon.program_id in refused]:
            del result[coupon]
        return result

    def _apply_program_reward(self, reward, coupon, **kwargs):
        reason = self._lifecycle_program_refusals(reward.program_id).get(reward.program_id)
        if reason:
            return {"error": reason}
        return super()._apply_program_reward(reward, coupon, **kwargs)

    def action_confirm(self):
        res = super().action_confirm()
        self._lifecycle_record_incentive_grants()
        referred = self._lifecycle_record_code_referrals()
        orders = self
        if referred:
            # a new referral recomputed its customer and referrer already, after the whole
            # confirmation: once per customer (issue 28); without one, no partner is read here
            orders = self.filtered(
                lambda order: (order.company_id, order.partner_id.commercial_partner_id) not in referred
            )
        orders._lifecycle_recompute()
        return res

    def _action_cancel(self):
        confirmed = self.filtered(lambda order: order.state == "sale")
        res = super()._action_cancel()
        confirmed._lifecycle_recompute()
        grants = (
            self.env["customer.incentive.grant"]
            .sudo()
            .search([("sale_order_id", "in", self.ids), ("state", "!=", "cancelled")])
        )
        grants.write({"state": "cancelled"})
        return res

    def _lifecycle_record_code_referrals(self):
        """The referrals of the codes on these confirmed orders: referrer the code's owner,
        referred the customer; none when the customer already has a referral. Return the
        (company, commercial partner) pairs of the referrals made, which their creation
        recomputed."""
        Referral = self.env["customer.referral"].sudo()
        values, seen, referring = [], set(), self.browse()
        for order in self.filtered(lambda o: o.state == "sale" and o.lifecycle_referral_code):
            code = self.env["customer.referral.code"]._find(order.company_id, order.lifecycle_referral_code)
            customer = order.partner_id.commercial_partner_id
            key = (order.company_id.id, customer.id)
            if not code or key in seen:
                continue
            seen.add(key)
            if Referral.search_count(
                [
                    ("company_id", "=", order.company_id.id),
                    ("referred_commercial_id", "=", customer.id),
                    ("state", "!=", "rejected"),
                ],
                limit=1,
            ):
                continue
            company = order.company_id
            referring |= order
            values.append(
                {
                    "referrer_id": code.partner_id.id,
                    "referred_id": customer.id,
                    "company_id": company.id,
                    "date": min(company._lifecycle_day_of(order.date_order), company._lifecycle_today()),
                    "origin": "code",
                    "channel": order._lifecycle_referral_channel(),
                    "user_id": order.user_id.id or self.env.user.id,
                    "note": self.env._("Referral code %(code)s on %(order)s.", code=code.code, order=order.name),
                }
            )
        if not values:
            return set()
        referrals = Referral.create(values)
        referring._lifecycle_log_code_referrals(referrals)
        return {(referral.company_id, referral.referred_commercial_id) for referral in referrals}

    def _lifecycle_log_code_referrals(self, referrals):
        """A line in the chatter of each order and of its advocate (``referrals``, one per
        order): whose code it was, whom it brought. In the language of the user who
        confirmed, or of the company's partner when no person did (a job, the portal)."""
        user = self.env.user
        for order, referral in zip(self, referrals, strict=True):
            reader = user if user._is_internal() and not user._is_superuser() else order.company_id.partner_id
            _ = order.with_context(lang=reader.lang or "en_US").env._
            code, customer = order.lifecycle_referral_code, referral.referred_id.display_name
            order._message_log(
                body=_(
                    "Referral code %(code)s of %(advocate)s: %(customer)s is recorded as their referral.",
                    code=code,
                    advocate=referral.referrer_id.display_name,
                    customer=customer,
                )
            )
            referral.referrer_id._message_log(
                body=_(
                    "%(customer)s came with this advocate's referral code %(code)s: "
                    "their order %(order)s is confirmed.",
                    customer=customer,
                    code=code,
                    order=order.name,
                )
            )

    def _lifecycle_recompute(self):
        """Move the customers of these orders along the chain right away."""
        engine = self.env["customer.lifecycle.engine"].sudo()
        settings = self.company_id._lifecycle_settings_by_company(source="sale")
        if settings:
            engine._recompute_partners(self.partner_id, self.company_id, settings=settings)

    def _lifecycle_record_incentive_grants(self):
        """Record the loyalty rewards of these confirmed orders as grants of the linked incentives.

        One grant per order and reward: confirming again (after a cancel) gives the same grant
        back instead of a second one.
        """
        orders = self.filtered(lambda order: order.state == "sale")
        reward_lines = orders.order_line.filtered(lambda line: line.reward_id)
        if not reward_lines:
            return
        Incentive = self.env["customer.incentive"].sudo().with_context(active_test=False)
        Grant = self.env["customer.incentive.grant"].sudo()
        incentives = Incentive.search(
            [("program_id", "in", reward_lines.reward_id.program_id.ids), ("active", "=", True)]
        )
        if not incentives:
            return
        # the cost in the company's currency, as the purchases count the order's amount
        amounts = defaultdict(float)
        for line in reward_lines:
            order = line.order_id
            amounts[order, line.reward_id] += abs(line.price_subtotal) / (order.currency_rate or 1.0)
        existing = {
            (grant.sale_order_id, grant.reward_id, grant.incentive_id): grant
            for grant in Grant.search([("sale_order_id", "in", orders.ids)])
        }
        to_create = []
        for (order, reward), amount in amounts.items():
            amount = order.company_id.currency_id.round(amount)
            for incentive in incentives.filtered(
                lambda i, o=order, r=reward: i.program_id == r.program_id and i.company_id == o.company_id
            ):
                grant = existing.get((order, reward, incentive))
                if grant:
                    grant.write(
                        {"state": "given", "cost": amount, "date": order.company_id._lifecycle_day_of(order.date_order)}
                    )
                    continue
                to_create.append(
                    {
                        "partner_id": order.partner_id.commercial_partner_id.id,
                        "incentive_id": incentive.id,
                        "company_id": order.company_id.id,
                        "date": order.company_id._lifecycle_day_of(order.date_order),
                        "cost": amount,
                        "user_id": order.user_id.id or self.env.user.id,
                        "state": "given",
                        "sale_order_id": order.id,
                        "reward_id": reward.id,
                    }
                )
        if to_create:
            Grant.create(to_create)
