# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The one place where the addon meets what differs between the Odoo versions it supports.

Every call whose API changed between Odoo 18.0 and 19.0 goes through a function here, so
that the models read the same on both and a later version is one file's work. Each
function names the versions it bridges.
"""

from odoo import release

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
