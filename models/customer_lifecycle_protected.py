# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, models
from odoo.exceptions import UserError

from ..tools.lifecycle_fields import protected_fields

# Context key of Odoo's own flows that copy every stored field of a record (the partner
# merge): the protected fields are left out of their values. It only takes values away,
# so a client that sends it opens no door.
LEAVE_OUT_PROTECTED = "lifecycle_leave_out_protected"


class CustomerLifecycleProtected(models.AbstractModel):
    """Facts of the lifecycle that no client writes: what the engine computes and what a
    recorded action sets (``tools/lifecycle_fields.py`` lists them per model).

    ``create()``, ``write()`` and so imports (``load()``) refuse them unless the environment
    is superuser: the engine writes in SQL, and each recorded action checks its user's rights
    and then writes with ``sudo()``. No XML-RPC client is superuser, an administrator
    included, and no context key opens the door. Defaults sent as ``default_<field>`` context
    keys are ignored for these fields."""

    _name = "customer.lifecycle.protected"
    _description = "Lifecycle Facts Written by the Rules Only"

    def _lifecycle_protected_fields(self):
        return protected_fields(self._name)

    def _lifecycle_protected_hint(self):
        """What to do instead, one sentence: each model names its actions."""
        return self.env._("They are written by the lifecycle rules and their recorded actions only.")

    def _lifecycle_check_protected(self, names):
        if self.env.su:
            return
        touched = [name for name in self._lifecycle_protected_fields() if name in names]
        if touched:
            labels = ", ".join(f"“{self._fields[name]._description_string(self.env)}”" for name in touched)
            raise UserError(
                self.env._(
                    "%(fields)s cannot be changed by hand. %(hint)s",
                    fields=labels,
                    hint=self._lifecycle_protected_hint(),
                )
            )

    def _lifecycle_without_protected_defaults(self):
        """This recordset with no ``default_<field>`` context key of a protected field."""
        keys = {f"default_{name}" for name in self._lifecycle_protected_fields()}
        if self.env.su or not keys & set(self.env.context):
            return self
        context = {key: value for key, value in self.env.context.items() if key not in keys}
        return self.with_env(self.env(context=context))

    @api.model
    def default_get(self, fields_list):
        return super(CustomerLifecycleProtected, self._lifecycle_without_protected_defaults()).default_get(fields_list)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._lifecycle_check_protected(vals)
        return super(CustomerLifecycleProtected, self._lifecycle_without_protected_defaults()).create(vals_list)

    def write(self, vals):
        if self.env.context.get(LEAVE_OUT_PROTECTED):
            vals = {name: value for name, value in vals.items() if name not in self._lifecycle_protected_fields()}
        self._lifecycle_check_protected(vals)
        return super().write(vals)
