# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Each user reads dates in their calendar: Gregorian, or Solar Hijri (Jalali) for Persian."""

from datetime import date, datetime

from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

from .. import odoo_compat
from .test_migration import load_migration


class CalendarCommon(TransactionCase):
    """A Persian-speaking user and an English-speaking one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.persian = new_test_user(cls.env, login="cl_cal_fa", groups="base.group_user", lang="fa_IR")
        cls.english = new_test_user(cls.env, login="cl_cal_en", groups="base.group_user", lang="en_US")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestUserCalendar(CalendarCommon):
    def test_a_persian_user_gets_the_solar_hijri_calendar(self):
        self.assertEqual(self.persian.lifecycle_calendar, "jalali")
        self.assertEqual(self.english.lifecycle_calendar, "gregorian")
        self.assertFalse(self.persian.lifecycle_calendar_chosen)

    def test_the_calendar_follows_the_language_set_later(self):
        self.english.lang = "fa_IR"
        self.assertEqual(self.english.lifecycle_calendar, "jalali")
        self.english.partner_id.lang = "en_US"  # on the partner: the same language
        self.assertEqual(self.english.lifecycle_calendar, "gregorian")

    def test_a_user_who_chose_gregorian_keeps_it(self):
        # the user's own preferences: a field they may write on their own record
        with Form(self.persian.with_user(self.persian), view="base.view_users_form_simple_modif") as prefs:
            prefs.lifecycle_calendar = "gregorian"
        self.assertRecordValues(self.persian, [{"lifecycle_calendar": "gregorian", "lifecycle_calendar_chosen": True}])
        self.persian.lang = "en_US"
        self.persian.with_user(self.persian).lang = "fa_IR"
        self.assertEqual(self.persian.lifecycle_calendar, "gregorian")

    def test_the_language_and_a_chosen_calendar_in_one_write(self):
        self.english.write({"lang": "fa_IR", "lifecycle_calendar": "gregorian"})
        self.assertRecordValues(self.english, [{"lifecycle_calendar": "gregorian", "lifecycle_calendar_chosen": True}])

    def test_install_and_upgrade_give_persian_users_the_solar_hijri_calendar(self):
        users = self.persian | self.english
        for run in (
            lambda: self.env["res.users"]._lifecycle_calendars_from_language(),  # the install hook's
            lambda: load_migration("18.0.1.2.0", "post-migration").migrate(self.env.cr, "18.0.1.1.0"),
        ):
            # as the field's default left them
            users.with_context(lifecycle_calendar_by_language=True).write({"lifecycle_calendar": "gregorian"})
            users.flush_recordset()
            run()
            users.invalidate_recordset()
            self.assertEqual(users.mapped("lifecycle_calendar"), ["jalali", "gregorian"])

    def test_a_fresh_install_is_left_to_the_install_hook(self):
        self.persian.with_context(lifecycle_calendar_by_language=True).lifecycle_calendar = "gregorian"
        self.persian.flush_recordset()
        load_migration("18.0.1.2.0", "post-migration").migrate(self.env.cr, None)
        self.assertEqual(self.persian.lifecycle_calendar, "gregorian")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestGroupLabels(CalendarCommon):
    """Pivots, graphs and grouped lists show the labels of the web client's groups by date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.jalali_user, cls.gregorian_user = cls.persian, cls.english
        days = [date(2025, 3, 20), date(2026, 3, 20), date(2026, 3, 21)]  # 1403/12/30, 1404/12/29, 1405/01/01
        # a model with a date field and nothing else to fill: the rates of a currency
        currency = cls.env.ref("base.EUR")
        cls.rates = cls.env["res.currency.rate"].create(
            [{"currency_id": currency.id, "name": day, "rate": 2.0, "company_id": cls.env.company.id} for day in days]
        )
        cls.partner = cls.env["res.partner"].create({"name": "Calendar Carpets"})
        cls.messages = cls.env["mail.message"].create(
            [
                {"model": "res.partner", "res_id": cls.partner.id, "body": "x", "date": datetime(2026, 3, 20, 23, 0)},
                {"model": "res.partner", "res_id": cls.partner.id, "body": "y", "date": datetime(2026, 3, 21, 8, 0)},
            ]
        )

    def _labels(self, user, groupby, lang="en_US", model="res.currency.rate", field="name"):
        records = self.env[model].with_user(user).sudo().with_context(lang=lang, tz="Asia/Tehran")
        ids = (self.rates if model == "res.currency.rate" else self.messages).ids
        groups = odoo_compat.web_groups(records, [("id", "in", ids)], [f"{field}:{groupby}"])
        return [group["values"][f"{field}:{groupby}"] for group in groups], groups

    def test_days_months_and_years_in_gregorian_for_gregorian_users(self):
        self.assertEqual(self._labels(self.gregorian_user, "day")[0], ["20 Mar 2025", "20 Mar 2026", "21 Mar 2026"])
        self.assertEqual(self._labels(self.gregorian_user, "month")[0], ["March 2025", "March 2026"])
        self.assertEqual(self._labels(self.gregorian_user, "year")[0], ["2025", "2026"])

    def test_days_in_jalali_across_the_year_boundary(self):
        labels, groups = self._labels(self.jalali_user, "day", lang="fa_IR")
        self.assertEqual(labels, ["1403/12/30", "1404/12/29", "1405/01/01"])  # 1403 is a leap year
        # the groups themselves stay Gregorian days
        self.assertIn(("name", ">=", "2026-03-21"), groups[2]["domain"])
        self.assertIn(("name", "<", "2026-03-22"), groups[2]["domain"])

    def test_gregorian_periods_show_the_jalali_days_they_cover(self):
        self.assertEqual(
            self._labels(self.jalali_user, "month")[0],
            ["March 2025 (1403/12/11–1404/01/11)", "March 2026 (1404/12/10–1405/01/11)"],
        )
        self.assertEqual(
            self._labels(self.jalali_user, "month", lang="fa_IR")[0][1], "مارس 2026 (1404/12/10–1405/01/11)"
        )
        self.assertEqual(
            self._labels(self.jalali_user, "quarter")[0],
            ["Q1 2025 (1403/10/12–1404/01/11)", "Q1 2026 (1404/10/11–1405/01/11)"],
        )
        self.assertEqual(
            self._labels(self.jalali_user, "year")[0],
            ["2025 (1403/10/12–1404/10/10)", "2026 (1404/10/11–1405/10/10)"],
        )
        # en_US weeks start on Sunday: 2026-03-15 to 2026-03-21 is the week of Nowruz
        self.assertEqual(self._labels(self.jalali_user, "week")[0][1], "W12 2026 (1404/12/24–1405/01/01)")

    def test_the_gregorian_label_is_kept_inside_the_jalali_one(self):
        for granularity in ("week", "month", "quarter", "year"):
            gregorian, _groups = self._labels(self.gregorian_user, granularity, lang="fa_IR")
            labels, _groups = self._labels(self.jalali_user, granularity, lang="fa_IR")
            for label, jalali_label in zip(gregorian, labels, strict=True):
                self.assertTrue(jalali_label.startswith(f"{label} ("), jalali_label)

    def test_datetimes_by_the_day_of_the_users_timezone(self):
        # 2026-03-20 23:00 UTC is already Nowruz, 1405/01/01, in Tehran
        labels, groups = self._labels(self.jalali_user, "day", model="mail.message", field="date")
        self.assertEqual(labels, ["1405/01/01"])
        self.assertIn(("date", ">=", "2026-03-20 20:30:00"), groups[0]["domain"])
        self.assertEqual(
            self._labels(self.jalali_user, "hour", model="mail.message", field="date")[0],
            ["02:00 1405/01/01", "11:00 1405/01/01"],
        )
        self.assertEqual(
            self._labels(self.gregorian_user, "day", model="mail.message", field="date")[0], ["21 Mar 2026"]
        )


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestSessionCalendar(HttpCase):
    def test_the_web_client_is_told_the_users_calendar(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        new_test_user(self.env, login="cl_sess_fa", password="cl_sess_fa_pw", groups="base.group_user", lang="fa_IR")
        self.authenticate("cl_sess_fa", "cl_sess_fa_pw")
        self.assertEqual(self.make_jsonrpc_request("/web/session/get_session_info")["lifecycle_calendar"], "jalali")
        self.authenticate("admin", "admin")
        self.assertEqual(self.make_jsonrpc_request("/web/session/get_session_info")["lifecycle_calendar"], "gregorian")
