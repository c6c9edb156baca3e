# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import jalali

MANAGER_GROUP = "customer_lifecycle.group_lifecycle_manager"
CALENDAR_FIELDS = ["lifecycle_calendar"]
# What may make a user internal (their groups) or give them another partner: their partner
# then leaves the customer chain.
USER_KIND_FIELDS = ("groups_id", "group_ids", "partner_id", "share")  # groups: 18.0, 19.0
GROUP_FIELD_PREFIXES = ("in_group_", "sel_groups_")


class ResUsers(models.Model):
    _inherit = "res.users"

    lifecycle_calendar = fields.Selection(
        [("gregorian", "Gregorian"), ("jalali", "Solar Hijri")],
        string="Calendar",
        required=True,
        default="gregorian",
        help="The calendar in which the web client shows you dates, periods and the "
        "groups of reports. Persian-speaking users get the Solar Hijri calendar unless "
        "they choose the Gregorian one; dates are always stored as Gregorian dates.",
    )
    lifecycle_calendar_chosen = fields.Boolean(
        string="Calendar Chosen by the User",
        help="Set when the calendar was chosen rather than given by the language: a "
        "chosen calendar no longer follows the language.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + CALENDAR_FIELDS

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + CALENDAR_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        for user, vals in zip(users, vals_list, strict=True):
            if "lifecycle_calendar" in vals:
                user.lifecycle_calendar_chosen = True
            else:
                user._lifecycle_follow_language()
        users._lifecycle_leave_chain()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "lifecycle_calendar" in vals and not self.env.context.get("lifecycle_calendar_by_language"):
            # the calendar is a field users may write on their own record (see
            # SELF_WRITEABLE_FIELDS): the flag that they chose it is written for them, with
            # the calendar again, which a language written with it may have changed since
            self.sudo().with_context(lifecycle_calendar_by_language=True).write(
                {"lifecycle_calendar": vals["lifecycle_calendar"], "lifecycle_calendar_chosen": True}
            )
        if any(name in USER_KIND_FIELDS or name.startswith(GROUP_FIELD_PREFIXES) for name in vals):
            self._lifecycle_leave_chain()
        return res

    def _lifecycle_leave_chain(self):
        """The partners of internal users are outside the customer chain: no stage."""
        internal = self.filtered(lambda user: not user.share)
        if internal:
            self.env["res.partner"].sudo()._lifecycle_leave_chain(internal.partner_id.ids)

    @api.model
    def _lifecycle_calendars_from_language(self):
        """Give every user the calendar of their language, once: at install and at the
        upgrade that brought the calendar (the field's default is Gregorian)."""
        self.with_context(active_test=False).search([])._lifecycle_follow_language()

    def _lifecycle_follow_language(self):
        """Give the users who did not choose their calendar the one of their language:
        Solar Hijri for Persian, Gregorian for every other language; called when a user
        is created and when their language changes."""
        for user in self.filtered(lambda u: not u.lifecycle_calendar_chosen):
            calendar = "jalali" if jalali.is_persian(user.lang) else "gregorian"
            if user.lifecycle_calendar != calendar:
                user.with_context(lifecycle_calendar_by_language=True).lifecycle_calendar = calendar

    @api.model
    def _check_lifecycle_manager(self, message=None):
        """Refuse a lifecycle manager's action (a recompute, a pin, a suggestion) to
        the current user unless they are a Lifecycle Manager; the superuser may. Called
        on ``env["res.users"]`` of the caller's environment (``env.user`` is always in
        superuser mode). ``message``: the refusal in words of that action, translated;
        by default the recompute's."""
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                message
                or self.env._(
                    "Only a Lifecycle Manager can recompute the customer lifecycle. "
                    "Ask a manager, or the daily job will do it tonight."
                )
            )
