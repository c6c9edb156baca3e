# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Satisfaction measured with Odoo's survey: the main company of a database that upgrades
asks with the NPS survey the addon ships (a new install sets it from the data file)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._lifecycle_satisfaction_default_survey()
