"""Reference data: currencies, products, plans, features, FX rates and GTM costs.

The catalogue is static (independent of the seed) so plan ids are stable across runs.
Prices are list prices in USD per unit per month; a plan's `list_unit_price` is the
price for one whole billing interval in the plan's currency.
"""

from __future__ import annotations

import numpy as np

from .timeutil import DAY, Calendar

CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD")
# Price-book factor (local list price = USD list price x factor) and the FX starting point.
PRICE_BOOK = {"USD": 1.0, "EUR": 0.95, "GBP": 0.82, "CAD": 1.35, "AUD": 1.50}
FX_START = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CAD": 0.74, "AUD": 0.66}
FX_ANNUAL_VOL = {"USD": 0.0, "EUR": 0.06, "GBP": 0.07, "CAD": 0.05, "AUD": 0.08}

FX_MEAN_REVERSION = 0.998  # daily persistence of the FX log deviation from FX_START
# Go-to-market cost in USD per month per 1,000 accounts at the start of the history; it grows
# linearly by GTM_GROWTH over the history, with GTM_NOISE monthly noise.
GTM_BASE = {
    ("cs", "expansion"): 95_000.0,
    ("cs", "new_business"): 15_000.0,
    ("sales", "expansion"): 70_000.0,
    ("sales", "new_business"): 260_000.0,
}
GTM_GROWTH = 0.9
GTM_NOISE = 0.06

INTERVALS = (1, 12, 24, 36)
# Commitment discount baked into longer billing intervals.
INTERVAL_FACTOR = {1: 1.0, 12: 0.90, 24: 0.85, 36: 0.80}

TIERS = {"starter": 1, "growth": 2, "business": 3, "enterprise": 4}
TIER_NAMES = {v: k for k, v in TIERS.items()}

# product_id -> (name, product_line, is_addon)
PRODUCTS = {
    "prod_platform": ("Platform", "platform", False),
    "prod_platform_usage": ("Platform Consumption", "platform", False),
    "prod_insights": ("Insights", "insights", True),
    "prod_automation": ("Automation", "automation", True),
    "prod_governance": ("Governance", "governance", True),
    "prod_connect": ("Connect", "connect", True),
}
ADDON_LINES = ("insights", "automation", "governance", "connect")
LINE_PRODUCT = {
    "insights": "prod_insights",
    "automation": "prod_automation",
    "governance": "prod_governance",
    "connect": "prod_connect",
}

# (product_id, tier) -> (pricing_model, usd price per unit per month, included_seats, usage_limit_units)
# per_seat: quantity = seats, included_seats = minimum billable seats.
# flat: quantity = 1, included_seats = seats the package covers (None = unlimited).
# usage: quantity = committed monthly units = usage_limit_units; overage billed monthly in arrears.
PLAN_SPECS = {
    ("prod_platform", "starter"): ("flat", 290.0, 10, 40_000),
    ("prod_platform", "growth"): ("per_seat", 40.0, 5, 150_000),
    ("prod_platform", "business"): ("per_seat", 70.0, 25, 600_000),
    ("prod_platform", "enterprise"): ("per_seat", 105.0, 100, None),
    ("prod_platform_usage", "starter"): ("usage", 0.005, None, 200_000),
    ("prod_platform_usage", "growth"): ("usage", 0.0045, None, 500_000),
    ("prod_platform_usage", "business"): ("usage", 0.004, None, 1_250_000),
    ("prod_platform_usage", "enterprise"): ("usage", 0.0035, None, 3_000_000),
    ("prod_insights", "starter"): ("flat", 150.0, 10, None),
    ("prod_insights", "growth"): ("flat", 400.0, 50, None),
    ("prod_insights", "business"): ("flat", 1000.0, 200, None),
    ("prod_insights", "enterprise"): ("flat", 2500.0, None, None),
    ("prod_automation", "starter"): ("usage", 0.03, None, 10_000),
    ("prod_automation", "growth"): ("usage", 0.028, None, 25_000),
    ("prod_automation", "business"): ("usage", 0.026, None, 60_000),
    ("prod_automation", "enterprise"): ("usage", 0.024, None, 150_000),
    ("prod_governance", "business"): ("per_seat", 8.0, 10, None),
    ("prod_governance", "enterprise"): ("per_seat", 14.0, 10, None),
    ("prod_connect", "starter"): ("flat", 100.0, None, None),
    ("prod_connect", "growth"): ("flat", 300.0, None, None),
    ("prod_connect", "business"): ("flat", 800.0, None, None),
}
OVERAGE_MARKUP = 1.25  # overage unit price = monthly committed unit price x markup

