# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, models
from odoo.models import READ_GROUP_TIME_GRANULARITY, parse_read_group_spec
from odoo.tools import SQL

from .. import odoo_compat
from ..tools import jalali, jalali_periods


class Base(models.AbstractModel):
    _inherit = "base"

    # The date fields of the addon's period reports: for a Jalali user, their groups by
    # month, quarter and year are Jalali months, quarters and years.
    _lifecycle_jalali_period_fields = ()

    def _lifecycle_web_grouping(self):
        """These records as the views' grouping (pivots, graphs, grouped lists, kanban)
        reads them: the addon's period reports by Jalali periods for a Jalali user; the
        code's own ``_read_group`` never."""
        if self._lifecycle_jalali_period_fields:
            return self.with_context(lifecycle_jalali_periods=True)
        return self

    @api.model
    @api.readonly
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        # 18.0's web client groups through read_group (19.0's: see base_web_groups.py)
        records = self._lifecycle_web_grouping()
        return super(Base, records).read_group(domain, fields, groupby, offset, limit, orderby, lazy)

    def _lifecycle_jalali_period(self, groupby_spec):
        """The granularity of ``groupby_spec`` when it groups by a Jalali period."""
        fname, __, granularity = parse_read_group_spec(groupby_spec)
        if (
            self.env.context.get("lifecycle_jalali_periods")
            and fname in self._lifecycle_jalali_period_fields
            and (granularity or "month") in jalali_periods.GRANULARITIES
            and self.env.user.lifecycle_calendar == "jalali"
        ):
            return granularity or "month"
        return None

    def _read_group_groupby(self, *args):
        """Group by the Gregorian date on which the day's Jalali period starts (see
        ``jalali_periods``); a day the table does not know stays in its Gregorian period.
        ``args``: ``(groupby_spec, query)`` on 18.0, ``(alias, groupby_spec, query)`` on 19.0."""
        gregorian = super()._read_group_groupby(*args)
        alias, groupby_spec, query = odoo_compat.read_group_groupby_args(self, args)
        granularity = self._lifecycle_jalali_period(groupby_spec)
        if not granularity:
            return gregorian
        fname = parse_read_group_spec(groupby_spec)[0]
        jalali_alias = query.make_alias(alias, f"{fname}_jalali")
        day = self._field_to_sql(alias, fname, query)
        query.add_join(
            "LEFT JOIN",
            jalali_alias,
            jalali_periods.TABLE,
            SQL("%s = %s::date", SQL.identifier(jalali_alias, "day"), day),
        )
        return SQL("COALESCE(%s, %s)", SQL.identifier(jalali_alias, f"{granularity}_start"), gregorian)

    @api.model
    def _read_group_fill_temporal(self, data, groupby, annoted_aggregates, **kwargs):
        # the empty groups Odoo would add are Gregorian periods: Jalali ones instead
        granularity = self._lifecycle_jalali_period(groupby[0])
        if granularity:
            first = groupby[0]
            empty = {name: self._read_group_empty_value(spec) for name, spec in annoted_aggregates.items()}
            empty.update({group: self._read_group_empty_value(group) for group in groupby[1:]})
            return jalali_periods.fill_periods(
                data, lambda row: row[first], lambda start: dict(empty, **{first: start}), granularity
            )
        return super()._read_group_fill_temporal(data, groupby, annoted_aggregates, **kwargs)

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        """Label the groups by date in the Jalali calendar for the users who read it.

        Pivots, graphs and grouped lists get the labels of their groups by day, week,
        month, quarter or year from here, formatted by babel in the Gregorian calendar.
        For a user whose calendar is the Jalali one, the labels are rewritten (see
        ``jalali.group_label``); the groups, their ranges and their domains stay Odoo's,
        except for the Jalali periods of the addon's reports, whose ranges are Jalali.
        """
        if self.env.user.lifecycle_calendar != "jalali":
            super()._read_group_format_result(rows_dict, lazy_groupby)
            return
        starts = {}
        for group in lazy_groupby:
            field = self._fields[group.split(":")[0].split(".")[0]]
            granularity = group.split(":")[1] if ":" in group else "month"
            if field.type in ("date", "datetime") and granularity in READ_GROUP_TIME_GRANULARITY:
                # Odoo replaces the group's first day by its label: kept to label it again
                starts[group] = (granularity, [row[group] for row in rows_dict])
        super()._read_group_format_result(rows_dict, lazy_groupby)
        for group, (granularity, values) in starts.items():
            interval = READ_GROUP_TIME_GRANULARITY[granularity]
            jalali_period = self._lifecycle_jalali_period(group)
            for row, start in zip(rows_dict, values, strict=True):
                if start and jalali_period:
                    self._lifecycle_jalali_period_group(row, group, start, granularity)
                elif start:
                    row[group] = jalali.group_label(start, start + interval, granularity, row[group])

    def _lifecycle_jalali_period_group(self, row, group, start, granularity):
        """Give a group of a Jalali period its Jalali label, range and domain (Odoo gave
        it the Gregorian period's range)."""
        fname = group.split(":")[0]
        old = row["__range"][group]
        new = {"from": str(start), "to": str(jalali_periods.next_period_start(start, granularity))}
        swap = [
            ((fname, ">=", old["from"]), (fname, ">=", new["from"])),
            ((fname, "<", old["to"]), (fname, "<", new["to"])),
        ]
        row["__domain"] = [next((to for was, to in swap if term == was), term) for term in row["__domain"]]
        row["__range"][group] = new
        row[group] = jalali_periods.period_label(self.env, start, granularity)
