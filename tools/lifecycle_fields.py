# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The lifecycle facts and who writes them: one list, read by the engine's writer (the
columns it updates) and by the protection of computed facts (``customer.lifecycle.protected``).

A fact listed here is written by the engine (in SQL) or by a recorded action that checks its
user's rights first and then writes in superuser mode (pin, mark as lost, remove pin, a
referral's review, a plan's approval); no client writes it, an administrator included."""

# The company-dependent partner columns the engine writes, with their SQL type, in the
# order of the fields of PartnerValues (lifecycle_<field>).
ENGINE_COLUMNS = (
    ("lifecycle_stage_id", "int4"),
    ("lifecycle_stage_date", "date"),
    ("lifecycle_customer_date", "date"),
    ("lifecycle_loyal_date", "date"),
    ("lifecycle_advocate_date", "date"),
    ("lifecycle_lapsed_date", "date"),
    ("lifecycle_first_purchase_date", "date"),
    ("lifecycle_last_purchase_date", "date"),
    ("lifecycle_purchase_count", "int4"),
    ("lifecycle_purchase_amount", "float8"),
    ("lifecycle_purchase_interval", "float8"),
    ("lifecycle_next_move_date", "date"),
    ("lifecycle_inputs_key", "varchar"),
)
ENGINE_COLUMN_NAMES = tuple(name for name, _type in ENGINE_COLUMNS)
# What a manager's pin sets (beside the stage and its date).
PIN_FIELDS = ("lifecycle_pin_stage_id", "lifecycle_pin_reason")

# The protected fields of each model: refused in create(), write() and imports unless the
# environment is superuser. Other models add theirs here, never in a list of their own.
PROTECTED_FIELDS = {
    "res.partner": ENGINE_COLUMN_NAMES + PIN_FIELDS,
    # a request's resolution and answer times: Resolve and the answers themselves write them;
    # the done activity a contact was recorded from: marking it done writes it
    "customer.touchpoint": (
        "state",
        "resolved_date",
        "resolved_user_id",
        "response_date",
        "overdue_warned_date",
        "activity_message_id",
        # a satisfaction score is the customer's own answer to the survey
        "satisfaction_score",
        "has_satisfaction_score",
        "survey_user_input_id",
    ),
    # the lifecycle rules convert a referral; its review and its actions set the rest
    "customer.referral": ("state", "conversion_date", "origin", "review_reasons", "review_date", "review_escalated"),
    # a plan's workflow: submit, approve, send back, close, cancel, revise
    "customer.key.account.plan": (
        "state",
        "approved_by_id",
        "approved_on",
        "rejection_reason",
        "version",
        "previous_plan_id",
    ),
    # a grant's status: its buttons, the sale and the daily job
    # and why a referral reward goes beyond the caps per advocate
    "customer.incentive.grant": ("state", "cap_reason"),
    # the friend's welcome coupon: the landing form sends it, the lead's partner grants it
    "crm.lead": ("lifecycle_welcome_coupon_id", "lifecycle_welcome_grant_id"),
}


# Fields a person sets, that only a Lifecycle Manager may set (in create(), write(),
# imports and defaults): the key-account flag and the key-account manager.
MANAGER_FIELDS = {
    "res.partner": ("lifecycle_key_account", "lifecycle_key_account_manager_id"),
}


def protected_fields(model_name):
    """The fields of ``model_name`` that only the engine and the recorded actions write."""
    return PROTECTED_FIELDS.get(model_name, ())


def manager_fields(model_name):
    """The fields of ``model_name`` that only a Lifecycle Manager sets."""
    return MANAGER_FIELDS.get(model_name, ())
