"""Tunable behaviour of the simulated customer base, per segment.

Calibrated so that the default demo lands in the target ranges of trailing-12-month
retention at the ultimate-parent grain (NRR enterprise 112-125%, mid-market 102-110%,
SMB 88-98%; GRR enterprise 92-96%, mid-market 88-92%, SMB 78-86%).
"""

SEGMENT = {
    "smb": {
        "mu": 0.60,
        "mu_sd": 0.12,  # latent health: account mean and spread
        "decline_hazard": 0.020,  # monthly chance to enter a decline episode
        "churn_month": 0.011,  # monthly-term base churn hazard (at average health)
        "churn_term": 0.12,  # base churn probability at an annual/multi-year term end
        "growth": -0.05,
        "growth_sd": 0.10,  # annual log-growth of seat demand
        # (term_months, billing_interval_months, probability)
        "terms": ((1, 1, 0.55), (12, 12, 0.25), (12, 1, 0.15), (24, 12, 0.05)),
        "trial": 0.25,
        "core": (("flat", "starter", 0.45), ("per_seat", "growth", 0.45), ("usage", "starter", 0.10)),
        "seats": (12, 0.45, 5, 45),  # per-seat landing seats: median, log sd, min, max
        "addon_at_land": 0.08,
        "addon_tier": "starter",
        "discount": (0.70, 0.05, 0.15),  # share with no discount, else uniform range
        "csql_share": 0.35,  # share of expansion deals worked through a CSQL
        "onboarding_days": (14, 40),
        "net_days": (0, 7, 14),
        "uplift_share": 0.35,
    },
    "mid_market": {
        "mu": 0.66,
        "mu_sd": 0.10,
        "decline_hazard": 0.012,
        "churn_month": 0.010,
        "churn_term": 0.08,
        "growth": -0.01,
        "growth_sd": 0.10,
        "terms": (
            (1, 1, 0.12),
            (12, 12, 0.55),
            (12, 1, 0.10),
            (24, 12, 0.13),
            (36, 12, 0.06),
            (24, 24, 0.02),
            (36, 36, 0.02),
        ),
        "trial": 0.10,
        "core": (("per_seat", "growth", 0.55), ("per_seat", "business", 0.30), ("usage", "growth", 0.15)),
        "seats": (80, 0.45, 25, 300),
        "addon_at_land": 0.35,
        "addon_tier": "growth",
        "discount": (0.30, 0.05, 0.20),
        "csql_share": 0.75,
        "onboarding_days": (25, 70),
        "net_days": (30, 30, 45),
        "uplift_share": 0.50,
    },
    "enterprise": {
        "mu": 0.71,
        "mu_sd": 0.08,
        "decline_hazard": 0.011,
        "churn_month": 0.006,
        "churn_term": 0.05,
        "growth": 0.08,
        "growth_sd": 0.10,
        "terms": ((12, 12, 0.50), (24, 12, 0.22), (36, 12, 0.16), (24, 24, 0.05), (36, 36, 0.07)),
        "trial": 0.0,
        "core": (
            ("per_seat", "business", 0.45),
            ("per_seat", "enterprise", 0.40),
            ("usage", "business", 0.15),
        ),
        "seats": (300, 0.5, 100, 1500),
        "addon_at_land": 0.60,
        "addon_tier": "business",
        "discount": (0.05, 0.05, 0.30),
        "csql_share": 0.85,
        "onboarding_days": (40, 110),
        "net_days": (30, 45, 60),
        "uplift_share": 0.70,
    },
}

HEALTH_AR = 0.80  # persistence of the monthly health noise
HEALTH_NOISE = 0.06
CHURN_HEALTH_SLOPE = 6.0  # churn odds multiply by e^(slope x (0.55 - trailing health))
REACTIVATION_HAZARD = 0.04  # monthly, between 2 and 12 months after churn

EVENTS_PER_ACTIVE_USER_MONTH = 2.5  # sessions + feature usage, before engagement scaling
ADDON_WEIGHTS = {"insights": 0.35, "automation": 0.25, "governance": 0.20, "connect": 0.20}