# feature_key -> (name, product_line, is_core, is_premium, min_tier_rank)
FEATURES = {
    "workspaces": ("Workspaces", "platform", True, False, 1),
    "dashboards": ("Dashboards", "platform", True, False, 1),
    "reports": ("Scheduled reports", "platform", True, False, 1),
    "sharing": ("Sharing and comments", "platform", True, False, 1),
    "alerts": ("Alerts", "platform", True, False, 1),
    "templates": ("Templates", "platform", True, False, 1),
    "search": ("Global search", "platform", True, False, 1),
    "mobile_app": ("Mobile app", "platform", True, False, 1),
    "integrations_hub": ("Integrations hub", "platform", True, False, 1),
    "data_import": ("Data import", "platform", True, False, 1),
    "api_requests": ("API requests", "platform", False, False, 1),
    "advanced_permissions": ("Advanced permissions", "platform", False, True, 2),
    "custom_branding": ("Custom branding", "platform", False, True, 2),
    "audit_log": ("Audit log", "platform", False, True, 3),
    "sso_saml": ("SAML single sign-on", "platform", False, True, 3),
    "sandbox": ("Sandbox environments", "platform", False, True, 3),
    "custom_roles": ("Custom roles", "platform", False, True, 4),
    "data_residency": ("Data residency", "platform", False, True, 4),
    "insights_explorer": ("Insights explorer", "insights", False, False, 1),
    "forecasting": ("Forecasting", "insights", False, True, 2),
    "benchmarks": ("Peer benchmarks", "insights", False, True, 3),
    "workflow_builder": ("Workflow builder", "automation", False, False, 1),
    "workflow_runs": ("Workflow runs", "automation", False, False, 1),
    "scheduled_jobs": ("Scheduled jobs", "automation", False, True, 2),
    "policy_center": ("Policy center", "governance", False, False, 1),
    "retention_rules": ("Retention rules", "governance", False, True, 3),
    "connector_library": ("Connector library", "connect", False, False, 1),
    "reverse_sync": ("Reverse sync", "connect", False, True, 3),
}
FEATURE_KEYS = tuple(FEATURES)
FEATURE_INDEX = {k: i for i, k in enumerate(FEATURE_KEYS)}
CORE_FEATURES = tuple(k for k, v in FEATURES.items() if v[2])
METERED_FEATURE = {"platform": "api_requests", "automation": "workflow_runs"}


def usage_limit(product_id: str, tier: str):
    """Monthly units included in (committed by) a plan; None when unlimited."""
    return PLAN_SPECS[(product_id, tier)][3]


def plan_id(product_id: str, tier: str, interval: int, currency: str) -> str:
    return f"plan_{product_id[5:]}_{tier}_{interval}m_{currency.lower()}"


def unit_price(product_id: str, tier: str, interval: int, currency: str) -> float:
    """List price of one unit for one billing interval in the plan currency."""
    _, usd, _, _ = PLAN_SPECS[(product_id, tier)]
    price = usd * interval * INTERVAL_FACTOR[interval] * PRICE_BOOK[currency]
    return round(price, 2) if price >= 1 else round(price, 6)


def products_table() -> dict:
    ids = list(PRODUCTS)
    return {
        "product_id": ids,
        "product_name": [PRODUCTS[p][0] for p in ids],
        "product_line": [PRODUCTS[p][1] for p in ids],
        "is_addon": [PRODUCTS[p][2] for p in ids],
    }


