# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""18.0.1.4.0: the referral request e-mail is written in the language of its partner.

The template is data not updated on upgrade (noupdate): its language is set here,
unless someone already chose one."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE mail_template t SET lang = '{{ object.lang }}'
          FROM ir_model_data d
         WHERE d.module = 'customer_lifecycle' AND d.name = 'mail_template_referral_request'
           AND d.model = 'mail.template' AND d.res_id = t.id AND (t.lang IS NULL OR t.lang = '')
        """
    )
