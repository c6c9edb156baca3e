# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from . import customer_lifecycle_stage
from . import res_company
from . import res_config_settings
from . import customer_lifecycle_history
from . import customer_touchpoint
from . import customer_referral
from . import customer_referral_code
from . import customer_incentive
from . import customer_incentive_grant
from . import customer_lifecycle_writer
from . import customer_lifecycle_reader
from . import customer_lifecycle_engine
from . import customer_lifecycle_purchase
from . import customer_lifecycle_health
from . import customer_lifecycle_goal
from . import customer_key_account_plan
from . import customer_key_account_objective
from . import customer_key_account_tactic
from . import customer_key_account_competitor
from . import customer_key_account_review
from . import res_partner
from . import res_partner_referral_code
from . import res_currency
from . import res_users
from . import sale_order
from . import account_move
