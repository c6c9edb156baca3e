# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Bad input, in one list: every case is answered with a clear error and writes nothing."""

from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.customer_lifecycle_writer import RuleReasons
from ..tools import customer_chain as chain
from .bad_input_cases import BadInputCases
from .common import IncentiveCommon, plan_values

# the models whose records a bad input might leave half-written
WATCHED = (
    "customer.touchpoint",
    "customer.referral",
    "customer.lifecycle.stage",
    "customer.lifecycle.history",
    "customer.lifecycle.goal",
    "customer.key.account.plan",
    "customer.key.account.objective",
    "customer.incentive",
    "customer.incentive.grant",
    "account.move",
    "mail.message",
)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestBadInput(BadInputCases, IncentiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the referral below makes the advocate a prospect again: its reward only warns
        cls.company.lifecycle_incentive_refuse_outside_stage = False
        cls.senior = new_test_user(
            cls.env, login="cl_bad_senior", groups="base.group_user,customer_lifecycle.group_lifecycle_senior"
        )
        cls.key_user = new_test_user(
            cls.env, login="cl_bad_key_user", groups="base.group_user,customer_lifecycle.group_lifecycle_user"
        )
        cls.contact = cls.env["res.partner"].create({"name": "Sara Ahmadi", "parent_id": cls.loyal.id})
        cls.friend = cls._partner("Mina Hosseini")
        cls.buyer = cls._partner("Early Buyer Co")
        cls._order(cls.buyer, 0)
        cls.referral = cls.env["customer.referral"].create(
            {"referrer_id": cls.advocate.id, "referred_id": cls.friend.id, "date": cls.day0}
        )
        cls.goal = cls.env["customer.lifecycle.goal"].create(
            {"name": "2027", "date_start": date(2027, 1, 1), "date_end": date(2027, 12, 31)}
        )
        (cls.loyal | cls.advocate).with_context(tracking_disable=True).lifecycle_key_account = True
        cls.plan = cls.env["customer.key.account.plan"].create(plan_values(cls.loyal, "Nordic 2026", 2026))
        cls.approved_plan = cls.plan.copy({"name": "Nordic approved"})
        cls.approved_plan.action_submit()
        cls.approved_plan.with_user(cls.senior).action_approve()
        cls.other_company = cls._company("Tabriz Branch")
        cls.other_program = cls.env["loyalty.program"].create(
            {"name": "Tabriz 10%", "program_type": "promotion", "company_id": cls.other_company.id}
        )
        cls.reward = cls.Grant.create(
            {"partner_id": cls.advocate.id, "incentive_id": cls.call.id, "referral_id": cls.referral.id}
        )
        cls.reward.sudo().state = "to_approve"

    def _snapshot(self):
        self.env.flush_all()
        counts = {model: self.env[model].sudo().with_context(active_test=False).search_count([]) for model in WATCHED}
        company = self.company.read(
            [
                "lifecycle_lapse_days",
                "lifecycle_lapse_warning_days",
                "lifecycle_attribution_days",
                "lifecycle_health_weight_rfm",
                "lifecycle_referral_reward_mode",
                "lifecycle_referral_reward_percent",
                "lifecycle_referral_return_days",
                "lifecycle_incentive_refuse_outside_stage",
            ]
        )
        values = (
            self.stage["customer"].maturity_days,
            self.stage["loyal"].min_purchases,
            self.goal.target_customers,
            self.plan.state,
            self.approved_plan.objective_ids.target,
            self.commission.stage_ids.ids,
            self.referral.state,
            self.reward.state,
            self.loyal.lifecycle_pin_stage_id.id,
        )
        return counts, company, values

    # ------------------------------------------------------------------
    # The tests
    # ------------------------------------------------------------------

    def test_every_bad_input_is_refused_clearly_and_writes_nothing(self):
        cases = self._cases()
        self.assertGreaterEqual(len(cases), 30)
        for what, exception, message, bad_input in cases:
            with self.subTest(what):
                before = self._snapshot()
                with self.assertRaises(exception) as caught:
                    with self.env.cr.savepoint():
                        bad_input()
                self.assertIn(message, str(caught.exception))
                self.env.invalidate_all()
                self.assertEqual(self._snapshot(), before, f"{what}: something was written")

    def test_the_errors_speak_persian_to_a_persian_user(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        persian = self.env(context=dict(self.env.context, lang="fa_IR"))
        Referral = persian["customer.referral"]
        cases = [
            lambda: Referral.create({"referrer_id": self.loyal.id, "referred_id": self.loyal.id}),
            lambda: persian["customer.lifecycle.stage"].browse(self.stage["advocate"].id).unlink(),
            lambda: persian["res.company"].browse(self.company.id).write({"lifecycle_attribution_days": 0}),
            lambda: persian["customer.incentive"].create({"name": "X", "kind": "discount", "unit_cost": -1}),
        ]
        for bad_input in cases:
            with self.assertRaises(UserError) as caught:  # ValidationError is a UserError
                with self.env.cr.savepoint():
                    bad_input()
            message = str(caught.exception)
            self.assertRegex(message, "[\u0600-\u06ff]", f"not in Persian: {message}")

    # ------------------------------------------------------------------
    # Imports
    # ------------------------------------------------------------------

    def _import(self, model, csv):
        # a row the database refuses (a partner nobody knows) is logged by Odoo as a bad query
        with mute_logger("odoo.sql_db"):
            return self._execute_import(model, csv)

    def _execute_import(self, model, csv):
        wizard = self.env["base_import.import"].create(
            {"res_model": model, "file": csv.encode(), "file_type": "text/csv"}
        )
        header = csv.splitlines()[0].split(",")
        return wizard.execute_import(
            header,
            header,
            {
                "quoting": '"',
                "separator": ",",
                "has_headers": True,
                "date_format": "%Y-%m-%d",
                "datetime_format": "%Y-%m-%d %H:%M:%S",
            },
        )

    def test_a_touchpoint_import_with_bad_rows_imports_nothing_and_names_the_rows(self):
        Touchpoint = self.env["customer.touchpoint"]
        before = Touchpoint.search_count([])
        good = (
            'partner_id,date,channel,reason\n"Nordic Outfitters",2026-01-06 10:00:00,phone,Thanked them\n'
            '"Azar Textiles",2026-01-07 11:00:00,visit,Quarterly review\n'
        )
        bad_files = {
            # the file's own format: the import stops at the first column it cannot read
            '"Nordic Outfitters",not a date,phone,Bad date\n': ["line 3", "not a date"],
            # rows Odoo cannot resolve: every one is named
            '"No Such Customer",2026-01-08 09:00:00,phone,Unknown partner\n'
            '"Nordic Outfitters",2026-01-09 09:00:00,pigeon,Bad channel\n': ["No Such Customer", "pigeon"],
        }
        for rows, texts in bad_files.items():
            result = self._import("customer.touchpoint", good + rows)
            self.assertFalse(result.get("ids"))
            messages = " ".join(message["message"] for message in result["messages"])
            for text in texts:
                self.assertIn(text, messages)
            self.assertEqual(Touchpoint.search_count([]), before)
        # the future row is refused by the model when the file is otherwise clean
        result = self._import("customer.touchpoint", good + '"Nordic Outfitters",2099-01-01 09:00:00,phone,Future\n')
        self.assertFalse(result.get("ids"))
        self.assertIn("dated in the future", " ".join(m["message"] for m in result["messages"]))
        self.assertEqual(Touchpoint.search_count([]), before)
        result = self._import("customer.touchpoint", good)
        self.assertEqual(len(result.get("ids")), 2, result["messages"])
        self.assertEqual(Touchpoint.browse(result.get("ids")).mapped("reason"), ["Thanked them", "Quarterly review"])

    def test_a_referral_import_with_bad_rows_imports_nothing(self):
        Referral = self.env["customer.referral"]
        before = Referral.search_count([])
        good = 'referrer_id,referred_id,date\n"Azar Textiles","Kian Electric",2026-01-06\n'
        result = self._import("customer.referral", good + '"Nordic Outfitters","Nordic Outfitters",2026-01-06\n')
        self.assertFalse(result.get("ids"))
        self.assertIn("cannot refer themselves", " ".join(m["message"] for m in result["messages"]))
        self.assertEqual(Referral.search_count([]), before)
        result = self._import("customer.referral", good + '"Azar Textiles","Nobody Known",2026-01-06\n')
        self.assertFalse(result.get("ids"))
        self.assertIn("Nobody Known", " ".join(m["message"] for m in result["messages"]))
        self.assertEqual(Referral.search_count([]), before)
        result = self._import("customer.referral", good)
        self.assertEqual(len(result.get("ids")), 1, result["messages"])
        self.assertEqual(Referral.browse(result.get("ids")).referred_id, self.newcomer)

    def test_a_touchpoint_typed_in_the_form_without_reason_is_not_saved(self):
        form = Form(self.env["customer.touchpoint"])
        form.partner_id = self.loyal
        form.date = datetime(2026, 1, 6, 10, 0)
        with self.assertRaisesRegex(AssertionError, "reason"):
            form.save()


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestSmallerDefects(IncentiveCommon):
    """The smaller defects of issue 18, each with the case that showed it."""

    def _persian(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        return self.env(context=dict(self.env.context, lang="fa_IR"))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loyal.lifecycle_key_account = True

    def _approved_plan(self, **values):
        plan = self.env["customer.key.account.plan"].create(plan_values(self.loyal, "Loyal 2026", 2026, **values))
        plan.action_submit()
        plan.action_approve()
        return plan

    def test_the_reasons_of_the_rules_refuse_a_rule_they_do_not_know(self):
        rules = self.env["customer.lifecycle.stage"]._chain_rules(365)
        reasons = RuleReasons(self.engine, rules)
        self.assertTrue(reasons[chain.RULE_FIRST_PURCHASE])
        with self.assertRaises(KeyError):
            reasons.__getitem__("no_such_rule")

    def test_the_review_job_schedules_a_plan_approved_without_a_date(self):
        plan = self._approved_plan()
        plan.sudo().write({"approved_on": False})  # approved by an import: no approval date
        with freeze_time("2026-04-15"):
            self.env["customer.key.account.plan"]._cron_schedule_reviews()
        review_type = self.env.ref("customer_lifecycle.mail_activity_type_key_account_review")
        self.assertEqual(plan.activity_ids.activity_type_id, review_type)

    def test_a_refused_plan_action_is_one_persian_sentence(self):
        persian = self._persian()
        plan = persian["customer.key.account.plan"].create(plan_values(self.loyal, "Loyal 2026", 2026))
        with self.assertRaises(UserError) as caught:
            plan.action_approve()
        self.assertEqual(
            str(caught.exception),
            "برنامه «Loyal 2026» در وضعیت «پیش‌نویس» است: فقط برنامهٔ ارسال‌شده را می‌توان تأیید کرد.",
        )

    def test_a_period_is_not_labelled_as_the_stages_of_a_move(self):
        persian = self._persian()
        history = persian["customer.lifecycle.history"].fields_get(["from_stage_id", "to_stage_id"])
        self.assertEqual(
            (history["from_stage_id"]["string"], history["to_stage_id"]["string"]), ("از مرحله", "به مرحله")
        )
        for model, start, end in (
            ("customer.key.account.plan", "date_start", "date_end"),
            ("customer.lifecycle.goal", "date_start", "date_end"),
            ("customer.incentive.effectiveness.wizard", "date_from", "date_to"),
        ):
            with self.subTest(model):
                labels = persian[model].fields_get([start, end])
                self.assertEqual((labels[start]["string"], labels[end]["string"]), ("تاریخ شروع", "تاریخ پایان"))
