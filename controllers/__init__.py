# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from . import portal
from . import referral_landing
