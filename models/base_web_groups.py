# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The Solar Hijri groups of 19.0's web client, which groups lists, kanban, pivots and
graphs through ``formatted_read_group`` and ``formatted_read_grouping_sets`` (18.0's
goes through ``read_group``: see base.py). Loaded on 19.0 only (models/__init__.py)."""

from odoo import api, models
from odoo.models import READ_GROUP_TIME_GRANULARITY, parse_read_group_spec

from ..tools import jalali, jalali_periods


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    @api.readonly
    def formatted_read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        records = self._lifecycle_web_grouping()
        return super(Base, records).formatted_read_group(
            domain, groupby, aggregates, having=having, offset=offset, limit=limit, order=order
        )

    @api.model
    @api.readonly
    def formatted_read_grouping_sets(self, domain, grouping_sets, aggregates=(), *, order=None):
        records = self._lifecycle_web_grouping()
        return super(Base, records).formatted_read_grouping_sets(domain, grouping_sets, aggregates, order=order)

    @api.model
    def _web_read_group_fill_temporal(self, groups, groupby, aggregates, **kwargs):
        # the empty groups Odoo would add are Gregorian periods: Jalali ones instead
        granularity = self._lifecycle_jalali_period(groupby[0])
        if not granularity:
            return super()._web_read_group_fill_temporal(groups, groupby, aggregates, **kwargs)
        empty = tuple(self._read_group_empty_value(spec) for spec in (*groupby[1:], *aggregates))
        return jalali_periods.fill_periods(groups, lambda group: group[0], lambda start: (start, *empty), granularity)

    def _web_read_group_groupby_formatter(self, groupby_spec, values):
        """Label the groups by date in the Jalali calendar for the users who read it (see
        ``Base._read_group_format_result``, 18.0's): the Jalali periods of the addon's
        reports get their Jalali label and domain, the other groups by date keep Odoo's
        and get the Jalali days they cover."""
        formatter = super()._web_read_group_groupby_formatter(groupby_spec, values)
        fname, path, granularity = parse_read_group_spec(groupby_spec)
        field = self._fields.get(fname)
        if (
            path
            or self.env.user.lifecycle_calendar != "jalali"
            or field.type not in ("date", "datetime")
            or granularity not in READ_GROUP_TIME_GRANULARITY
        ):
            return formatter
        jalali_period = self._lifecycle_jalali_period(groupby_spec)
        interval = READ_GROUP_TIME_GRANULARITY[granularity]

        def jalali_formatter(value):
            group_value, domain = formatter(value)
            if not value:
                return group_value, domain
            start_text, label = group_value
            if jalali_period:
                end = jalali_periods.next_period_start(value, granularity)
                domain = ["&", (fname, ">=", str(value)), (fname, "<", str(end))]
                return (start_text, jalali_periods.period_label(self.env, value, granularity)), domain
            return (start_text, jalali.group_label(value, value + interval, granularity, label)), domain

        return jalali_formatter
