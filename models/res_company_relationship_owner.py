# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Who owns a partner's warnings in a company: its salesperson, or else the company's
relationship owner, so that a warning sign always reaches a person."""

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import ValidationError

from .. import odoo_compat
from .res_users import MANAGER_GROUP


class ResCompany(models.Model):
    _inherit = "res.company"

    lifecycle_relationship_owner_id = fields.Many2one(
        "res.users",
        string="Relationship Owner",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Who gets the warnings about a customer, such as the relationship health warnings, when "
        "its salesperson is empty, archived or not in the company. Empty: the first active internal "
        "user of the company who is a Lifecycle Manager.",
    )

    @api.constrains("lifecycle_relationship_owner_id")
    def _check_lifecycle_relationship_owner(self):
        for company in self:
            owner = company.lifecycle_relationship_owner_id
            if owner and not company._lifecycle_may_own(owner):
                raise ValidationError(
                    self.env._(
                        "The relationship owner of %(company)s must be an active internal user of "
                        "%(company)s; %(user)s is not.",
                        company=company.name,
                        user=owner.name,
                    )
                )

    def _lifecycle_may_own(self, user):
        """Whether ``user`` can own warnings in this company: an active internal user of
        the company, never the superuser (OdooBot)."""
        self.ensure_one()
        user = user.sudo()
        return bool(user) and user.id != SUPERUSER_ID and user.active and not user.share and self in user.company_ids

    def _lifecycle_relationship_owner(self):
        """The relationship owner of the company: the one of Settings while they may own
        warnings, else the first active internal user of the company who is a Lifecycle
        Manager (an empty recordset when there is none)."""
        self.ensure_one()
        owner = self.lifecycle_relationship_owner_id
        if owner and self._lifecycle_may_own(owner):
            return owner
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    (odoo_compat.ALL_GROUPS_FIELD, "in", self.env.ref(MANAGER_GROUP).id),
                    ("share", "=", False),
                    ("company_ids", "in", self.id),
                    ("id", "!=", SUPERUSER_ID),
                ],
                order="id",
                limit=1,
            )
        )

    def _lifecycle_owner_for(self, partners):
        """{partner id: the user who owns its warnings in this company}: its salesperson
        when they may own them (:meth:`_lifecycle_may_own`), else the company's
        relationship owner (which may be an empty recordset)."""
        self.ensure_one()
        owner = None
        owners = {}
        for partner in partners.sudo():
            salesperson = partner.user_id
            if self._lifecycle_may_own(salesperson):
                owners[partner.id] = salesperson
            else:
                if owner is None:
                    owner = self._lifecycle_relationship_owner()
                owners[partner.id] = owner
        return owners
