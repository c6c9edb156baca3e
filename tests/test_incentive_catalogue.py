# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The catalogue of incentives: what each kind is for, its cost and its programme."""

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import IncentiveCommon


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
        # the programs are archived for the tests (IncentiveCommon); 19.0 archives their rewards too
        program = self.env.ref("customer_lifecycle.demo_incentive_loyal_discount").program_id
        self.assertEqual(program.with_context(active_test=False).reward_ids.reward_type, "discount")
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
