# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The addon's JavaScript unit tests (the calendars' dates), run by Odoo's HOOT runner."""

import logging
import re
import unittest

from odoo.tests import HttpCase, tagged

from .. import odoo_compat

SUITE = "@customer_lifecycle"
PASSED = re.compile(r"passed (\d+) tests", re.IGNORECASE)  # "passed" on 18.0, "Passed" on 19.0


def hoot_hash(name):
    """The id HOOT gives a suite or a test (as web/tests/test_js.py computes it)."""
    value = 0
    for char in name:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


class BrowserMessages(logging.Handler):
    """Keeps what the browser's console said, for counting the tests HOOT ran."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestJavascriptCalendar(HttpCase):
    def test_the_calendars_unit_tests_pass(self):
        suite = hoot_hash(SUITE)
        url = f"/web/tests?headless&loglevel=2&preset=desktop&timeout=15000{odoo_compat.hoot_job_filter(suite)}"
        console = BrowserMessages()
        self._logger.addHandler(console)
        self.addCleanup(self._logger.removeHandler, console)
        try:
            self.browser_js(
                url,
                "",
                "",
                login="admin",
                timeout=300,
                success_signal=odoo_compat.HOOT_SUCCESS_SIGNAL,
                error_checker=lambda message: "[HOOT]" not in message,
            )
        except unittest.SkipTest as skipped:
            # a missing Chromium is a broken machine, not a reason to skip (scripts install it)
            self.fail(f"the JavaScript unit tests could not run: {skipped}")
        ran = [int(count) for message in console.messages for count in PASSED.findall(message)]
        self.assertTrue(ran and ran[-1] > 0, f"no JavaScript test of {SUITE} ran")
