# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The one version-aware step of the addon's data: what Odoo 18.0 and 19.0 name or do
differently in the groups, users, actions and activity types (see odoo_compat), written by
``<function model="customer.lifecycle.compat">`` elements of the data and demo files, so
that every record they set is still plain XML that both versions accept. What it creates
(19.0's privilege) has the addon's external id: Odoo removes it with the addon."""

from odoo import Command, api, models

from .. import odoo_compat

PRIVILEGE_XMLID = "customer_lifecycle.res_groups_privilege_customer_lifecycle"


class CustomerLifecycleCompat(models.AbstractModel):
    _name = "customer.lifecycle.compat"
    _description = "Customer Lifecycle: Data Written per Odoo Version"

    @api.model
    def set_group_category(self, category_id, group_ids):
        """The addon's groups ``group_ids`` under its application ``category_id``: 18.0's
        ``category_id``, 19.0's privilege of the category."""
        category = self.env["ir.module.category"].browse(category_id)
        odoo_compat.set_group_category(self.env, self.env["res.groups"].browse(group_ids), category, PRIVILEGE_XMLID)
        return True

    @api.model
    def add_group_users(self, group_ids, user_ids):
        """The users ``user_ids`` in each of the groups ``group_ids`` (18.0's ``users``,
        19.0's ``user_ids``)."""
        commands = [Command.link(user_id) for user_id in user_ids]
        self.env["res.groups"].browse(group_ids).write({odoo_compat.GROUP_USERS_FIELD: commands})
        return True

    @api.model
    def grant(self, model, record_ids, group_ids, replace=False):
        """Give the records ``record_ids`` of ``model`` (users, actions, menus) the groups
        ``group_ids``, in the field 18.0 names ``groups_id`` and 19.0 ``group_ids``: added to
        theirs, or instead of theirs with ``replace``."""
        commands = [Command.set(group_ids)] if replace else [Command.link(group_id) for group_id in group_ids]
        self.env[model].browse(record_ids).write({odoo_compat.GROUPS_FIELD: commands})
        return True

    @api.model
    def keep_done_activities(self, type_ids):
        """The activity types ``type_ids`` keep their done activities, archived (18.0's
        ``keep_done``; 19.0 keeps every done activity)."""
        odoo_compat.keep_done_activities(self.env["mail.activity.type"].browse(type_ids))
        return True

    @api.model
    def open_settings_inline(self, action_ids):
        """The Settings actions ``action_ids`` open as Odoo's own do: 18.0's ``inline``
        target; 19.0 has no such target (its default, ``current``, stays)."""
        if odoo_compat.SETTINGS_ACTION_TARGET:
            self.env["ir.actions.act_window"].browse(action_ids).target = odoo_compat.SETTINGS_ACTION_TARGET
        return True