def plans_table() -> dict:
    cols = {
        k: []
        for k in (
            "plan_id",
            "product_id",
            "plan_name",
            "tier",
            "tier_rank",
            "billing_interval_months",
            "pricing_model",
            "list_unit_price",
            "currency",
            "included_seats",
            "usage_limit_units",
        )
    }
    for (product_id, tier), (model, _, seats, limit) in PLAN_SPECS.items():
        for interval in INTERVALS:
            for cur in CURRENCIES:
                label = {1: "monthly", 12: "annual", 24: "2-year", 36: "3-year"}[interval]
                cols["plan_id"].append(plan_id(product_id, tier, interval, cur))
                cols["product_id"].append(product_id)
                cols["plan_name"].append(f"{PRODUCTS[product_id][0]} {tier.title()} ({label}, {cur})")
                cols["tier"].append(tier)
                cols["tier_rank"].append(TIERS[tier])
                cols["billing_interval_months"].append(interval)
                cols["pricing_model"].append(model)
                cols["list_unit_price"].append(unit_price(product_id, tier, interval, cur))
                cols["currency"].append(cur)
                cols["included_seats"].append(seats)
                cols["usage_limit_units"].append(limit)
    return cols


def features_table() -> dict:
    keys = list(FEATURES)
    return {
        "feature_key": keys,
        "feature_name": [FEATURES[k][0] for k in keys],
        "product_line": [FEATURES[k][1] for k in keys],
        "is_core": [FEATURES[k][2] for k in keys],
        "is_premium": [FEATURES[k][3] for k in keys],
        "min_tier_rank": [FEATURES[k][4] for k in keys],
    }


def fx_rates(cal: Calendar, rng: np.random.Generator) -> tuple[dict, dict]:
    """Daily USD-per-unit rates (random walk) for every currency, USD included at 1.0.

    Returns the table columns and a lookup {currency: np.ndarray indexed by day - first_day}.
    """
    first_day = cal.history_start_us // DAY
    last_day = (cal.end_us - 1) // DAY
    n_days = int(last_day - first_day + 1)
    days = np.arange(first_day, last_day + 1, dtype=np.int64)
    lookup = {}
    cols = {"rate_date": [], "currency": [], "usd_per_unit": []}
    for cur in CURRENCIES:
        steps = rng.normal(0.0, FX_ANNUAL_VOL[cur] / np.sqrt(365.0), n_days)
        steps[0] = 0.0
        # A little mean reversion keeps long histories within a plausible band.
        level = np.empty(n_days)
        x = 0.0
        for i in range(n_days):
            x = FX_MEAN_REVERSION * x + steps[i]
            level[i] = x
        rates = np.round(FX_START[cur] * np.exp(level), 6)
        lookup[cur] = rates
        cols["rate_date"].append(days.astype("datetime64[D]"))
        cols["currency"].append(np.full(n_days, cur, dtype=object))
        cols["usd_per_unit"].append(rates)
    return {k: np.concatenate(v) for k, v in cols.items()}, lookup


def gtm_costs(cal: Calendar, n_accounts: int, rng: np.random.Generator) -> dict:
    """Monthly go-to-market cost by team x motion in USD, growing with the customer base."""
    cols = {"cost_month": [], "team": [], "motion": [], "amount_usd": []}
    for m in range(cal.months):
        growth = 1.0 + GTM_GROWTH * m / max(cal.months - 1, 1)
        for (team, motion), amount in GTM_BASE.items():
            noise = 1.0 + rng.normal(0.0, GTM_NOISE)
            cols["cost_month"].append(np.datetime64(cal.month_start(m) // DAY, "D"))
            cols["team"].append(team)
            cols["motion"].append(motion)
            cols["amount_usd"].append(round(amount * n_accounts / 1000.0 * growth * noise, 2))
    cols["cost_month"] = np.array(cols["cost_month"], dtype="datetime64[D]")
    return cols
