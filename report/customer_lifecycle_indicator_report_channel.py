# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""CAM by channel: for each share channel of the advocates' links (WhatsApp, Telegram,
SMS, e-mail, QR code, the shared link) and each day, the clicks on the links, the leads
of the landing page, the referrals and the converted referrals, beside the indicators by
origin and by incentive (customer.lifecycle.indicator.report).

A click belongs to the company of the code whose link was clicked and to the channel of
the link's UTM medium; a lead to the channel of its UTM medium (the landing page without
a shared link: "Other"); a referral to its own channel (rejected ones and those to review
left out, as in the other indicators)."""

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.customer_referral import COUNTED_STATES
from ..models.customer_referral_code_link import CHANNEL_MEDIA


class CustomerLifecycleChannelReport(models.Model):
    _name = "customer.lifecycle.channel.report"
    _description = "Customer Lifecycle Referrals by Channel"
    _auto = False
    _order = "date desc, channel"
    _lifecycle_jalali_period_fields = ("date",)  # by month in the reader's calendar (see base.py)

    date = fields.Date(readonly=True)
    channel = fields.Selection(selection="_channel_selection", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    click_count = fields.Integer(
        string="Clicks", readonly=True, help="Clicks on the advocates' shared links of this channel."
    )
    lead_count = fields.Integer(
        string="Leads", readonly=True, help="Leads sent from the advocates' landing pages, by the link's channel."
    )
    referral_count = fields.Integer(
        string="Referrals",
        readonly=True,
        help="Referrals made through this channel (rejected ones and those to review excluded).",
    )
    converted_referral_count = fields.Integer(string="Converted Referrals", readonly=True)

    @api.model
    def _channel_selection(self):
        # the referrals' channels, in the reader's language (a callable selection is not translated)
        return self.env["customer.referral"]._fields["channel"]._description_selection(self.env)

    def _channels_sql(self):
        """(channel, module, name) of the UTM medium of each share channel, as SQL rows."""
        return SQL(", ").join(
            SQL("(%s, %s, %s)", channel, *xmlid.split(".", 1)) for channel, xmlid in CHANNEL_MEDIA.items()
        )

    def _query(self):
        return SQL(
            """
            WITH media AS (
                SELECT ch.channel, d.res_id AS medium_id
                  FROM (VALUES %(channels)s) AS ch(channel, module, name)
                  JOIN ir_model_data d ON d.module = ch.module AND d.name = ch.name AND d.model = 'utm.medium'
            ),
            events AS (
                SELECT code.company_id, COALESCE(m.channel, 'other') AS channel, c.create_date::date AS date,
                       1 AS clicks, 0 AS leads, 0 AS referrals, 0 AS converted
                  FROM link_tracker_click c
                  JOIN link_tracker t ON t.id = c.link_id
                  JOIN customer_referral_code code ON code.utm_source_id = t.source_id
             LEFT JOIN media m ON m.medium_id = t.medium_id
                 UNION ALL
                SELECT l.company_id, COALESCE(m.channel, 'other'), l.create_date::date, 0, 1, 0, 0
                  FROM crm_lead l
             LEFT JOIN media m ON m.medium_id = l.medium_id
                 WHERE l.lifecycle_referral_code IS NOT NULL AND l.company_id IS NOT NULL
                 UNION ALL
                SELECT r.company_id, r.channel, r.date, 0, 0, 1, CASE WHEN r.state = 'converted' THEN 1 ELSE 0 END
                  FROM customer_referral r
                 WHERE r.state = ANY(%(counted)s)
            )
            SELECT ROW_NUMBER() OVER (ORDER BY date, company_id, channel) AS id,
                   date, channel, company_id,
                   SUM(clicks) AS click_count, SUM(leads) AS lead_count,
                   SUM(referrals) AS referral_count, SUM(converted) AS converted_referral_count
              FROM events
          GROUP BY date, channel, company_id
            """,
            channels=self._channels_sql(),
            counted=list(COUNTED_STATES),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
