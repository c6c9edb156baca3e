# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""18.0.1.1.0: the record rules are under noupdate (security/ir_rule.xml).

Odoo does not change the noupdate flag of records that already exist when their file
becomes noupdate, so the rules installed by an earlier version are marked here: from
this upgrade on, an administrator's changes to them are kept.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_model_data
           SET noupdate = TRUE
         WHERE module = 'customer_lifecycle' AND model = 'ir.rule' AND noupdate IS NOT TRUE
        """
    )
