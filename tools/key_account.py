# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Key-account objectives, as plain functions over plain values.

An objective is measurable and time-bound: a measure, a target and a deadline inside
the plan's period. Its status compares its progress with the time elapsed:

* achieved: the target is reached;
* late: the deadline has passed and the target is not reached;
* on track: the progress keeps pace with the time elapsed (90 % of it is enough);
* at risk: the progress lags behind the time elapsed.
"""

ON_PACE_SHARE = 0.9


def progress(current, target):
    """How far the objective is, in percent (can pass 100)."""
    if not target:
        return 0.0
    return 100.0 * current / target


def elapsed_share(start, deadline, today):
    """The share of the objective's time that has passed, from 0 to 1."""
    if today <= start:
        return 0.0
    if today >= deadline:
        return 1.0
    return (today - start).days / max((deadline - start).days, 1)


def objective_status(current, target, start, deadline, today):
    if target and current >= target:
        return "achieved"
    if today > deadline:
        return "late"
    if progress(current, target) / 100 >= ON_PACE_SHARE * elapsed_share(start, deadline, today):
        return "on_track"
    return "at_risk"


def objective_problems(measure, target, deadline, period_start, period_end, has_category, perception_step=True):
    """Why an objective is not measurable, time-bound and aimed at a step of the customer's
    perception yet (codes; empty when it is)."""
    problems = []
    if not perception_step:
        problems.append("no_step")
    if not measure:
        problems.append("no_measure")
    if not target or target <= 0:
        problems.append("no_target")
    if not deadline:
        problems.append("no_deadline")
    elif period_start and period_end and not period_start <= deadline <= period_end:
        problems.append("deadline_outside")
    if measure == "category_revenue" and not has_category:
        problems.append("no_category")
    return problems
