# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""18.0.1.4.0: the health trend compares with the score of a week before, read from the
new history of the scores. The history starts with the scores stored before the
upgrade, each on the day it was computed, so that the trend starts counting."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        INSERT INTO customer_lifecycle_health_score
               (partner_id, company_id, date, score, create_uid, create_date, write_uid, write_date)
        SELECT partner_id, company_id, date, score, write_uid, NOW() AT TIME ZONE 'UTC',
               write_uid, NOW() AT TIME ZONE 'UTC'
          FROM customer_lifecycle_health
            ON CONFLICT (partner_id, company_id, date) DO NOTHING
        """
    )
