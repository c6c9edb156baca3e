# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""CAM by channel: the clicks on the advocates' shared links, the leads of the landing
page, the referrals and the converted referrals, per share channel, in the indicators
and in the Incentive Effectiveness PDF."""

from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import IncentiveCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralChannels(IncentiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a company of its own, so that nothing of the demo is in its figures
        cls.branch = cls.env["res.company"].create({"name": "Tabriz Branch"})
        cls.env.user.company_ids = [Command.link(cls.branch.id)]
        cls.today = cls.branch._lifecycle_today()
        cls.shop = cls._partner("Tabriz Carpets", company_id=cls.branch.id)
        cls._set_stage(cls.shop, "advocate", company=cls.branch)
        Code = cls.env["customer.referral.code"]
        Code._create_codes(cls.branch, cls.shop.ids)
        cls.code = Code.search([("partner_id", "=", cls.shop.id)])
        for channel, clicks in (("whatsapp", 3), ("telegram", 1)):
            tracker = cls.code._lifecycle_link_tracker(channel)
            cls.env["link.tracker.click"].create(
                [{"link_id": tracker.id, "ip": f"10.0.0.{index}"} for index in range(clicks)]
            )
        whatsapp = cls.code._lifecycle_channel_medium("whatsapp")
        for name, medium in (("Friend one", whatsapp), ("Friend two", whatsapp), ("Typed the page", None)):
            cls.env["crm.lead"].create(
                {
                    "name": name,
                    "company_id": cls.branch.id,
                    "lifecycle_referral_code": cls.code.code,
                    "medium_id": medium.id if medium else False,
                }
            )
        cls.env["crm.lead"].create({"name": "Not a referral", "company_id": cls.branch.id, "medium_id": whatsapp.id})
        friends = [cls._partner(f"Tabriz friend {n}", company_id=cls.branch.id) for n in range(3)]
        for friend, channel in zip(friends, ("whatsapp", "whatsapp", "telegram"), strict=True):
            cls.env["customer.referral"].create(
                {
                    "referrer_id": cls.shop.id,
                    "referred_id": friend.id,
                    "company_id": cls.branch.id,
                    "channel": channel,
                    "date": cls.today,
                }
            )
        cls._order(friends[0], cls.today, company=cls.branch)
        cls.engine._recompute_partners(friends[0], cls.branch)
        cls.env.flush_all()

    def _by_channel(self):
        groups = self.env["customer.lifecycle.channel.report"]._read_group(
            [("company_id", "=", self.branch.id)],
            ["channel"],
            ["click_count:sum", "lead_count:sum", "referral_count:sum", "converted_referral_count:sum"],
        )
        return {channel: tuple(int(value) for value in sums) for channel, *sums in groups}

    def test_clicks_leads_referrals_and_conversions_by_channel(self):
        self.assertEqual(
            self._by_channel(),
            {
                "whatsapp": (3, 2, 2, 1),
                "telegram": (1, 0, 1, 0),
                # the landing page reached without a shared link
                "other": (0, 1, 0, 0),
            },
        )

    def test_a_rejected_referral_is_not_counted(self):
        referral = self.env["customer.referral"].search(
            [("company_id", "=", self.branch.id), ("channel", "=", "telegram")]
        )
        referral.sudo().write({"state": "rejected", "rejection_reason": "Same household"})
        self.env.flush_all()
        self.assertEqual(self._by_channel()["telegram"], (1, 0, 0, 0))

    def _wizard(self):
        return self.env["customer.incentive.effectiveness.wizard"].create(
            {
                "company_id": self.branch.id,
                "date_from": self.today - timedelta(days=1),
                "date_to": self.today + timedelta(days=1),
            }
        )

    def test_the_effectiveness_pdf_shows_cam_by_channel(self):
        wizard = self._wizard()
        rows = wizard._effectiveness_rows()["channels"]
        self.assertEqual(
            [(r["channel"], r["clicks"], r["leads"], r["referrals"], r["converted"]) for r in rows],
            [("other", 0, 1, 0, 0), ("whatsapp", 3, 2, 2, 1), ("telegram", 1, 0, 1, 0)],
        )
        report = self.env.ref("customer_lifecycle.action_report_incentive_effectiveness")
        html, _type = report._render_qweb_html(report.report_name, wizard.ids)
        html = html.decode()
        self.assertIn("by channel", html)
        self.assertIn("WhatsApp", html)
        self.assertIn("Converted referrals", html)
        # a period without any: said so
        empty = self._wizard()
        empty.write({"date_from": self.today - timedelta(days=9), "date_to": self.today - timedelta(days=8)})
        self.assertFalse(empty._effectiveness_rows()["channels"])

    def test_persian_labels_of_the_channels(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        wizard = self._wizard().with_context(lang="fa_IR")
        labels = [row["label"] for row in wizard._effectiveness_rows()["channels"]]
        self.assertEqual(labels, ["سایر", "واتس‌اپ", "تلگرام"])
        report = self.env.ref("customer_lifecycle.action_report_incentive_effectiveness")
        html, _type = report.with_context(lang="fa_IR")._render_qweb_html(report.report_name, wizard.ids)
        self.assertIn("معرفی‌های به‌خریدانجامیده", html.decode())

    def test_the_demo_links_of_azar_textiles_count_their_clicks_by_channel(self):
        """Azar Textiles' link was clicked from WhatsApp and Telegram (the demo data)."""
        clicks = dict(
            self.env["customer.lifecycle.channel.report"]._read_group(
                [("company_id", "=", self.env.ref("base.main_company").id)], ["channel"], ["click_count:sum"]
            )
        )
        self.assertGreaterEqual(clicks.get("whatsapp", 0), 3)
        self.assertGreaterEqual(clicks.get("telegram", 0), 2)
