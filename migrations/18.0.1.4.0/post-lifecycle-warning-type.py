# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""18.0.1.4.0: activities marked done become touch-points, except the lifecycle's own
warnings. The warnings about a negative contact and about a document dated before 1900
were To-Dos; those still open get the new *Lifecycle Warning* type, so that marking them
done records no contact. They are known by their summaries, in English or in Persian."""

from odoo import SUPERUSER_ID, api

SUMMARIES = [
    "Negative contact with %: restore the respect",
    "تماس منفی با %: احترام را بازگردانید",
    "Check the date of %: left out of the lifecycle",
    "تاریخ % را بررسی کنید: از چرخه عمر مشتری کنار گذاشته شد",
]


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    warning = env.ref("customer_lifecycle.mail_activity_type_lifecycle_warning", raise_if_not_found=False)
    todo = env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
    if not warning or not todo:
        return
    cr.execute(
        """
        UPDATE mail_activity
           SET activity_type_id = %s
         WHERE activity_type_id = %s AND summary LIKE ANY(%s)
        """,
        [warning.id, todo.id, SUMMARIES],
    )
