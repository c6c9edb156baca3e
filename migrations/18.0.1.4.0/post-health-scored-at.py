# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""18.0.1.4.0: the health card says when its score was computed.

The scores stored before the upgrade were last written by the scoring itself: their
moment of writing is when they were computed."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE customer_lifecycle_health SET computed_at = write_date WHERE computed_at IS NULL")
