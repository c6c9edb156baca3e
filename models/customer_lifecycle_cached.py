# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Records that a cached reading depends on: stages (the engine's rules), incentives (the
programs limited to stages). Creating, deleting or changing what the cache reads clears
Odoo's caches, so every worker reads the new values."""

from odoo import api, models


class CustomerLifecycleCached(models.AbstractModel):
    _name = "customer.lifecycle.cached"
    _description = "Customer Lifecycle: Records Read Through a Cache"

    # the fields the cached readings read: a write of any of them clears the caches
    _lifecycle_cached_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        if set(self._lifecycle_cached_fields) & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
