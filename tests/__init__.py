# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from . import test_access
from . import test_grant_day
from . import test_company_today
from . import test_customer_chain
from . import test_walk
from . import test_dashboards
from . import test_engine_retry
from . import test_goal
from . import test_history_story
from . import test_i18n
from . import test_jalali
from . import test_key_account
from . import test_lifecycle_engine
from . import test_referral
from . import test_relationship_health
from . import test_settings
from . import test_stage_and_pin
from . import test_touchpoint
from . import test_incentive
from . import test_bad_input
from . import test_access_matrix
from . import test_tour
from . import test_purchase_consistency
from . import test_purchase_pos
