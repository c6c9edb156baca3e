# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""18.0.1.2.0: each user has a calendar, Solar Hijri for the users who read Persian.

The upgrade added the field with its default, Gregorian, for every user: the users whose
language is Persian get the Solar Hijri calendar once, as a fresh install gives it them.
The table of the Jalali periods of each day (tools/jalali_periods.py) is created.
"""

from odoo import SUPERUSER_ID, api

from odoo.addons.customer_lifecycle.tools import jalali_periods


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.users"]._lifecycle_calendars_from_language()
    jalali_periods.create_day_table(cr)
