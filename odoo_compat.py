# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The one place where the addon meets what differs between the Odoo versions it supports.

Every call whose API changed between Odoo 18.0 and 19.0 goes through a function here, so
that the models read the same on both and a later version is one file's work. Each
function names the versions it bridges.
"""

from collections.abc import Collection

from odoo import release
from odoo.tools import SQL

ODOO_MAJOR = release.version_info[0]

try:  # 19.0: domains are objects
    from odoo.fields import Domain
except ImportError:  # 18.0
    Domain = None
    from odoo.osv import expression


def domain_or(domains):
    """The union of ``domains`` (``expression.OR`` on 18.0, ``Domain.OR`` on 19.0)."""
    if Domain is not None:
        return list(Domain.OR(domains))
    return expression.OR(domains)


def domain_and(domains):
    """The intersection of ``domains`` (``expression.AND`` on 18.0, ``Domain.AND`` on 19.0)."""
    if Domain is not None:
        return list(Domain.AND(domains))
    return expression.AND(domains)


def domain_not(domain):
    """The negation of ``domain``, as a list of terms the ORM accepts on both versions."""
    if Domain is not None:
        return list(~Domain(domain))
    return ["!", *expression.normalize_domain(domain)]


FALSE_DOMAIN = [(0, "=", 1)]


def cron_progress_commit(env, done, remaining):
    """Report a batch's progress to the running cron job and commit the batch.

    18.0 has ``ir.cron._notify_progress(done=, remaining=)`` (cumulative counts, no commit);
    19.0 replaced it with ``_commit_progress(processed, remaining=)``, which commits and
    counts the processed records of this step. ``done`` here is the cumulative count.
    """
    cron = env["ir.cron"]
    if hasattr(cron, "_commit_progress"):
        progress_id = env.context.get("ir_cron_progress_id")
        before = env["ir.cron.progress"].sudo().browse(progress_id).done if progress_id else 0
        cron._commit_progress(max(done - before, 0), remaining=remaining)
        return
    cron._notify_progress(done=done, remaining=remaining)
    env.cr.commit()  # pylint: disable=invalid-commit


def group_all_implied(group):
    """The groups ``group`` implies, directly or not (``trans_implied_ids`` on 18.0,
    ``all_implied_ids`` on 19.0)."""
    if "all_implied_ids" in group._fields:
        return group.all_implied_ids
    return group.trans_implied_ids


# Who may see what: 18.0 names the groups of users, menus and actions ``groups_id`` and a
# group's users ``users``; 19.0 names them ``group_ids`` and ``user_ids``.
GROUPS_FIELD = "group_ids" if ODOO_MAJOR >= 19 else "groups_id"
GROUP_USERS_FIELD = "user_ids" if ODOO_MAJOR >= 19 else "users"
# What to read or search for who has a group: 18.0 writes the implied groups into the
# same fields; 19.0 keeps only the explicit ones there, the implied ones in all_…
ALL_GROUPS_FIELD = "all_group_ids" if ODOO_MAJOR >= 19 else "groups_id"
ALL_GROUP_USERS_FIELD = "all_user_ids" if ODOO_MAJOR >= 19 else "users"


def set_group_category(env, groups, category, privilege_xmlid):
    """Put ``groups`` under the addon's application ``category`` in the user form.

    18.0: the groups' ``category_id``. 19.0: ``res.groups`` lost ``category_id`` for
    ``privilege_id``, a ``res.groups.privilege`` of the category; that privilege is created
    (or updated) here under ``privilege_xmlid``, owned by the addon, so that Odoo removes it
    with the addon, and takes the category's name in every language.
    """
    if "privilege_id" not in groups._fields:
        groups.write({"category_id": category.id})
        return
    module, name = privilege_xmlid.split(".")
    values = {"name": category.name, "description": category.description, "sequence": category.sequence}
    privilege = env["res.groups.privilege"]._load_records(
        [{"xml_id": privilege_xmlid, "values": dict(values, category_id=category.id), "noupdate": False}],
        update=bool(env["ir.model.data"]._xmlid_to_res_id(f"{module}.{name}", raise_if_not_found=False)),
    )
    translations = {t["lang"]: t["value"] for t in category.get_field_translations("name")[0] if t["value"]}
    if translations:
        privilege.update_field_translations("name", translations)
    groups.write({"privilege_id": privilege.id})


class _Constraint18:
    """18.0's form of a 19.0 ``models.Constraint``: declared as a class attribute
    ``_<name> = Constraint(definition, message)``, it becomes the ``(name, definition,
    message)`` entry of the model's ``_sql_constraints``, the same constraint in the database."""

    def __init__(self, definition, message=""):
        self.definition = definition
        self.message = message

    def __set_name__(self, owner, name):
        entry = (name.removeprefix("_"), self.definition, self.message)
        owner._sql_constraints = [*owner.__dict__.get("_sql_constraints", []), entry]


try:  # 19.0: table constraints are class attributes; _sql_constraints are ignored with a warning
    from odoo.models import Constraint
except ImportError:  # 18.0
    Constraint = _Constraint18


# 18.0's partners and leads have a mobile number beside the phone; 19.0 dropped the mobile
# (its upgrade moves it into the phone when there was none).
PHONE_FIELDS = ("phone",) if ODOO_MAJOR >= 19 else ("phone", "mobile")
# where a mobile number is written: 18.0's mobile, 19.0's phone
MOBILE_FIELD = PHONE_FIELDS[-1]


def phone_numbers(record):
    """The phone numbers of a partner or a lead, the phone first (18.0: and the mobile)."""
    return tuple(record[name] for name in PHONE_FIELDS if record[name])


