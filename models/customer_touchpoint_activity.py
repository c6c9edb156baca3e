# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models
from odoo.tools.misc import clean_context

from .. import odoo_compat


class CustomerTouchpoint(models.Model):
    _inherit = "customer.touchpoint"

    activity_message_id = fields.Many2one(
        "mail.message",
        string="From Activity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The message posted when the activity this contact was recorded from was marked "
        "done: one touch-point per done activity.",
    )

    _activity_message_unique = odoo_compat.Constraint(
        "UNIQUE(activity_message_id)", "A done activity is recorded as one touch-point only."
    )

    @api.model
    def _lifecycle_record_done_activities(self, contacts, messages, feedback):
        """One outbound touch-point per done activity that was a contact, in one create().

        ``contacts`` come from ``mail.activity._lifecycle_contacts`` (None for what is no
        contact), ``messages`` are the messages ``_action_done`` posted, in the same order.
        A message that does not belong to its activity's record is left alone rather than
        guessed. The touch-point is a plain neutral contact: it warns nobody and schedules
        no activity, so it cannot start a loop."""
        messages = messages.sudo()
        pairs = [
            (contact, message)
            for contact, message in zip(contacts, messages, strict=False)
            if contact
            and message.model == contact["res_model"]
            and message.res_id == contact["res_id"]
            and message.mail_activity_type_id.id == contact["activity_type_id"]
        ]
        if not pairs:
            return self.browse()
        done = set(
            self.sudo()
            .with_context(active_test=False)
            .search([("activity_message_id", "in", [message.id for _contact, message in pairs])])
            .activity_message_id.ids
        )
        vals_list = [
            self._lifecycle_done_activity_values(contact, message, feedback)
            for contact, message in pairs
            if message.id not in done
        ]
        # the rights were checked on the activities (mail.activity._lifecycle_check_done_rights);
        # no default_* key of the caller's context (a document's form) reaches the touch-points
        touchpoints = self.with_env(self.env(context=clean_context(self.env.context)))
        return touchpoints.sudo().create(vals_list)

    @api.model
    def _lifecycle_done_activity_values(self, contact, message, feedback):
        """The values of the touch-point of one done activity: extend it to link the
        document (a lead, for instance) to the touch-point."""
        return {
            "partner_id": contact["partner"].id,
            "company_id": contact["company"].id,
            "date": message.date,
            "channel": contact["channel"],
            "direction": "outbound",
            "reason": contact["reason"],
            "result": feedback or False,
            "user_id": self.env.user.id,
            "activity_message_id": message.id,
        }
