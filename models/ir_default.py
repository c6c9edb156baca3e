# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""No default value opens a side door to the lifecycle facts.

A default of a company-dependent field is also its value for every partner that has none
in a company: a default stage of *Advocate* would make advocates of everyone. Defaults of
the protected fields (``tools/lifecycle_fields.py``) are set by the superuser only (the
addon's own default stage, *Prospect*, set by its data file); defaults of the fields only
a Lifecycle Manager sets, by a Lifecycle Manager."""

from odoo import api, models
from odoo.exceptions import UserError

from ..tools.lifecycle_fields import MANAGER_FIELDS, PROTECTED_FIELDS
from .res_users import MANAGER_GROUP


class IrDefault(models.Model):
    _inherit = "ir.default"

    def _lifecycle_check_fields(self, fields):
        """Refuse a default of ``fields`` (``ir.model.fields``) the user may not set."""
        if self.env.su:
            return
        manager = self.env.user.has_group(MANAGER_GROUP)
        for field in fields.sudo():
            model, name = self._lifecycle_origin(field)
            protected = name in PROTECTED_FIELDS.get(model, ())
            if protected or (not manager and name in MANAGER_FIELDS.get(model, ())):
                raise UserError(
                    self.env._(
                        "No default value can be set for “%(field)s”: it is part of the customer "
                        "lifecycle, which only its rules and a Lifecycle Manager's actions change.",
                        field=field.field_description,
                    )
                )

    def _lifecycle_origin(self, field):
        """(model, field name) where ``field`` is stored: a user's lifecycle stage is their
        partner's (``res.users`` inherits ``res.partner``)."""
        model_field = self.env[field.model]._fields.get(field.name) if field.model in self.env else None
        while model_field is not None and model_field.inherited:
            model_field = model_field.related_field
        if model_field is None:
            return field.model, field.name
        return model_field.model_name, model_field.name

    def _lifecycle_fields_of(self, field_ids):
        return self.env["ir.model.fields"].browse(field_id for field_id in field_ids if isinstance(field_id, int))

    @api.model
    def set(self, model_name, field_name, value, user_id=False, company_id=False, condition=False):
        if not self.env.su and model_name in PROTECTED_FIELDS:
            self._lifecycle_check_fields(self.env["ir.model.fields"].sudo()._get(model_name, field_name))
        return super().set(model_name, field_name, value, user_id, company_id, condition)

    @api.model_create_multi
    def create(self, vals_list):
        self._lifecycle_check_fields(self._lifecycle_fields_of(vals.get("field_id") for vals in vals_list))
        return super().create(vals_list)

    def write(self, vals):
        self._lifecycle_check_fields(self.sudo().field_id | self._lifecycle_fields_of([vals.get("field_id")]))
        return super().write(vals)

    def unlink(self):
        self._lifecycle_check_fields(self.sudo().field_id)
        return super().unlink()
