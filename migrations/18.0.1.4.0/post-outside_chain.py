# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""18.0.1.4.0: the chain holds customers, not the company.

Each company's own partner and its contacts, and the partners of internal users, are
outside the customer chain. The back-fill of earlier versions put them at a stage (the
stages' default made them prospects) and may have given them a health score or a
referral code: they lose them all, as the engine takes them out of the chain from now on
(see ``res.partner``'s ``_lifecycle_leave_chain``).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._lifecycle_leave_chain()
