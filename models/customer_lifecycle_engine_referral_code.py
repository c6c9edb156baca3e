# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The referral codes follow the engine's result: an advocate gets a working code, a
partner who is no advocate any more has theirs stopped (see customer.referral.code)."""

from odoo import models


class CustomerLifecycleEngine(models.AbstractModel):
    _inherit = "customer.lifecycle.engine"

    def _lifecycle_batch_done(self, run, walked):
        self.env["customer.referral.code"]._sync_stage_changes(run.company, walked.changes, run.stage_ids)
        return super()._lifecycle_batch_done(run, walked)
