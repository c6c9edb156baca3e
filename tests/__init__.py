# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from . import test_customer_chain
from . import test_lifecycle_engine
