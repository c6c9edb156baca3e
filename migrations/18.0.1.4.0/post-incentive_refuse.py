# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""18.0.1.4.0: incentives stay in their stages.

Refusing an incentive outside the stages it is meant for is now the default of a new
company; the upgrade switches the existing companies to it too (the Setting still turns it
back into a warning). Odoo leaves the values of an existing column alone when its default
changes, hence this script.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE res_company SET lifecycle_incentive_refuse_outside_stage = TRUE
            WHERE lifecycle_incentive_refuse_outside_stage IS NOT TRUE"""
    )
