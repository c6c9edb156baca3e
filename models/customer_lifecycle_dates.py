# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import ValidationError

from .. import odoo_compat
from ..tools import plausible_dates


class CustomerLifecycleDates(models.AbstractModel):
    """The refusal of a mistyped date, in words: the check is ``tools/plausible_dates``."""

    _name = "customer.lifecycle.dates"
    _description = "Customer Lifecycle Plausible Dates"

    @api.model
    def _refusal_message(self, what, day, earliest=plausible_dates.EARLIEST, latest=None):
        """Why ``what`` (the subject of a sentence: “The date of the referral of Kian”),
        on ``day``, is refused; None when the day is plausible."""
        kind = plausible_dates.refusal(day, earliest, latest)
        if kind == plausible_dates.SOLAR_HIJRI:
            return self.env._(
                "%(what)s: %(day)s looks like a Solar Hijri date; enter the Gregorian date "
                "(the datepicker converts it).",
                what=what,
                day=day,
            )
        if kind == plausible_dates.TOO_EARLY:
            return self.env._(
                "%(what)s: %(day)s is before %(earliest)s; check the year.", what=what, day=day, earliest=earliest
            )
        if kind == plausible_dates.TOO_LATE:
            return self.env._(
                "%(what)s: %(day)s is after %(latest)s; check the year.", what=what, day=day, latest=latest
            )
        return None

    @api.model
    def _check(self, what, day, earliest=plausible_dates.EARLIEST, latest=None):
        """Refuse ``day`` with a :class:`ValidationError` when it is no plausible date."""
        message = self._refusal_message(what, day, earliest, latest)
        if message:
            raise ValidationError(message)

    @api.model
    def _period_latest(self, company):
        """The last plausible day of a plan's or a goal's period in ``company``."""
        return plausible_dates.years_ahead(company._lifecycle_today())

    @api.model
    def _warn_left_out(self, documents, days):
        """Each Lifecycle Manager of their company gets an activity on each of ``documents``
        (sales orders or customer invoices, dated ``days``, before 1900): the lifecycle leaves
        them out of the purchases until their date is corrected."""
        managers = self.env.ref("customer_lifecycle.group_lifecycle_manager").sudo()[odoo_compat.ALL_GROUP_USERS_FIELD]
        managers = managers.filtered(lambda user: not user.share and user.id != SUPERUSER_ID)
        for document, day in zip(documents, days, strict=True):
            note = self.env._(
                "%(document)s is dated %(day)s: no purchase of the customer lifecycle is dated before "
                "%(earliest)s, so it does not count for %(customer)s. If the date was typed in the Solar "
                "Hijri calendar, correct it to the Gregorian date.",
                document=document.display_name,
                day=day,
                earliest=plausible_dates.EARLIEST,
                customer=document.partner_id.commercial_partner_id.display_name,
            )
            for manager in managers.filtered(lambda user, d=document: d.company_id in user.company_ids):
                document.sudo().activity_schedule(
                    "customer_lifecycle.mail_activity_type_lifecycle_warning",
                    summary=self.env._(
                        "Check the date of %(document)s: left out of the lifecycle", document=document.display_name
                    ),
                    note=Markup("<p>%s</p>") % note,
                    user_id=manager.id,
                )
