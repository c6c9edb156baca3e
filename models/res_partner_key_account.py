# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Who marks a key account: the key-account flag and the key-account manager of a
partner are set by a Lifecycle Manager only, in the form, over XML-RPC and in imports."""

from odoo import api, models
from odoo.exceptions import UserError

from ..tools.lifecycle_fields import manager_fields
from .customer_lifecycle_protected import LEAVE_OUT_PROTECTED
from .res_users import MANAGER_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _lifecycle_may_set_manager_fields(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    def _lifecycle_changed_manager_fields(self, vals):
        """The fields of ``vals`` only a manager sets whose value would change on ``self``
        (a value sent unchanged, as an import of an export sends it, changes nothing)."""
        changed = []
        for name in manager_fields(self._name):
            if name not in vals:
                continue
            field = self._fields[name]
            try:
                new = field.convert_to_cache(vals[name], self)
            except (TypeError, ValueError):
                changed.append(name)  # not a value of the field: refused as a change
                continue
            if any(field.convert_to_cache(partner[name], partner) != new for partner in self.sudo()):
                changed.append(name)
        return changed

    def _lifecycle_refuse_manager_fields(self, names):
        if names:
            raise UserError(
                self.env._(
                    "Only a Lifecycle Manager can change %(fields)s of a partner.",
                    fields=", ".join(f"“{self._fields[name]._description_string(self.env)}”" for name in names),
                )
            )

    def _lifecycle_without_manager_defaults(self):
        """This recordset with no ``default_<field>`` context key of a field only a manager
        sets, unless the user may set it (the Key Accounts menu sends one)."""
        keys = {f"default_{name}" for name in manager_fields(self._name)}
        if not keys & set(self.env.context) or self._lifecycle_may_set_manager_fields():
            return self
        context = {key: value for key, value in self.env.context.items() if key not in keys}
        return self.with_env(self.env(context=context))

    @api.model
    def default_get(self, fields_list):
        return super(ResPartner, self._lifecycle_without_manager_defaults()).default_get(fields_list)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._lifecycle_may_set_manager_fields():
            for vals in vals_list:
                # a new partner starts as no key account: only a set value is refused
                self._lifecycle_refuse_manager_fields([name for name in manager_fields(self._name) if vals.get(name)])
        return super(ResPartner, self._lifecycle_without_manager_defaults()).create(vals_list)

    def write(self, vals):
        if self.env.context.get(LEAVE_OUT_PROTECTED):
            # the partner merge carries them over itself (wizard/base_partner_merge_automatic_wizard.py)
            vals = {name: value for name, value in vals.items() if name not in manager_fields(self._name)}
        if not self._lifecycle_may_set_manager_fields():
            self._lifecycle_refuse_manager_fields(self._lifecycle_changed_manager_fields(vals))
        return super().write(vals)
