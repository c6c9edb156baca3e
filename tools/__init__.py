from . import customer_chain
