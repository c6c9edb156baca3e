# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Prospects to Contact: the telemarketing list. CRM is "a database to remember and
convert them": the prospects the company is working on (a lead, an opportunity, a
quotation or a touch-point) and the open leads without a partner yet, that had no
touch-point for longer than the company's follow-up period, oldest first."""

from odoo import fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from .. import odoo_compat

CALL = "mail.mail_activity_data_call"


class CustomerLifecycleProspectContactReport(models.Model):
    _name = "customer.lifecycle.prospect.contact.report"
    _description = "Prospects to Contact"
    _auto = False
    _order = "since_date, id"
    _rec_name = "name"

    company_id = fields.Many2one("res.company", readonly=True)
    kind = fields.Selection([("partner", "Prospect"), ("lead", "Lead without Partner")], readonly=True)
    name = fields.Char(string="Prospect", readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True)
    lead_id = fields.Many2one("crm.lead", readonly=True)
    phone = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    last_contact_date = fields.Datetime(
        string="Last Touch-point", readonly=True, help="Empty: never contacted since the work began."
    )
    since_date = fields.Datetime(
        string="Waiting Since",
        readonly=True,
        help="The last touch-point, or else when the work began: the first lead, quotation or touch-point.",
    )
    days_waiting = fields.Integer(string="Days Without Contact", readonly=True, aggregator="max")

    def _search(self, domain, *args, **kwargs):
        # the arguments after the domain: 18.0's offset, limit, order; 19.0 adds active_test
        for model in ("res.partner", "res.users", "res.company", "crm.lead", "sale.order", "customer.touchpoint"):
            self.env[model].flush_model()
        self.env["ir.default"].flush_model()
        return super()._search(domain, *args, **kwargs)

    def _query(self):
        return SQL(
            """
            WITH chain AS (%(chain)s),
            worked AS (
                SELECT p.commercial_partner_id AS partner_id, l.company_id, l.create_date AS began
                  FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
                 WHERE l.active
                 UNION ALL
                SELECT p.commercial_partner_id, so.company_id, so.create_date
                  FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state IN ('draft', 'sent')
                 UNION ALL
                SELECT commercial_partner_id, company_id, date FROM customer_touchpoint
            ),
            began AS (SELECT partner_id, company_id, MIN(began) AS began FROM worked GROUP BY 1, 2),
            with_lead AS (
                SELECT DISTINCT p.commercial_partner_id AS partner_id
                  FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
            ),
            contacted AS (
                SELECT commercial_partner_id AS partner_id, company_id, MAX(date) AS last
                  FROM customer_touchpoint GROUP BY 1, 2
            ),
            partner_rows AS (
                SELECT ((ch.partner_id::int8 << 20) + ch.company_id) * 2 AS id, ch.company_id,
                       'partner' AS kind, rp.name, ch.partner_id, NULL::int4 AS lead_id,
                       %(partner_phone)s AS phone, rp.user_id,
                       c.last AS last_contact_date, COALESCE(c.last, b.began) AS since_date
                  FROM chain ch
                  JOIN customer_lifecycle_stage st ON st.id = ch.stage_id AND st.code = 'prospect'
                  JOIN began b ON b.partner_id = ch.partner_id AND b.company_id = ch.company_id
                  JOIN res_partner rp ON rp.id = ch.partner_id
             LEFT JOIN contacted c ON c.partner_id = ch.partner_id AND c.company_id = ch.company_id
                 WHERE NOT (COALESCE(rp.supplier_rank, 0) > 0 AND COALESCE(rp.customer_rank, 0) = 0
                            AND rp.id NOT IN (SELECT partner_id FROM with_lead))
            ),
            lead_rows AS (
                SELECT l.id::int8 * 2 + 1 AS id, l.company_id, 'lead' AS kind,
                       COALESCE(NULLIF(l.partner_name, ''), NULLIF(l.contact_name, ''), l.name) AS name,
                       NULL::int4 AS partner_id, l.id AS lead_id, %(lead_phone)s AS phone,
                       l.user_id, t.last AS last_contact_date, COALESCE(t.last, l.create_date) AS since_date
                  FROM crm_lead l
             LEFT JOIN crm_stage ls ON ls.id = l.stage_id
             LEFT JOIN (SELECT lead_id, MAX(date) AS last FROM customer_touchpoint
                         WHERE lead_id IS NOT NULL GROUP BY lead_id) t ON t.lead_id = l.id
                 WHERE l.active AND l.partner_id IS NULL AND ls.is_won IS NOT TRUE AND l.company_id IS NOT NULL
            )
            SELECT r.*, EXTRACT(DAY FROM (NOW() AT TIME ZONE 'UTC') - r.since_date)::int4 AS days_waiting
              FROM (SELECT * FROM partner_rows UNION ALL SELECT * FROM lead_rows) r
              JOIN res_company rc ON rc.id = r.company_id
             WHERE r.since_date < (NOW() AT TIME ZONE 'UTC') - make_interval(days => rc.lifecycle_followup_days)
            """,
            chain=self.env["res.partner"]._lifecycle_chain_sql(),
            partner_phone=odoo_compat.phone_sql("rp"),
            lead_phone=odoo_compat.phone_sql("l"),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    def action_schedule_calls(self):
        """One call activity per selected prospect (or lead) for its salesperson, else
        the company's relationship owner; none for a prospect with a call still open."""
        if not self:
            raise UserError(self.env._("Select the prospects to call first."))
        self.check_access("read")
        rows = self.exists()
        call = self.env.ref(CALL)
        open_calls = {
            (activity.res_model, activity.res_id)
            for activity in self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("activity_type_id", "=", call.id),
                    "|",
                    "&",
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", rows.partner_id.ids),
                    "&",
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", rows.lead_id.ids),
                ]
            )
        }
        scheduled = 0
        for company in rows.company_id:
            company_rows = rows.filtered(lambda row, company=company: row.company_id == company)
            owners = company._lifecycle_owner_for(company_rows.partner_id)
            for row in company_rows:
                record = row.partner_id or row.lead_id
                if (record._name, record.id) in open_calls:
                    continue
                open_calls.add((record._name, record.id))
                if row.partner_id:
                    owner = owners[row.partner_id.id]
                elif company._lifecycle_may_own(row.lead_id.user_id):
                    owner = row.lead_id.user_id
                else:
                    owner = company._lifecycle_relationship_owner()
                record.activity_schedule(
                    CALL,
                    summary=self.env._("Call %(prospect)s", prospect=row.name),
                    note=self.env._(
                        "No touch-point for %(days)s days: call them, in a respectful and warm way.",
                        days=row.days_waiting,
                    ),
                    user_id=(owner or self.env.user).id,
                )
                scheduled += 1
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s calls scheduled.", count=scheduled),
            },
        }
