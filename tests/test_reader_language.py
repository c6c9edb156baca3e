# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Texts the addon writes are read in the language of their reader: an activity by its
assigned user, a chatter line of the rules by the company's partner, an e-mail by its
partner; dates in the reader's calendar and digits, never an ISO date in a sentence."""

import re
from datetime import date
from types import SimpleNamespace

from odoo.tests import new_test_user, tagged
from odoo.tools import format_date

from ..tools import jalali, relationship_health as health
from .common import IncentiveCommon, ReferralRewardCommon
from .test_migration import load_migration

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LATIN_DIGIT = re.compile(r"[0-9]")
PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff]")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReaderLanguage(IncentiveCommon):
    # checks the chatter and tracking: on, as for users
    chatter = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        cls.company_r = cls._company("Reader Test Co")
        cls.persian_sales, cls.english_sales = (
            new_test_user(
                cls.env,
                login=login,
                lang=lang,
                groups="base.group_user,sales_team.group_sale_salesman",
                company_id=cls.company_r.id,
                company_ids=[cls.company_r.id],
            )
            for login, lang in (("cl_reader_fa", "fa_IR"), ("cl_reader_en", "en_US"))
        )

    def assertSentence(self, text, persian):
        """A sentence without ISO date, in Persian words and digits only when ``persian``."""
        self.assertFalse(ISO_DATE.search(text), text)
        if persian:
            self.assertRegex(text, PERSIAN_LETTER)
            self.assertFalse(LATIN_DIGIT.search(text), f"Latin digits in a Persian line: {text}")
        else:
            self.assertNotRegex(text, PERSIAN_LETTER)

    def _warning_activity(self, user):
        partner = self.env["res.partner"].create({"name": f"Customer of {user.login}", "user_id": user.id})
        self.env["customer.lifecycle.health.scoring"]._schedule_warnings(
            self.company_r, [(partner.id, [health.SIGN_NEGATIVE_TOUCHPOINT])]
        )
        activity = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        self.assertEqual(activity.user_id, user)
        return activity

    def test_a_health_warning_is_read_by_its_assigned_user(self):
        persian = self._warning_activity(self.persian_sales)
        self.assertEqual(persian.summary, "سلامت رابطه: نشانه‌های هشدار در Reader Test Co")
        self.assertIn("۳۰", persian.note)  # "in the last 30 days", in Persian digits
        self.assertSentence(persian.note, persian=True)
        english = self._warning_activity(self.english_sales)
        self.assertEqual(english.summary, "Relationship health: warning signs in Reader Test Co")
        self.assertIn("A negative touch-point in the last 30 days.", english.note)

    def test_a_negative_contact_is_told_to_the_salesperson_in_their_language(self):
        self.loyal.user_id = self.persian_sales
        self.env["customer.touchpoint"].create(
            {"partner_id": self.loyal.id, "reason": "Late delivery", "sentiment": "negative", "channel": "phone"}
        )
        activity = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", self.loyal.id)])
        self.assertEqual(activity.user_id, self.persian_sales)
        loyal = self.stage["loyal"].with_context(lang="fa_IR").name
        self.assertEqual(activity.summary, f"تماس منفی با Nordic Outfitters ({loyal}): احترام را بازگردانید")
        self.assertNotIn("An advocate or loyal customer", activity.note)

    def _chatter_line(self, company):
        partner = self.env["res.partner"].create({"name": "Sahand Trading", "is_company": True})
        prospect, customer, loyal = (self.stage[code].id for code in ("prospect", "customer", "loyal"))
        moves = {partner.id: [(date(2026, 1, 5), prospect, customer), (date(2026, 3, 1), customer, loyal)]}
        self.env["customer.lifecycle.writer"]._log_stage_changes(company, [(partner.id, prospect, loyal)], None, moves)
        return partner.message_ids.filtered(lambda message: "<li>" in (message.body or ""))

    def test_a_line_of_the_rules_is_read_by_the_company_partner(self):
        self.company_r.partner_id.lang = "fa_IR"
        note = self._chatter_line(self.company_r)
        self.assertEqual(len(note), 1)
        self.assertIn("توسط قواعد چرخه عمر تغییر کرد", note.body)
        for day in (date(2026, 1, 5), date(2026, 3, 1)):
            self.assertIn(jalali.jalali_date(day), note.body)
        self.assertEqual(note.tracking_value_ids.new_value_char, self.stage["loyal"].with_context(lang="fa_IR").name)
        self.assertSentence(note.body.replace("Reader Test Co", ""), persian=True)
        note = self._chatter_line(self._company("English Reader Co"))  # its partner reads English
        self.assertIn("moved by the lifecycle rules", note.body)
        self.assertIn(format_date(self.env, date(2026, 3, 1)), note.body)
        self.assertSentence(note.body, persian=False)

    def test_a_change_of_settings_is_explained_to_the_company(self):
        self.company_r.partner_id.lang = "fa_IR"
        settings = SimpleNamespace(source="sale", lapse_days=365)
        reason = self.env["customer.lifecycle.writer"]._settings_reason(settings, self.company_r)
        self.assertIn("۳۶۵", reason)
        self.assertSentence(reason, persian=True)

    def test_a_date_for_its_reader(self):
        Text = self.env["customer.lifecycle.reader.text"]
        day = date(2026, 12, 24)
        persian = Text._for_reader(self.persian_sales)
        self.assertEqual(persian.env.lang, "fa_IR")
        self.assertEqual(persian._date(day), "۰۳ دی ۱۴۰۵")
        english = Text._for_reader(self.english_sales)
        self.assertEqual(english._date(day), format_date(self.env(context={"lang": "en_US"}), day))
        self.english_sales.lifecycle_calendar = "jalali"  # chosen: Jalali, in English words and digits
        self.assertEqual(Text._for_reader(self.english_sales)._date(day), "03 Dey 1405")
        # nobody to read it: the company's partner, then English
        self.company_r.partner_id.lang = "fa_IR"
        self.assertEqual(Text._for_reader(None, self.company_r).env.lang, "fa_IR")
        self.assertEqual(Text._for_reader(self.env["res.partner"]).env.lang, "en_US")

    def test_the_health_reasons_use_one_digit_system(self):
        record = self.env["customer.lifecycle.health"].create(
            {
                "partner_id": self.advocate.id,
                "company_id": self.company_r.id,
                "date": date(2026, 1, 5),
                "band": "watch",
                "score": 55,
                "sentiment_part": 0,
                "signs": health.SIGN_NEGATIVE_TOUCHPOINT,
            }
        )
        persian = record.with_context(lang="fa_IR")
        for line in (persian.reasons + "\n" + persian.warning_signs).splitlines():
            self.assertSentence(line.replace("RFM", ""), persian=True)

    def test_the_upgrade_gives_the_referral_request_its_language(self):
        template = self.env.ref("customer_lifecycle.mail_template_referral_request")
        template.lang = False  # as 18.0.1.3.0 left it (noupdate data)
        template.flush_recordset()
        load_migration("18.0.1.4.0", "post-referral-request-lang").migrate(self.env.cr, "18.0.1.3.0")
        template.invalidate_recordset(["lang"])
        self.assertEqual(template.lang, "{{ object.lang }}")

    def test_the_referral_request_is_written_in_the_partner_language(self):
        self.advocate.write({"lang": "fa_IR", "email": "contact@azar-textiles.example"})
        self.advocate._lifecycle_send_referral_requests()
        message = self.advocate.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertEqual(message.subject, "ما را به کسی معرفی می‌کنید؟")
        self.assertNotIn("Thank you for your trust", message.body)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReaderLanguageOfRewards(ReferralRewardCommon):
    # checks the chatter and tracking: on, as for users
    chatter = True

    def test_a_reward_tells_its_dates_to_its_readers(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        self.company.partner_id.lang = "fa_IR"  # the job's lines and reasons are read by the company
        referral, order = self._convert()
        grant = self._reward(referral)
        self.assertFalse(ISO_DATE.search(grant.note), grant.note)
        self.assertIn(jalali.jalali_date(referral.conversion_date), grant.note)
        self._pay(self._invoice(order), day=105)
        grant.invalidate_recordset()
        reason = grant.with_context(lang="en_US").waiting_reason  # read now, by an English user
        self.assertIn(format_date(self.env(context={"lang": "en_US"}), self._on(135)), reason)
        self.assertFalse(ISO_DATE.search(reason), reason)
        self._release(135)
        self.assertEqual(grant.state, "to_approve")
        line = grant.message_ids.filtered(lambda message: jalali.jalali_date(self._on(105)) in message.body)
        self.assertEqual(len(line), 1, grant.message_ids.mapped("body"))
        self.assertFalse(LATIN_DIGIT.search(line.body.replace("<p>", "").replace("</p>", "")), line.body)
