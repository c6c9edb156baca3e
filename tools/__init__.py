from . import customer_chain
from . import relationship_health
from . import jalali
from . import key_account
from . import bidi
from . import today
from . import report_format
