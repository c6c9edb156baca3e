# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
{
    "name": "Customer Lifecycle",
    "summary": "Prospect, customer, loyal, advocate: every partner's stage of the "
    "customer chain computed from real sales, with touch-points and referrals",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/customer-lifecycle/customer_lifecycle",
    "author": "Customer Lifecycle developers",
    "maintainers": ["customer-lifecycle"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": True,
    "depends": ["mail", "utm", "sale"],
    "data": [
        "security/customer_lifecycle_security.xml",
        "security/ir.model.access.csv",
        "data/customer_lifecycle_stage_data.xml",
        "data/ir_cron_data.xml",
        "wizard/customer_lifecycle_pin_wizard_views.xml",
        "views/customer_lifecycle_stage_views.xml",
        "views/customer_lifecycle_history_views.xml",
        "views/customer_touchpoint_views.xml",
        "views/customer_referral_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/customer_lifecycle_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
