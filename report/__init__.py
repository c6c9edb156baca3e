# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from . import customer_lifecycle_funnel_report
from . import customer_lifecycle_indicator_report
from . import customer_lifecycle_uplift_report
from . import customer_lifecycle_repeat_product_report
from . import report_customer_lifecycle_profile
from . import report_key_account_plan
from . import report_incentive_effectiveness
from . import customer_lifecycle_prospect_contact_report
from . import customer_lifecycle_indicator_report_channel
