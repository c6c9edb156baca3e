# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, models
from odoo.models import READ_GROUP_TIME_GRANULARITY

from ..tools import jalali


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        """Label the groups by date in the Jalali calendar for the users who read it.

        Pivots, graphs and grouped lists get the labels of their groups by day, week,
        month, quarter or year from here, formatted by babel in the Gregorian calendar.
        For a user whose calendar is the Jalali one, the labels are rewritten (see
        ``jalali.group_label``); the groups, their ranges and their domains stay Odoo's.
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
            for row, start in zip(rows_dict, values, strict=True):
                if start:
                    row[group] = jalali.group_label(start, start + interval, granularity, row[group])
