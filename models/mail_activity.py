# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Activities are touch-points: when an activity on a partner, a lead or opportunity, a
sales order (any document with a ``partner_id``) is marked done, the contact is recorded
for the customer, once, keyed on the message the done activity posts."""

from odoo import models

from .. import odoo_compat
from ..tools import activity_touchpoint as rules

MODULE = "customer_lifecycle"


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # the activities are deleted by super(): read what the touch-points need first
        if not self.env.su:
            self._lifecycle_check_done_rights()
        contacts = self._lifecycle_contacts()
        messages, next_activities = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if contacts:
            self.env["customer.touchpoint"]._lifecycle_record_done_activities(contacts, messages, feedback)
        return messages, next_activities

    def _lifecycle_check_done_rights(self):
        """The touch-points are written with sudo (a salesperson may not create touch-points
        for others, an employee none): only for activities that were theirs to complete, by
        the rules Odoo applies to marking done (deleted, or archived when the type keeps them)."""
        kept = odoo_compat.activities_kept_when_done(self)
        (self - kept).check_access("unlink")
        kept.check_access("write")

    def _lifecycle_contacts(self):
        """[(activity values or None)], in the order in which ``_action_done`` posts its
        messages (one per activity linked to a record), None for what is no contact: the
        addon's own warnings and escalations, Odoo's exceptions, the activities on the
        addon's own documents, and documents without a partner (yet). The documents are
        read per model, in batch."""
        ordered = self.browse()
        existing = set()
        for model, data in self._classify_by_model().items():
            ordered |= data["activities"]
            existing.update(
                (model, res_id) for res_id in self.env[model].sudo().browse(data["record_ids"]).exists().ids
            )
        if not ordered:
            return []
        types = ordered.sudo().activity_type_id
        silent = self._lifecycle_silent_types(types)
        xmlids = {t.id: xmlid for t, xmlid in zip(types, self._lifecycle_type_xmlids(types), strict=True)}
        contacts = []
        for activity in ordered.sudo():
            activity_type = activity.activity_type_id
            record = self.env[activity.res_model].sudo().browse(activity.res_id)
            partner = (activity.res_model, activity.res_id) in existing and self._lifecycle_contact_partner(record)
            company = partner and self._lifecycle_contact_company(record, partner)
            if activity_type in silent or not company:
                contacts.append(None)
                continue
            reason = rules.reason_of(activity.summary, activity_type.name, None) or self.env._(
                "Activity done on %(document)s", document=record.display_name
            )
            contacts.append(
                {
                    "activity_id": activity.id,
                    "res_model": activity.res_model,
                    "res_id": activity.res_id,
                    "activity_type_id": activity_type.id,
                    "record": record,
                    "partner": partner,
                    "company": company,
                    "channel": rules.channel_of(activity_type.category, xmlids.get(activity_type.id)),
                    "reason": reason,
                }
            )
        return contacts

    def _lifecycle_silent_types(self, types):
        """The activity types that make no touch-point: every type of this addon (health
        warnings, overdue requests, plan reviews and approvals, clawbacks, lifecycle
        warnings…) and Odoo's exceptions."""
        if not types:
            return types
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search_fetch(
                [("model", "=", "mail.activity.type"), ("res_id", "in", types.ids), ("module", "=", MODULE)],
                ["res_id"],
            )
        )
        silent = types.browse(data.mapped("res_id"))
        exception = self.env.ref(rules.EXCEPTION_TYPE, raise_if_not_found=False)
        return silent | (exception or types.browse())

    def _lifecycle_type_xmlids(self, types):
        """The external id of each of ``types`` among Odoo's call, meeting and e-mail types."""
        known = {}
        for xmlid in (rules.CALL_TYPE, rules.MEETING_TYPE, rules.EMAIL_TYPE):
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if record:
                known[record.id] = xmlid
        return [known.get(activity_type.id) for activity_type in types]

    def _lifecycle_contact_partner(self, record):
        """The partner a done activity on ``record`` was a contact with: the partner itself,
        else the document's ``partner_id``; none on the addon's own documents (their
        activities are its workflow, not contacts)."""
        if type(record)._original_module == MODULE:
            return record.env["res.partner"]
        if record._name == "res.partner":
            return record
        field = record._fields.get("partner_id")
        if field is None or field.type != "many2one" or field.comodel_name != "res.partner":
            return record.env["res.partner"]
        return record.partner_id

    def _lifecycle_contact_company(self, record, partner):
        """The company of the document, else the partner's, else the current company; none
        when the partner belongs to another company (no touch-point across companies)."""
        field = record._fields.get("company_id")
        company = record.company_id if field is not None and field.type == "many2one" else None
        company = (company or partner.company_id or self.env.company).sudo()
        if partner.company_id and partner.company_id not in company.parent_ids:
            return company.browse()
        return company
