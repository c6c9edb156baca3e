# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from . import customer_lifecycle_pin_wizard
from . import customer_key_account_plan_reject_wizard
from . import customer_key_account_suggest_wizard
from . import customer_incentive_effectiveness_wizard
from . import base_partner_merge_automatic_wizard
