# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The advocate's own page in the portal, walked over HTTP as portal users: an advocate
sees their code, the people they introduced (named once they are customers) and their
rewards; nobody sees anyone else's, and who is not an advocate has no page."""

from unittest.mock import patch
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import html

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.customer_lifecycle.controllers.portal import LifecycleReferralPortal

from ..tools import customer_chain as chain, jalali
from ..tools.referral_share import SHARE_CHANNELS


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestReferralPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        # the rewards of this page are the grants below, not the demo's automatic one
        cls.company.lifecycle_referral_reward_incentive_id = False
        cls.stage = {code: cls.env.ref(f"customer_lifecycle.stage_{code}") for code in chain.STAGE_CODES}
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.product = cls.env["product.product"].create({"name": "Portal test service", "list_price": 100.0})
        cls.advocate = cls._partner("Portal Azar Textiles")
        cls.friend = cls._partner("Portal Kian Electric")
        cls.prospect = cls._partner("Secret Prospect Clinic")
        cls.converted = cls._referral(cls.advocate, cls.friend)
        cls.pending = cls._referral(cls.advocate, cls.prospect)
        cls._buy(cls.friend)
        cls.env["customer.lifecycle.engine"]._recompute_partners(cls.friend | cls.prospect, cls.company)
        cls.other = cls._partner("Portal Pars Tiles")
        cls.other_friend = cls._partner("Other Friend Dental")
        cls._referral(cls.other, cls.other_friend)
        cls._buy(cls.other_friend)
        cls.env["customer.lifecycle.engine"]._recompute_partners(cls.other_friend, cls.company)
        cls.plain = cls._partner("Portal Plain Customer")
        for partner, code in ((cls.advocate, "advocate"), (cls.other, "advocate"), (cls.plain, "customer")):
            partner.with_company(cls.company).sudo().write({"lifecycle_stage_id": cls.stage[code].id})
        Code = cls.env["customer.referral.code"]
        Code._create_codes(cls.company, (cls.advocate | cls.other).ids)
        cls.code = Code.search([("partner_id", "=", cls.advocate.id)])
        cls.other_code = Code.search([("partner_id", "=", cls.other.id)])
        commission = cls.env["customer.incentive"].create(
            {
                "name": "Portal referral commission",
                "kind": "financial_benefit",
                "stage_ids": [Command.set(cls.stage["advocate"].ids)],
                "unit_cost": 50.0,
            }
        )
        cls.reward = (
            cls.env["customer.incentive.grant"]
            .sudo()
            .create(
                {
                    "partner_id": cls.advocate.id,
                    "incentive_id": commission.id,
                    "referral_id": cls.converted.id,
                    "state": "to_approve",
                }
            )
        )
        cls.users = {}
        for login, partner in (("advocate", cls.advocate), ("other", cls.other), ("plain", cls.plain)):
            contact = cls.env["res.partner"].create({"name": f"Contact of {partner.name}", "parent_id": partner.id})
            cls.users[login] = new_test_user(
                cls.env, login=f"cl_portal_{login}", groups="base.group_portal", partner_id=contact.id
            )

    @classmethod
    def _partner(cls, name):
        return cls.env["res.partner"].create({"name": name, "is_company": True})

    @classmethod
    def _referral(cls, referrer, referred):
        return cls.env["customer.referral"].create(
            {"referrer_id": referrer.id, "referred_id": referred.id, "date": cls.company._lifecycle_today()}
        )

    @classmethod
    def _buy(cls, partner):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": cls.product.id, "price_unit": 100.0})],
            }
        )
        order.action_confirm()

    def _page(self, login, url="/my/referrals"):
        self.authenticate(f"cl_portal_{login}", f"cl_portal_{login}")
        return self.url_open(url)

    def _rows(self, response, kind):
        document = html.fromstring(response.text)
        return [
            [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
            for row in document.xpath(f"//tr[contains(@class, 'o_lifecycle_portal_{kind}')]")
        ]

    def test_the_fixture_is_the_story(self):
        self.assertEqual((self.converted.state, self.pending.state), ("converted", "new"))
        self.assertEqual(self.code.state, "works")
        self.assertFalse(self.env["customer.referral.code"].search([("partner_id", "=", self.plain.id)]))

    def test_an_advocate_walks_their_page(self):
        response = self._page("advocate")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.code.code, response.text)
        self.assertIn(
            f"I buy from {self.company.name} and I recommend them. Give my code {self.code.code} on your first order",
            response.text,
        )
        today = fields.Date.to_date(self.company._lifecycle_today())
        day = today.strftime("%m/%d/%Y")
        self.assertCountEqual(
            self._rows(response, "referral"),
            [
                [day, "Portal Kian Electric", "Became a customer"],
                [day, "A person you introduced", "Not a customer yet"],
            ],
        )
        self.assertNotIn("Secret Prospect Clinic", response.text)
        [reward] = self._rows(response, "reward")
        self.assertEqual(reward, [day, "Portal referral commission", "Portal Kian Electric", "Being checked"])
        # what the reward is, never what it costs the company
        self.assertNotIn("50.00", response.text)
        # nothing of the other advocate
        for text in (self.other_code.code, "Other Friend Dental", "Portal Pars Tiles"):
            self.assertNotIn(text, response.text)

    def test_the_home_page_leads_advocates_to_their_page(self):
        response = self._page("advocate", "/my")
        self.assertIn('href="/my/referrals"', response.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["lifecycle_referral_count"]})
        self.assertEqual(counters, {"lifecycle_referral_count": 2})

    def test_another_advocate_sees_only_their_own(self):
        response = self._page("other")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.other_code.code, response.text)
        self.assertEqual(len(self._rows(response, "referral")), 1)
        self.assertIn("Other Friend Dental", response.text)
        for text in (self.code.code, "Portal Kian Electric", "Portal referral commission"):
            self.assertNotIn(text, response.text)
        self.assertFalse(self._rows(response, "reward"))

    def test_a_portal_user_who_is_not_an_advocate_has_no_page_and_no_code(self):
        response = self._page("plain")
        self.assertEqual(response.status_code, 404)
        for text in (self.code.code, self.other_code.code, "Portal Kian Electric"):
            self.assertNotIn(text, response.text)
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertNotIn('href="/my/referrals"', home.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["lifecycle_referral_count"]})
        self.assertEqual(counters, {"lifecycle_referral_count": 0})

    def test_a_stopped_code_closes_the_page(self):
        self.code.sudo().state = "stopped"
        self.assertEqual(self._page("advocate").status_code, 404)
        self.assertNotIn('href="/my/referrals"', self.url_open("/my").text)

    def test_the_page_speaks_persian_right_to_left(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        self.users["advocate"].partner_id.lang = "fa_IR"
        response = self._page("advocate")
        document = html.fromstring(response.text)
        self.assertTrue(document.xpath("//div[@id='wrapwrap'][contains(@class, 'o_rtl')]"))
        self.assertIn("کد معرفی شما", response.text)
        self.assertIn("فردی که معرفی کرده‌اید", response.text)
        self.assertIn(self.code.code, response.text)
        # the share buttons too, with the advocate's sentence in Persian in their links
        self.assertIn("پیوندتان را به اشتراک بگذارید", response.text)
        self.assertIn("واتس‌اپ", response.text)
        [whatsapp] = document.xpath("//a[contains(@class, 'o_lifecycle_share_whatsapp')]/@href")
        self.assertIn("من از", parse_qs(urlsplit(whatsapp).query)["text"][0])

    def test_the_demo_advocate_sees_her_page(self):
        self.authenticate("leila.azari", "leila.azari")
        response = self.url_open("/my/referrals")
        self.assertEqual(response.status_code, 200)
        self.assertIn("AZR7K2QM", response.text)
        self.assertIn(["Kian Electric", "Became a customer"], [row[1:] for row in self._rows(response, "referral")])

    def _cards(self, response, kind):
        document = html.fromstring(response.text)
        return [
            " ".join(card.text_content().split())
            for card in document.xpath(f"//li[contains(@class, 'o_lifecycle_portal_{kind}_card')]")
        ]

    def test_a_phone_gets_one_card_per_line(self):
        """Below the md breakpoint (a 390 px phone) the tables give way to stacked cards
        that carry the same facts: a table would run off the screen."""
        response = self._page("advocate")
        document = html.fromstring(response.text)
        self.assertEqual(len(document.xpath("//ul[contains(@class, 'd-md-none')]")), 2)
        self.assertEqual(len(document.xpath("//div[contains(@class, 'd-none d-md-block')]//table")), 2)
        referrals = self._cards(response, "referral")
        self.assertEqual(len(referrals), 2)
        self.assertTrue(any("Portal Kian Electric" in card and "Became a customer" in card for card in referrals))
        [reward] = self._cards(response, "reward")
        for text in ("Portal referral commission", "Being checked", "For introducing Portal Kian Electric"):
            self.assertIn(text, reward)

    def test_a_persian_advocate_reads_persian_words_and_solar_hijri_dates(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        user = self.users["advocate"]
        user.partner_id.lang = "fa_IR"
        self.assertEqual(user.lifecycle_calendar, "jalali")
        self.reward.sudo().state = "waiting"
        response = self._page("advocate")
        today = self.company._lifecycle_today()
        [reward] = self._rows(response, "reward")
        self.assertEqual(reward[0], jalali.jalali_date(today))
        self.assertEqual(reward[3], "در انتظار پرداخت دوستتان")
        headers = html.fromstring(response.text).xpath("//thead//th")
        self.assertEqual([" ".join(th.text_content().split()) for th in headers][:3], ["تاریخ", "معرفی‌شده", "وضعیت"])
        for english in ("Date", "Status", "Waiting for Payment", "Became a customer"):
            self.assertNotIn(f">{english}<", response.text)

    # ------------------------------------------------------------------
    # Share buttons, pages and the sort by date
    # ------------------------------------------------------------------

    def _share(self, document, channel):
        [node] = document.xpath(
            f"//*[contains(concat(' ', normalize-space(@class), ' '), ' o_lifecycle_share_{channel} ')]"
        )
        return node

    def test_each_share_button_shares_its_own_channel_link(self):
        """As the demo advocate: every button carries the tracked link of its channel,
        so that each click, lead and referral knows where it came from."""
        self.authenticate("leila.azari", "leila.azari")
        response = self.url_open("/my/referrals")
        self.assertEqual(response.status_code, 200)
        document = html.fromstring(response.text)
        code = self.env["customer.referral.code"].sudo().search([("code", "=", "AZR7K2QM")])
        urls = {channel: code._lifecycle_share_url(channel) for channel in SHARE_CHANNELS}
        self.assertEqual(len(set(urls.values())), len(SHARE_CHANNELS), "one tracked link per channel")
        for channel, url in urls.items():
            tracker = code._lifecycle_link_tracker(channel)
            self.assertEqual((tracker.short_url, code._lifecycle_channel_of_medium(tracker.medium_id)), (url, channel))
        whatsapp = urlsplit(self._share(document, "whatsapp").get("href"))
        self.assertEqual((whatsapp.scheme, whatsapp.netloc, whatsapp.path), ("https", "wa.me", "/"))
        self.assertTrue(parse_qs(whatsapp.query)["text"][0].endswith(" " + urls["whatsapp"]))
        telegram = urlsplit(self._share(document, "telegram").get("href"))
        self.assertEqual((telegram.netloc, telegram.path), ("t.me", "/share/url"))
        self.assertEqual(parse_qs(telegram.query)["url"], [urls["telegram"]])
        self.assertIn("I buy from", parse_qs(telegram.query)["text"][0])
        sms = self._share(document, "sms").get("href")
        self.assertTrue(sms.startswith("sms:?&body="))
        self.assertTrue(unquote(sms.removeprefix("sms:?&body=")).endswith(" " + urls["sms"]))
        email = urlsplit(self._share(document, "email").get("href"))
        self.assertEqual(email.scheme, "mailto")
        self.assertTrue(parse_qs(email.query)["body"][0].endswith(urls["email"]))
        self.assertTrue(parse_qs(email.query)["subject"][0])
        self.assertEqual(self._share(document, "copy").get("data-lifecycle-copy"), urls["link"])
        native = self._share(document, "native")
        self.assertEqual(native.get("data-lifecycle-share-url"), urls["link"])
        self.assertIn("d-none", native.getparent().get("class"), "shown by the script where the phone has a sheet")
        qr = urlsplit(self._share(document, "qr").get("src"))
        self.assertEqual(qr.path, "/report/barcode/")
        self.assertEqual(parse_qs(qr.query)["value"], [urls["qr"]])
        self.assertEqual(parse_qs(qr.query)["barcode_type"], ["QR"])
        # Odoo itself draws the QR code: no outside service
        image = self.url_open(self._share(document, "qr").get("src"))
        self.assertEqual((image.status_code, image.headers["Content-Type"]), (200, "image/png"))
        # nothing on the page points to another site than the apps the advocate opens
        hosts = {urlsplit(href).netloc for href in document.xpath("//*[@id='lifecycle_referral_share']//@href")}
        self.assertLessEqual(hosts, {"wa.me", "t.me", ""})

    def test_the_copy_and_share_sheet_buttons_work_in_a_browser(self):
        self.start_tour("/my/referrals", "customer_lifecycle_referral_share_tour", login="leila.azari")

    def test_the_referrals_come_a_page_at_a_time_newest_first(self):
        # both referrals are of today: the later one first, then by date the oldest first
        newest = [["A person you introduced", "Not a customer yet"]]
        oldest = [["Portal Kian Electric", "Became a customer"]]
        with patch.object(LifecycleReferralPortal, "_lifecycle_referrals_per_page", 1):
            first = self._page("advocate")
            self.assertEqual([row[1:] for row in self._rows(first, "referral")], newest)
            pager = html.fromstring(first.text).xpath("//ul[contains(@class, 'pagination')]//a/@href")
            self.assertIn("/my/referrals/page/2?sortby=date", pager)
            second = self.url_open("/my/referrals/page/2?sortby=date")
            self.assertEqual([row[1:] for row in self._rows(second, "referral")], oldest)
            # the reward is listed on every page, with the name of the referral it rewards
            for response in (first, second):
                self.assertEqual(self._rows(response, "reward")[0][2], "Portal Kian Electric")
            by_oldest = self.url_open("/my/referrals?sortby=date_asc")
            self.assertEqual([row[1:] for row in self._rows(by_oldest, "referral")], oldest)
            self.assertIn("Oldest first", by_oldest.text)
            # an unknown sort is the default one, never an error
            unknown = self.url_open("/my/referrals?sortby=id")
            self.assertEqual([row[1:] for row in self._rows(unknown, "referral")], newest)
