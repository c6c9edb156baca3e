# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Referral codes become unique across companies (the public page's address carries no
company): a code that several companies hold keeps its oldest holder; the others draw a
new code, and their company's quotations that carry the old one follow. The constraint
of one code per company gives way to the one across companies."""

import logging
import secrets

_logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def _new_code(cr):
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _index in range(CODE_LENGTH))
        cr.execute("SELECT 1 FROM customer_referral_code WHERE code = %s", [code])
        if not cr.rowcount:
            return code


def migrate(cr, version):
    cr.execute("SELECT to_regclass('customer_referral_code')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        """
        SELECT id, company_id, code
          FROM (SELECT id, company_id, code,
                       ROW_NUMBER() OVER (PARTITION BY code ORDER BY create_date, id) AS rank
                  FROM customer_referral_code) c
         WHERE rank > 1
         ORDER BY id
        """
    )
    for code_id, company_id, old in cr.fetchall():
        new = _new_code(cr)
        cr.execute("UPDATE customer_referral_code SET code = %s WHERE id = %s", [new, code_id])
        cr.execute(
            """
            UPDATE sale_order SET lifecycle_referral_code = %s
             WHERE company_id = %s AND lifecycle_referral_code = %s AND state IN ('draft', 'sent')
            """,
            [new, company_id, old],
        )
        _logger.info(
            "Referral code %s of company %s is now %s: codes are unique across companies.", old, company_id, new
        )
    cr.execute(
        "ALTER TABLE customer_referral_code DROP CONSTRAINT IF EXISTS customer_referral_code_code_company_unique"
    )
    cr.execute(
        """
        DELETE FROM ir_model_constraint
         WHERE name = 'customer_referral_code_code_company_unique'
           AND module = (SELECT id FROM ir_module_module WHERE name = 'customer_lifecycle')
        """
    )