def phone_sql(alias):
    """SQL of the first phone number of the partner or lead of table ``alias``."""
    return SQL("COALESCE(%s)", SQL(", ").join(SQL.identifier(alias, name) for name in PHONE_FIELDS))


def activities_kept_when_done(activities):
    """The ``activities`` that marking done archives rather than deletes: 18.0 keeps those of
    the types with ``keep_done``; 19.0 dropped the field and archives every done activity."""
    if "keep_done" not in activities.env["mail.activity.type"]._fields:
        return activities
    return activities.filtered("activity_type_id.keep_done")


def keep_done_activities(activity_types):
    """Make ``activity_types`` keep their done activities: 18.0's ``keep_done``; nothing to do
    on 19.0, where every done activity is kept."""
    if "keep_done" in activity_types._fields:
        activity_types.keep_done = True


# the target of a Settings action: 18.0's "inline"; 19.0 has none (None: the default stays)
SETTINGS_ACTION_TARGET = "inline" if ODOO_MAJOR < 19 else None


def boolean_search(operator, value):
    """``(operator, value)`` of a search on a computed boolean field in 18.0's form, ``("=",
    True)`` or ``("!=", False)``: 19.0 passes ``("in", [True])`` or ``("not in", [False])``
    to the field's search method. What is no such comparison is returned as it is."""
    # 19.0's value is any collection (an OrderedSet, most often)
    if (
        operator in ("in", "not in")
        and isinstance(value, Collection)
        and not isinstance(value, str)
        and len(value) == 1
    ):
        (single,) = value
        if isinstance(single, bool):
            return ("=" if operator == "in" else "!="), single
    return operator, value


# the state of an invoiced Point of Sale order: 18.0's "invoiced"; 19.0 dropped that state (an
# invoiced order is paid, its invoice in account_move)
POS_INVOICED_STATE = "invoiced" if ODOO_MAJOR < 19 else "paid"

# reading a field through its attribute (record.field) checks the field's groups on 19.0 (an
# AccessError for a user outside them); 18.0 checks them in read() only
FIELD_GROUPS_CHECKED_ON_ATTRIBUTE = ODOO_MAJOR >= 19


def web_read_group(model, domain, groupby):
    """The groups the web client reads for ``domain`` grouped by ``groupby`` (a list), each
    with its ``__count``: 18.0's ``web_read_group(domain, fields, groupby)``, 19.0's
    ``web_read_group(domain, groupby, aggregates)``, which expands the groups (every stage of
    a kanban) only when asked, as 19.0's web client asks."""
    if ODOO_MAJOR >= 19:
        return model.with_context(read_group_expand=True).web_read_group(domain, groupby, ["__count"])["groups"]
    return model.web_read_group(domain, groupby, groupby)["groups"]


# --- The web client's grouped reads (the Solar Hijri periods of models/base.py) -------------
#
# 18.0's web client groups lists, kanban, pivots and graphs through ``read_group``, which
# labels, fills and gives a range to each group (``_read_group_format_result``,
# ``_read_group_fill_temporal``); 19.0's through ``formatted_read_group`` (pivots:
# ``formatted_read_grouping_sets``), which labels each group through
# ``_web_read_group_groupby_formatter`` and fills with ``_web_read_group_fill_temporal``
# (web/models/models.py), and gives ``_read_group_groupby`` the table's alias first.

WEB_GROUPS_FORMATTED = ODOO_MAJOR >= 19


def read_group_groupby_args(model, args):
    """``(alias, groupby_spec, query)`` of a call to ``_read_group_groupby``: 19.0 passes
    the three, 18.0 ``(groupby_spec, query)`` and groups on the model's own table."""
    if len(args) == 3:
        return args
    groupby_spec, query = args
    return model._table, groupby_spec, query


def web_groups(records, domain, groupby, aggregates=("__count",)):
    """The groups the web client gets for ``records`` grouped by ``groupby`` (a list of
    specs), each as ``{"values": {spec: label}, "count": n, "domain": the group's
    records' domain}``, whichever version serves it: 18.0's ``read_group`` (lazy
    off), 19.0's ``formatted_read_group``. The tests read the web client's groups
    through it; the fill of empty periods follows the context's ``fill_temporal``."""
    if WEB_GROUPS_FORMATTED:
        groups = records.formatted_read_group(domain, groupby, list(aggregates), order=", ".join(groupby))
        return [
            {
                "values": {spec: group[spec] and group[spec][1] for spec in groupby},
                "count": group["__count"],
                "domain": domain_and([domain, group["__extra_domain"]]),
            }
            for group in groups
        ]
    fields = [spec.split(":")[0] for spec in groupby]
    orderby = ", ".join(fields)
    groups = records.read_group(domain, fields, list(groupby), orderby=orderby, lazy=False)
    return [
        {"values": {spec: group[spec] for spec in groupby}, "count": group["__count"], "domain": group["__domain"]}
        for group in groups
    ]


# --- HOOT, the web client's unit-test runner (tests/test_js_calendar.py) --------------------
#
# 18.0's HOOT selects a suite with ``test=<id>&suite=<id>`` and says "test suite succeeded";
# 19.0's with ``id=<id>`` and says "Test suite succeeded" (web/tests/test_js.py of each).

HOOT_SUCCESS_SIGNAL = "[HOOT] Test suite succeeded" if ODOO_MAJOR >= 19 else "[HOOT] test suite succeeded"


def hoot_job_filter(job_id):
    """The URL parameters that make HOOT run the suite or test ``job_id`` alone."""
    if ODOO_MAJOR >= 19:
        return f"&id={job_id}"
    return f"&test={job_id}&suite={job_id}"
