# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from datetime import date, datetime, time, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import LifecycleCommon


class IncentiveCommon(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo programs of loyalty must not apply themselves to the test orders
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.Incentive = cls.env["customer.incentive"]
        cls.Grant = cls.env["customer.incentive.grant"]
        cls.loyal = cls._partner("Nordic Outfitters")
        cls.advocate = cls._partner("Azar Textiles")
        cls.newcomer = cls._partner("Kian Electric")
        cls._set_stage(cls.loyal, "loyal")
        cls._set_stage(cls.advocate, "advocate")
        cls._set_stage(cls.newcomer, "customer")
        cls.call = cls.Incentive.create(
            {
                "name": "A call from the managing director",
                "kind": "respect",
                "stage_ids": [Command.set((cls.stage["loyal"] | cls.stage["advocate"]).ids)],
                "unit_cost": 0.0,
            }
        )
        cls.gift = cls.Incentive.create(
            {
                "name": "New year gift box",
                "kind": "periodic_gift",
                "stage_ids": [Command.set(cls.stage["loyal"].ids)],
                "unit_cost": 25.0,
            }
        )
        cls.commission = cls.Incentive.create(
            {
                "name": "Referral commission",
                "kind": "financial_benefit",
                "stage_ids": [Command.set(cls.stage["advocate"].ids)],
                "unit_cost": 50.0,
            }
        )

    @classmethod
    def _set_stage(cls, partner, code, company=None):
        partner.with_company(company or cls.company).sudo().write({"lifecycle_stage_id": cls.stage[code].id})

    def _grant(self, partner, incentive, user=None, **values):
        return (
            self.Grant.with_user(user or self.manager)
            .with_company(self.company)
            .create({"partner_id": partner.id, "incentive_id": incentive.id, **values})
        )


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveCatalogue(IncentiveCommon):
    def test_a_negative_unit_cost_is_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.Incentive.create({"name": "Cashback", "kind": "discount", "unit_cost": -1.0})
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.gift.unit_cost = -5.0
        self.assertEqual(self.gift.unit_cost, 25.0)

    def test_a_financial_benefit_is_meant_for_advocates_only(self):
        with self.assertRefused(ValidationError, "never ask a loyal customer to market"):
            self.Incentive.create(
                {
                    "name": "Cash for loyal customers",
                    "kind": "financial_benefit",
                    "stage_ids": [Command.set((self.stage["loyal"] | self.stage["advocate"]).ids)],
                }
            )
        with self.assertRefused(ValidationError, "Loyal"):
            self.commission.stage_ids = [Command.link(self.stage["loyal"].id)]
        self.assertEqual(self.commission.stage_ids, self.stage["advocate"])

    def test_a_loyalty_program_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "Tabriz Branch"})
        program = self.env["loyalty.program"].create(
            {"name": "Tabriz 10%", "program_type": "promotion", "company_id": other.id}
        )
        with self.assertRefused(UserError, "Tabriz"):
            self.Incentive.create({"name": "Tabriz discount", "kind": "discount", "program_id": program.id})
        self.assertFalse(self.Incentive.search([("name", "=", "Tabriz discount")]))

    def test_the_demo_catalogue_has_every_kind(self):
        if not self.env.ref("customer_lifecycle.demo_incentive_loyal_discount", raise_if_not_found=False):
            self.skipTest("installed without demo data")
        kinds = {kind for kind, _label in self.Incentive._fields["kind"].selection}
        names = ("director_call", "priority_service", "loyal_discount", "new_year_gift", "design_consultation")
        demo = self.Incentive.browse(
            [self.env.ref(f"customer_lifecycle.demo_incentive_{name}").id for name in (*names, "referral_commission")]
        )
        self.assertEqual(set(demo.mapped("kind")), kinds)
        self.assertEqual(
            self.env.ref("customer_lifecycle.demo_incentive_loyal_discount").program_id.reward_ids.reward_type,
            "discount",
        )
        commission = self.env.ref("customer_lifecycle.demo_grant_04")
        self.assertEqual((commission.stage_id.code, commission.state), ("advocate", "given"))
        # the demo advocate is an advocate once the install has put the partners in place
        self.assertEqual(commission.partner_id.with_company(commission.company_id).lifecycle_stage_id.code, "advocate")

    def test_only_discounts_and_gifts_are_linked_to_a_loyalty_program(self):
        program = self.env["loyalty.program"].create({"name": "10%", "program_type": "promotion"})
        with self.assertRefused(ValidationError, "only discounts and gifts"):
            self.call.program_id = program
        self.gift.program_id = program
        self.assertEqual(self.gift.program_id, program)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveEligibility(IncentiveCommon):
    def test_a_grant_costs_the_unit_cost_by_default_and_remembers_the_stage(self):
        grant = self._grant(self.loyal, self.gift)
        self.assertRecordValues(
            grant,
            [{"cost": 25.0, "state": "planned", "stage_id": self.stage["loyal"].id, "user_id": self.manager.id}],
        )
        grant.action_give()
        self.assertEqual(grant.state, "given")
        with self.assertRefused(UserError, "only a planned grant can be given"):
            grant.action_give()
        grant.action_cancel()
        self.assertEqual(grant.state, "cancelled")

    def test_a_grant_to_a_contact_goes_to_its_company(self):
        contact = self.env["res.partner"].create({"name": "Sara", "parent_id": self.loyal.id})
        grant = self._grant(contact, self.gift)
        self.assertEqual(grant.partner_id, self.loyal)

    def test_a_negative_cost_is_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self._grant(self.loyal, self.gift, cost=-3.0)

    def test_outside_its_stages_a_grant_warns_by_default(self):
        self.assertFalse(self.company.lifecycle_incentive_refuse_outside_stage)
        grant = self._grant(self.newcomer, self.gift)
        self.assertEqual(grant.state, "planned")
        notes = grant.message_ids.mapped("body")
        self.assertTrue(any("is meant for Loyal" in body and "Kian Electric" in body for body in notes), notes)
        # in the form, the warning comes as soon as the partner is chosen
        form = Form(self.Grant.with_user(self.manager))
        form.incentive_id = self.gift
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs:
            form.partner_id = self.newcomer
        self.assertIn("is meant for Loyal", "\n".join(logs.output))
        # within its stages, no warning
        self.assertFalse(self._grant(self.loyal, self.gift)._eligibility_problem())

    def test_outside_its_stages_a_grant_is_refused_when_settings_say_so(self):
        settings = self.env["res.config.settings"].create({"lifecycle_incentive_refuse_outside_stage": True})
        settings.execute()
        self.assertTrue(self.company.lifecycle_incentive_refuse_outside_stage)
        count = self.Grant.search_count([])
        with self.assertRefused(ValidationError, "Kian Electric is at the stage Customer"):
            self._grant(self.newcomer, self.gift)
        self.assertEqual(self.Grant.search_count([]), count)
        self.assertTrue(self._grant(self.loyal, self.gift))

    def test_a_financial_benefit_to_a_non_advocate_is_always_refused(self):
        self.assertFalse(self.company.lifecycle_incentive_refuse_outside_stage)
        with self.assertRefused(ValidationError, "Nordic Outfitters is not an advocate"):
            self._grant(self.loyal, self.commission)
        grant = self._grant(self.advocate, self.commission)
        self.assertEqual(grant.cost, 50.0)
        with self.assertRefused(ValidationError, "is not an advocate"):
            grant.partner_id = self.newcomer

    def test_the_profile_card_lists_the_incentives_received(self):
        self._grant(self.loyal, self.gift).action_give()
        self._grant(self.loyal, self.call)  # planned: not received yet
        report = self.env.ref("customer_lifecycle.action_report_customer_lifecycle_profile")
        html, _type = report.with_user(self.salesman)._render_qweb_html(report.report_name, self.loyal.ids)
        html = html.decode()
        self.assertIn("Incentives received", html)
        self.assertIn("New year gift box", html)
        self.assertNotIn("A call from the managing director", html)

    def test_the_partner_counts_and_lists_its_incentives(self):
        self._grant(self.loyal, self.gift)
        self._grant(self.loyal, self.call).action_cancel()
        self.loyal.invalidate_recordset()
        self.assertEqual(self.loyal.lifecycle_incentive_grant_count, 1)
        self.assertEqual(len(self.loyal.lifecycle_incentive_grant_ids), 2)
        action = self.loyal.action_view_lifecycle_incentive_grants()
        self.assertEqual(self.Grant.search(action["domain"]).partner_id, self.loyal)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveFromLoyaltyReward(IncentiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "Loyal customers: 10% on the order",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "rule_ids": [Command.create({"reward_point_mode": "order", "reward_point_amount": 1})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "percent",
                            "discount": 10,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.discount = cls.Incentive.create(
            {
                "name": "10% for loyal customers",
                "kind": "discount",
                "stage_ids": [Command.set(cls.stage["loyal"].ids)],
                "unit_cost": 15.0,
                "program_id": cls.program.id,
            }
        )

    def _order_with_reward(self, partner, amount=200.0):
        order = self._order(partner, 0, amount=amount, state="draft")
        self._apply_reward(order)
        return order

    def _apply_reward(self, order):
        order._update_programs_and_rewards()
        claimable = order._get_claimable_rewards()
        coupon = next(c for c in claimable if c.program_id == self.program)
        self.assertFalse(order._apply_program_reward(claimable[coupon], coupon).get("error"))
        self.assertTrue(order.order_line.filtered("reward_id"))

    def _grants(self, order):
        return self.Grant.search([("sale_order_id", "=", order.id)])

    def test_a_reward_applied_on_a_confirmed_order_is_a_given_grant(self):
        order = self._order_with_reward(self.loyal)
        self.assertFalse(self._grants(order))  # a quotation grants nothing yet
        order.action_confirm()
        grant = self._grants(order)
        self.assertRecordValues(
            grant,
            [
                {
                    "partner_id": self.loyal.id,
                    "incentive_id": self.discount.id,
                    "state": "given",
                    "cost": 20.0,  # 10% of 200, untaxed, not the unit cost
                    "reward_id": self.program.reward_ids.id,
                    "stage_id": self.stage["loyal"].id,
                    "date": order.date_order.date(),  # the day of the confirmation
                }
            ],
        )
        self.assertEqual(order.lifecycle_incentive_grant_ids, grant)

    def test_cancel_and_confirm_again_keeps_one_grant(self):
        order = self._order_with_reward(self.loyal)
        order.action_confirm()
        grant = self._grants(order)
        order._action_cancel()
        self.assertEqual(grant.state, "cancelled")
        order.action_draft()
        self._apply_reward(order)
        order.action_confirm()
        self.assertEqual(self._grants(order), grant)
        self.assertRecordValues(grant, [{"state": "given", "cost": 20.0}])
        order._lifecycle_record_incentive_grants()  # recording again adds nothing
        self.assertEqual(len(self._grants(order)), 1)

    def test_rewards_of_programs_without_incentive_and_orders_without_reward_grant_nothing(self):
        plain = self._order(self.loyal, 0, state="draft")
        plain.action_confirm()
        self.assertFalse(self._grants(plain))
        self.discount.program_id = False
        order = self._order_with_reward(self.loyal)
        order.action_confirm()
        self.assertFalse(self._grants(order))

    def test_a_reward_to_a_customer_outside_the_stages_is_recorded_with_a_note(self):
        self.company.lifecycle_incentive_refuse_outside_stage = True
        order = self._order_with_reward(self.newcomer)
        order.action_confirm()  # the sale is a fact: never refused for an incentive
        grant = self._grants(order)
        self.assertEqual(grant.state, "given")
        self.assertTrue(any("is meant for Loyal" in body for body in grant.message_ids.mapped("body")))

    def test_a_salesperson_confirming_an_order_records_the_grant(self):
        order = self._order_with_reward(self.loyal)
        order.user_id = self.salesman
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(self._grants(order).state, "given")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralRequest(IncentiveCommon):
    def test_referral_requests_refuse_partners_who_are_not_advocates(self):
        partners = self.advocate | self.loyal | self.newcomer
        messages = self.env["mail.message"].search_count([("model", "=", "res.partner")])
        with self.assertRefused(UserError, "Nordic Outfitters, Kian Electric") as caught:
            partners.with_user(self.salesman).action_lifecycle_ask_referrals()
        self.assertNotIn("Azar Textiles", str(caught.exception))
        self.assertIn("never ask a loyal customer to market", str(caught.exception))
        self.assertEqual(self.env["mail.message"].search_count([("model", "=", "res.partner")]), messages)

    def test_referral_requests_are_sent_to_advocates(self):
        other = self._partner("Pars Tiles")
        self._set_stage(other, "advocate")
        advocates = self.advocate | other
        result = advocates.with_user(self.salesman).action_lifecycle_ask_referrals()
        self.assertEqual(result["params"]["type"], "success")
        for partner in advocates:
            message = partner.message_ids.filtered(lambda m: m.subject == "Would you introduce us to someone?")
            self.assertEqual(len(message), 1)
            self.assertIn(partner, message.partner_ids)
            self.assertIn(partner.name, message.body)

    def test_the_stage_is_read_in_the_current_company(self):
        other = self.env["res.company"].create({"name": "Tabriz Branch"})
        self.assertNotEqual(self.advocate.with_company(other).lifecycle_stage_id.code, "advocate")
        with self.assertRefused(UserError, "Azar Textiles"):
            self.advocate.with_company(other).action_lifecycle_ask_referrals()

    def test_the_server_action_calls_the_guard(self):
        action = self.env.ref("customer_lifecycle.action_lifecycle_ask_referrals")
        self.assertEqual(action.binding_model_id.model, "res.partner")
        with self.assertRefused(UserError, "Nordic Outfitters"):
            action.with_context(active_model="res.partner", active_ids=self.loyal.ids).run()


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveAccess(IncentiveCommon):
    def test_salespeople_read_the_catalogue_and_propose_grants(self):
        self.assertEqual(self.gift.with_user(self.salesman).name, "New year gift box")
        with self.assertRaises(AccessError):
            self.Incentive.with_user(self.salesman).create({"name": "Mine", "kind": "respect"})
        grant = self._grant(self.loyal, self.gift, user=self.salesman)
        self.assertEqual((grant.state, grant.user_id), ("planned", self.salesman))
        grant.with_user(self.salesman).note = "Delivered by hand"
        with self.assertRaises(AccessError):
            self._grant(self.loyal, self.gift, user=self.salesman, state="given")
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).action_give()
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).unlink()
        theirs = self._grant(self.loyal, self.gift, user=self.salesman_2)
        self.assertTrue(theirs.with_user(self.salesman).read(["cost"]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).note = "Not mine"
        grant.with_user(self.manager).action_give()
        self.assertEqual(grant.state, "given")
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).cost = 1.0

    def test_accountants_read_grants_only(self):
        grant = self._grant(self.loyal, self.gift)
        self.assertEqual(grant.with_user(self.accountant).cost, 25.0)
        self.assertEqual(grant.with_user(self.accountant).incentive_id.name, "New year gift box")
        with self.assertRaises(AccessError):
            self._grant(self.loyal, self.gift, user=self.accountant)
        with self.assertRaises(AccessError):
            grant.with_user(self.accountant).cost = 1.0
        with self.assertRaises(AccessError):
            self.Grant.with_user(self.employee).search([])

    def test_grants_of_another_company_are_not_visible(self):
        other = self.env["res.company"].create({"name": "Tabriz Branch"})
        self.manager.company_ids = [Command.link(other.id)]
        incentive = self.Incentive.with_company(other).create({"name": "Tabriz tea", "kind": "respect"})
        grant = (
            self.Grant.with_user(self.manager)
            .with_company(other)
            .create({"partner_id": self.loyal.id, "incentive_id": incentive.id})
        )
        self.assertEqual(grant.company_id, other)
        self.assertNotIn(grant, self.Grant.with_user(self.salesman).search([]))
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).read(["cost"])


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralReward(IncentiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referrer = cls._partner("Behnam Bakery")
        for offset in (0, 10, 20):  # loyal on day 90
            cls._order(cls.referrer, offset)
        cls.friend = cls._partner("Lena Hoffmann")
        cls.dinner = cls.Incentive.create(
            {
                "name": "Dinner for two",
                "kind": "valuable_gift",
                "stage_ids": [Command.set((cls.stage["loyal"] | cls.stage["advocate"]).ids)],
                "unit_cost": 80.0,
            }
        )
        cls.company.lifecycle_referral_reward_incentive_id = cls.dinner

    def _convert(self, amount=300.0):
        with freeze_time(self._on(30)):
            referral = self.env["customer.referral"].create(
                {"referrer_id": self.referrer.id, "referred_id": self.friend.id, "date": self._on(30)}
            )
        with freeze_time(self._on(100)):
            order = self._order(self.friend, 100, amount=amount, state="draft")
            order.action_confirm()
        self._recompute(100)
        referral.invalidate_recordset()
        self.assertEqual(referral.state, "converted")
        return referral, order

    def _reward(self, referral):
        return self.Grant.search([("referral_id", "=", referral.id)])

    def test_a_conversion_creates_the_reward_to_approve_and_a_manager_approves_it_once(self):
        referral, _order = self._convert()
        grant = self._reward(referral)
        self.assertRecordValues(
            grant,
            [
                {
                    "partner_id": self.referrer.id,
                    "incentive_id": self.dinner.id,
                    "state": "to_approve",
                    "cost": 80.0,
                    "date": self._on(100),
                }
            ],
        )
        self._recompute(101)  # the daily job does not reward twice
        self.assertEqual(self._reward(referral), grant)
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).action_approve()
        self.assertEqual(grant.state, "to_approve")
        grant.with_user(self.manager).action_approve()
        self.assertRecordValues(grant, [{"state": "given", "stage_id": self.stage["loyal"].id}])
        with self.assertRefused(UserError, "is already approved"):
            grant.with_user(self.manager).action_approve()

    def test_the_reward_can_be_a_percentage_of_the_first_order(self):
        self.company.write({"lifecycle_referral_reward_mode": "percent", "lifecycle_referral_reward_percent": 5.0})
        referral, _order = self._convert(amount=300.0)
        self.assertEqual(self._reward(referral).cost, 15.0)

    def test_a_reward_percentage_out_of_range_or_an_incentive_of_another_company_is_refused(self):
        with self.assertRefused(ValidationError, "above 0 and at most 100"):
            self.company.write({"lifecycle_referral_reward_mode": "percent", "lifecycle_referral_reward_percent": 0})
        other = self.env["res.company"].create({"name": "Tabriz Branch"})
        foreign = self.Incentive.with_company(other).create({"name": "Tabriz tea", "kind": "respect"})
        with self.assertRefused(ValidationError, "belongs to Tabriz Branch"):
            self.company.lifecycle_referral_reward_incentive_id = foreign

    def test_the_reward_can_be_a_loyalty_coupon_issued_at_the_approval(self):
        program = self.env["loyalty.program"].create(
            {
                "name": "Thank-you coupon",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "reward_ids": [
                    Command.create(
                        {"reward_type": "discount", "discount": 20, "discount_mode": "percent", "required_points": 1}
                    )
                ],
            }
        )
        with self.assertRefused(ValidationError, "no loyalty program to issue a coupon from"):
            self.company.lifecycle_referral_reward_mode = "coupon"
        self.dinner.write({"kind": "discount", "program_id": program.id})
        self.company.lifecycle_referral_reward_mode = "coupon"
        referral, _order = self._convert()
        grant = self._reward(referral)
        self.assertFalse(grant.coupon_id)  # nothing is issued before the approval
        grant.with_user(self.manager).action_approve()
        self.assertRecordValues(
            grant.coupon_id, [{"program_id": program.id, "partner_id": self.referrer.id, "points": 1.0}]
        )

    def test_no_reward_for_a_rejected_or_unconverted_referral(self):
        referral, order = self._convert()
        grant = self._reward(referral)
        referral.rejection_reason = "The friend is the owner's cousin"
        referral.action_reject()
        self.assertEqual(grant.state, "cancelled")
        with self.assertRefused(UserError, "not waiting for an approval"):
            grant.with_user(self.manager).action_approve()
        # a purchase cancelled after the conversion takes the pending reward away too
        referral.action_reset()
        self._recompute(100)
        referral.invalidate_recordset()
        pending = self._reward(referral).filtered(lambda g: g.state == "to_approve")
        self.assertEqual(len(pending), 1)
        order._action_cancel()
        self.assertEqual(pending.state, "cancelled")

    def test_a_financial_benefit_reward_waits_until_the_referrer_is_an_advocate(self):
        self.company.lifecycle_referral_reward_incentive_id = self.commission
        referral, _order = self._convert()
        grant = self._reward(referral)
        self.assertEqual(grant.state, "to_approve")  # created, though the referrer is only loyal
        with self.assertRefused(ValidationError, "Behnam Bakery is not an advocate"):
            grant.with_user(self.manager).action_approve()
        self.assertEqual(grant.state, "to_approve")
        self._recompute(150)  # advocate after 60 days as loyal
        self.assertEqual(self._stage(self.referrer), "advocate")
        grant.with_user(self.manager).action_approve()
        self.assertRecordValues(grant, [{"state": "given", "stage_id": self.stage["advocate"].id}])


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveIndicators(IncentiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.lifecycle_attribution_days = 60
        cls.first_grant = cls._given(cls.loyal, cls.call, 10)
        cls.second_grant = cls._given(cls.loyal, cls.gift, 30)
        for offset in (0, 20, 40, 90, 91):  # day 0 is the first purchase, not a repeat
            cls._order(cls.loyal, offset)

    @classmethod
    def _given(cls, partner, incentive, offset):
        grant = cls.Grant.create(
            {"partner_id": partner.id, "incentive_id": incentive.id, "date": cls.day0 + timedelta(days=offset)}
        )
        grant.action_give()
        return grant

    def _row(self, grant):
        self.env.flush_all()
        report = self.env["customer.lifecycle.indicator.report"]
        report.invalidate_model()
        return report.search([("grant_id", "=", grant.id)])

    def test_repeats_go_to_the_last_grant_within_the_window_boundaries_included(self):
        first, second = self._row(self.first_grant), self._row(self.second_grant)
        # day 20 → the call (day 10); day 40 → the gift (day 30, the last touch) though the
        # call is in its window too; day 90 = gift + 60 → counted; day 91 → outside every window
        self.assertRecordValues(first, [{"repeat_count": 1, "repeat_amount": 100.0, "tool": "cem", "cost": 0.0}])
        self.assertRecordValues(second, [{"repeat_count": 2, "repeat_amount": 200.0, "cost": 25.0}])
        self.company.lifecycle_attribution_days = 30
        self.assertEqual(self._row(self.second_grant).repeat_count, 1)  # day 90 is now outside
        self.assertEqual(self._row(self.first_grant).repeat_count, 1)

    def test_first_touch_gives_each_repeat_to_the_first_incentive_of_its_window(self):
        self.company.lifecycle_attribution_model = "first"
        # day 20 → the call; day 40 → the call again (day 10, the first of its window);
        # day 90 → the gift (the call's window ends on day 70)
        self.assertEqual(self._row(self.first_grant).repeat_count, 2)
        self.assertEqual(self._row(self.second_grant).repeat_count, 1)
        lines = self.env["customer.lifecycle.repeat.product.report"].search([("partner_id", "=", self.loyal.id)])
        self.assertEqual(
            sorted((line.date, line.grant_id) for line in lines),
            [(self._on(20), self.first_grant), (self._on(40), self.first_grant), (self._on(90), self.second_grant)],
        )

    def test_repeats_are_days_of_the_company_calendar(self):
        self.company.partner_id.tz = "Asia/Tehran"  # UTC+03:30
        order = self._order(self.loyal, 9)
        order.date_order = datetime.combine(self._on(9), time(21, 0))  # UTC: 00:30 on day 10 in Tehran
        first = self._row(self.first_grant)
        self.assertEqual(first.repeat_count, 2)  # days 10 and 20, both after the call of day 10
        lines = self.env["customer.lifecycle.repeat.product.report"].search([("order_id", "=", order.id)])
        self.assertRecordValues(lines, [{"date": self._on(10), "grant_id": self.first_grant.id}])
        self.company.partner_id.tz = "UTC"  # the same order is on day 9 now, before the call
        self.assertEqual(self._row(self.first_grant).repeat_count, 1)

    def test_referrals_go_to_the_last_grant_of_the_referrer_within_the_window(self):
        friend = self._partner("Mina Hosseini")
        self.env["customer.referral"].create(
            {"referrer_id": self.loyal.id, "referred_id": friend.id, "date": self._on(35)}
        )
        self.assertEqual(self._row(self.second_grant).referral_count, 1)
        self.assertEqual(self._row(self.first_grant).referral_count, 0)

    def test_planned_and_cancelled_grants_are_not_measured(self):
        planned = self.Grant.create({"partner_id": self.loyal.id, "incentive_id": self.gift.id, "date": self._on(85)})
        self.assertFalse(self._row(planned))
        self.assertEqual(self._row(self.second_grant).repeat_count, 2)
        self.second_grant.action_cancel()
        self.assertFalse(self._row(self.second_grant))

    def test_the_pivot_groups_cost_and_repeats_by_kind_and_month(self):
        self.env.flush_all()
        groups = self.env["customer.lifecycle.indicator.report"]._read_group(
            [("partner_id", "=", self.loyal.id)], ["kind", "date:month"], ["cost:sum", "repeat_count:sum"]
        )
        self.assertEqual(
            sorted((kind, cost, repeats) for kind, _month, cost, repeats in groups),
            [("periodic_gift", 25.0, 2), ("respect", 0.0, 1)],
        )
        # cost per attributed repeat of a group: its total cost over its total repeats
        # (25 / 3), not the mean of the grants' own ratios (0 and 12.5)
        [(cost_per_repeat, cost_per_referral)] = self.env["customer.lifecycle.indicator.report"]._read_group(
            [("partner_id", "=", self.loyal.id)], [], ["cost_per_repeat:avg", "cost_per_referral:avg"]
        )
        self.assertAlmostEqual(cost_per_repeat, 25.0 / 3)
        self.assertFalse(cost_per_referral)  # no referral: empty (Odoo reads NULL as False), not a division by zero
        grants = self.Grant._read_group(
            [("partner_id", "=", self.loyal.id)], ["kind", "date:month", "stage_id"], ["cost:sum"]
        )
        self.assertEqual(sorted(cost for *_keys, cost in grants), [0.0, 25.0])

    def test_the_partner_shows_its_cem_indicators(self):
        self.env.flush_all()
        partner = self.loyal.with_user(self.salesman)
        partner.invalidate_recordset()
        self.assertRecordValues(
            partner,
            [
                {
                    "lifecycle_incentive_cost": 25.0,
                    "lifecycle_attributed_repeat_count": 3,
                    "lifecycle_attributed_repeat_amount": 300.0,
                    "lifecycle_attributed_referral_count": 0,
                }
            ],
        )
        self.loyal.invalidate_recordset()
        self.assertEqual(self.loyal.with_user(self.employee).lifecycle_attributed_repeat_count, 0)

    def test_what_the_attributed_repeats_bought_product_by_product(self):
        self.env.flush_all()
        lines = self.env["customer.lifecycle.repeat.product.report"].search([("partner_id", "=", self.loyal.id)])
        # days 20 (the call), 40 and 90 (the gift); day 0 is the first purchase, day 91 outside every window
        self.assertEqual(sorted(lines.mapped("date")), [self._on(20), self._on(40), self._on(90)])
        self.assertEqual(lines.product_id, self.product)
        self.assertEqual(lines.categ_id, self.product.categ_id)
        self.assertEqual(sum(lines.filtered(lambda line: line.incentive_id == self.gift).mapped("amount")), 200.0)

    def test_an_attribution_window_of_zero_or_less_is_refused(self):
        with self.assertRefused(ValidationError, "attribution window"):
            self.company.lifecycle_attribution_days = 0
        self.assertEqual(self.company.lifecycle_attribution_days, 60)

    def test_salespeople_and_accountants_read_the_indicators_other_employees_do_not(self):
        self.env.flush_all()
        report = self.env["customer.lifecycle.indicator.report"]
        self.assertTrue(report.with_user(self.salesman).search_count([]))
        self.assertTrue(report.with_user(self.accountant).search_count([]))
        with self.assertRaises(AccessError):
            report.with_user(self.employee).search([])


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestFinancialBenefitSettlement(IncentiveCommon):
    def test_a_given_financial_benefit_is_a_draft_credit_note_where_settings_say_so(self):
        recorded = self._grant(self.advocate, self.commission)
        recorded.action_give()
        self.assertFalse(recorded.credit_note_id)  # "recorded only" by default
        self.company.lifecycle_financial_benefit_settlement = "credit_note"
        grant = self._grant(self.advocate, self.commission, cost=70.0)
        grant.action_give()
        move = grant.credit_note_id
        self.assertRecordValues(
            move,
            [{"move_type": "out_refund", "state": "draft", "partner_id": self.advocate.id, "amount_total": 70.0}],
        )
        self.assertEqual(grant.with_user(self.accountant).credit_note_id, move)  # accountants see the settlement
        self.assertEqual(move.with_user(self.accountant).amount_untaxed, 70.0)
        gift = self._grant(self.loyal, self.gift)
        gift.action_give()
        self.assertFalse(gift.credit_note_id)  # only financial benefits are money owed
        grant.action_cancel()
        self.assertEqual(move.state, "cancel")

    def test_a_grant_settled_by_a_posted_credit_note_is_not_cancelled(self):
        self.company.lifecycle_financial_benefit_settlement = "credit_note"
        grant = self._grant(self.advocate, self.commission)
        grant.action_give()
        grant.credit_note_id.with_user(self.accountant).action_post()  # the accountants settle it
        with self.assertRefused(UserError, "reverse it before cancelling"):
            grant.action_cancel()
        self.assertEqual(grant.state, "given")


class UpliftCommon(IncentiveCommon):
    """A hand-computed example, in a company of its own so that nothing else is in it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["res.company"].create({"name": "Shiraz Branch", "lifecycle_attribution_days": 60})
        cls.branch_gift = cls.Incentive.with_company(cls.branch).create(
            {"name": "Shiraz gift box", "kind": "periodic_gift", "stage_ids": [Command.set(cls.stage["loyal"].ids)]}
        )
        cls.people = {name: cls._partner(f"Shiraz {name}") for name in "ABCDEFH"}
        for name, partner in cls.people.items():
            code = "customer" if name == "H" else "loyal"
            cls._order(partner, date(2025, 12, 1), company=cls.branch)  # first purchase: not a repeat
            cls.env["customer.lifecycle.history"].create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.branch.id,
                    "to_stage_id": cls.stage[code].id,
                    "date": date(2026, 1, 1),
                    "reason": "Test",
                }
            )
            cls._set_stage(partner, code, company=cls.branch)
        for name in "AB":  # given in March
            grant = cls.Grant.with_company(cls.branch).create(
                {"partner_id": cls.people[name].id, "incentive_id": cls.branch_gift.id, "date": date(2026, 3, 10)}
            )
            grant.action_give()
        cls._order(cls.people["A"], date(2026, 3, 20), company=cls.branch)  # given, bought again
        cls._order(cls.people["C"], date(2026, 3, 15), company=cls.branch)  # control, bought again
        cls._order(cls.people["D"], date(2026, 5, 15), company=cls.branch)  # control, after the window
        cls._order(cls.people["H"], date(2026, 3, 5), company=cls.branch)  # not loyal: not in the control group

    def _row(self):
        self.env.flush_all()
        report = self.env["customer.lifecycle.uplift.report"]
        report.invalidate_model()
        return report.search([("company_id", "=", self.branch.id), ("incentive_id", "=", self.branch_gift.id)])


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveUplift(UpliftCommon):
    def test_uplift_against_the_same_stage_customers_given_nothing_that_month(self):
        # given: A bought again, B did not → 50 %; control C, D, E, F: only C → 25 %
        self.assertRecordValues(
            self._row(),
            [
                {
                    "month": date(2026, 3, 1),
                    "stage_id": self.stage["loyal"].id,
                    "kind": "periodic_gift",
                    "treated_count": 2,
                    "treated_repeat_count": 1,
                    "treated_rate": 50.0,
                    "control_count": 4,
                    "control_repeat_count": 1,
                    "control_rate": 25.0,
                    "uplift": 25.0,
                }
            ],
        )

    def test_referral_uplift_against_the_same_stage_customers_given_nothing_that_month(self):
        for referrer, day in (("B", date(2026, 3, 20)), ("D", date(2026, 4, 30)), ("E", date(2026, 5, 2))):
            friend = self._partner(f"Friend of {referrer}")
            self.env["customer.referral"].create(
                {
                    "referrer_id": self.people[referrer].id,
                    "referred_id": friend.id,
                    "company_id": self.branch.id,
                    "date": day,
                }
            )
        # given: B referred → 1 of 2; control: D on the last day of the window → 1 of 4 (E is a day late)
        self.assertRecordValues(
            self._row(), [{"treated_referral_rate": 50.0, "control_referral_rate": 25.0, "referral_uplift": 25.0}]
        )

    def test_an_incentive_that_rewards_what_happens_anyway_shows_no_uplift(self):
        self._order(self.people["E"], date(2026, 4, 30), company=self.branch)  # 1 March + 60 days: inside
        self.assertRecordValues(self._row(), [{"control_repeat_count": 2, "control_rate": 50.0, "uplift": 0.0}])


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveEffectivenessReport(UpliftCommon):
    def _render(self, lang):
        wizard = (
            self.env["customer.incentive.effectiveness.wizard"]
            .with_user(self.salesman)
            .create({"company_id": self.branch.id, "date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
        )
        self.salesman.company_ids = [Command.link(self.branch.id)]
        self.env.flush_all()
        report = self.env.ref("customer_lifecycle.action_report_incentive_effectiveness")
        html, _type = report.with_context(lang=lang)._render_qweb_html(report.report_name, wizard.ids)
        return wizard, html.decode()

    def test_the_report_shows_the_cem_table_and_ranks_the_policies(self):
        wizard, html = self._render("en_US")
        rows = wizard.sudo()._effectiveness_rows()
        self.assertEqual([row["incentive"] for row in rows["cem"]], [self.branch_gift])
        self.assertEqual((rows["cem"][0]["grants"], rows["cem"][0]["repeats"]), (2, 1))
        self.assertEqual(rows["ranking"][0]["uplift"], 25.0)
        self.assertIn("Shiraz gift box", html)
        self.assertIn("+25.0", html)
        self.assertIn("No incentive given to advocates in the period.", html)

    def test_persian_readers_get_persian_digits_right_to_left(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        _wizard, html = self._render("fa_IR")
        self.assertIn('dir="rtl"', html)
        self.assertIn("+۲۵.۰", html)

    def test_a_period_ending_before_it_starts_is_refused(self):
        with self.assertRefused(ValidationError, "after its end"):
            self.env["customer.incentive.effectiveness.wizard"].create(
                {"date_from": date(2026, 4, 1), "date_to": date(2026, 3, 1)}
            )
