"""Tunable behaviour of the simulated customer base: every rate, probability, day count and multiplier.

Calibrated so that the default demo lands in the target ranges of trailing-12-month
retention at the ultimate-parent grain (NRR enterprise 112-125%, mid-market 102-110%,
SMB 88-98%; GRR enterprise 92-96%, mid-market 88-92%, SMB 78-86%). Measured on the default
demo (as of 2026-07-01, latest closed TTM month 2026-05, `rpt_retention_ttm`): NRR 113.7% /
103.6% / 93.6%, GRR 92.8% / 87.6% (just under the mid-market range) / 84.0%.

`SEGMENT` holds what differs by segment; the frozen dataclasses below hold the rest, one per
concern, gathered in `Params` (`DEFAULT` is what the CLI uses). A different behaviour is a
different `Params` (e.g. `dataclasses.replace(DEFAULT, health=replace(DEFAULT.health, ar=0.7))`)
passed to `generate(params=...)`; the code reads parameters only from the object it is given.

Conventions: a pair `(lo, hi)` drawn with `randrange` / `integers` excludes `hi`; drawn with
`uniform` it is a continuous range; `(median, sigma)` is a log-normal. Day and hour counts are
in days / hours. Changing a value changes the data; changing none keeps it byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
        "onboarding_fee_share": 0.08,  # paid landings that also buy an onboarding package
        "onboarding_fee_usd": 500.0,
        "core_adoption_speed": 0.30,  # monthly chance to adopt the next core feature (scaled by health)
        "sales_cycle_days": (10, 40),  # new-business opportunity open before the close
        "contacts": (3, 7),  # contacts of a paying account: integers(lo, hi)
        "exec_sponsor_share": 0.05,
        # what a CSM checks before working an expansion (activation first, reference doc 002):
        # days since onboarding, core features adopted, last month's health and active-user share
        # (active users per licensed seat on a per-seat plan, as the warehouse's gate measures it)
        "activation": (30, 3, 0.64, 0.66),
        "activities_per_month": 1.5,  # CSM/AE touches per live month at full health
        "tickets_per_month": 0.25,  # support tickets per live month (before size and health)
        "milestone_days": (30, 45, 90, 180, None),  # target days after landing, one per MILESTONE_TYPES
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
        "onboarding_fee_share": 0.6,
        "onboarding_fee_usd": 3000.0,
        "core_adoption_speed": 0.34,
        "sales_cycle_days": (30, 120),
        "contacts": (6, 13),
        "exec_sponsor_share": 0.35,
        "activation": (45, 5, 0.68, 0.70),
        "activities_per_month": 4.0,
        "tickets_per_month": 0.6,
        "milestone_days": (45, 60, 120, 240, 330),
    },
    "enterprise": {
        "mu": 0.71,
        "mu_sd": 0.08,
        "decline_hazard": 0.011,
        "churn_month": 0.006,
        "churn_term": 0.05,
        "growth": 0.02,
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
        "onboarding_fee_share": 0.6,
        "onboarding_fee_usd": 15000.0,
        "core_adoption_speed": 0.38,
        "sales_cycle_days": (30, 120),
        "contacts": (10, 26),
        "exec_sponsor_share": 0.85,
        "activation": (60, 7, 0.74, 0.74),
        "activities_per_month": 7.0,
        "tickets_per_month": 1.2,
        "milestone_days": (60, 90, 150, 270, 300),
    },
}

ADDON_WEIGHTS = {"insights": 0.35, "automation": 0.25, "governance": 0.20, "connect": 0.20}


@dataclass(frozen=True)
class AccountParams:
    """Per-account draws made once, before the first month."""

    anchor_day_max: int = 28  # billing anchor: day of month in [0, 28), hour in anchor_hours
    anchor_hours: tuple[int, int] = (7, 20)
    health_mu_bounds: tuple[float, float] = (0.2, 0.92)
    api_units_per_user: tuple[float, float] = (
        1000.0,
        0.75,
    )  # log-normal platform units per active user-month
    gate_appetite: tuple[float, float] = (0.25, 1.0)  # log-normal appetite for premium features
    interest_rate_max: float = 0.6  # cross-sell interest build-up per add-on line: max x U^2
    interest_rate_power: float = 2.0
    customer_created_hours: tuple[int, int] = (1, 72)  # billing customer created this many hours before start


@dataclass(frozen=True)
class HealthParams:
    """Latent monthly health, decline episodes, churn decisions and reactivation."""

    ar: float = 0.80  # persistence of the monthly health noise
    noise: float = 0.06
    bounds: tuple[float, float] = (0.02, 0.98)
    trailing_months: int = 3  # window of the trailing health that renewals and churn decisions read
    decline_step: float = 0.07  # health lost per month of a decline episode
    decline_max: float = 0.45
    decline_recovery: float = 0.75  # share of the decline left each month after an episode
    decline_months: tuple[int, int] = (4, 9)
    champion_left_on_decline: float = 0.35  # a champion walking out often starts the slide
    champion_left_monthly: float = 0.012  # ordinary job changes, whatever the account's health
    champion_left_on_churn: float = 0.3
    champion_event_days: tuple[int, int] = (1, 27)  # day of month of a champion leaving
    champion_event_hours: tuple[int, int] = (8, 19)
    churn_slope: float = 6.0  # churn odds multiply by e^(slope x (pivot - trailing health))
    churn_pivot: float = 0.55
    churn_cap: float = 0.95
    churn_term_per_year: float = 0.1  # extra churn probability per extra contract year
    churn_visible_share: float = 0.85  # churners that visibly decline first (the rest: out of the blue)
    churn_decline_floor: float = 0.12
    churn_lead_monthly: int = 4  # months between decision and churn on monthly terms (+1 half the time)
    churn_lead_monthly_extra: float = 0.5
    churn_lead_term: int = 5  # months before a term end the decision is taken
    reactivation_hazard: float = 0.04  # monthly, between reactivation_gap months after churn
    reactivation_gap: tuple[int, int] = (2, 12)
    reactivation_min_health: float = 0.45


@dataclass(frozen=True)
class UsageStateParams:
    """Monthly seat demand, activation, metered units, gate propensity, interest and adoption."""

    demand_health_slope: float = 0.04  # monthly demand growth per unit of health above the mean
    demand_noise: float = 0.02
    activation_base: float = 0.18
    activation_slope: float = 0.85
    activation_noise: float = 0.05
    activation_floor: float = 0.2
    saturation: float = 0.95  # demand at this share of the seat cap means the seats are all used
    saturated_base: float = 0.86
    saturated_slope: float = 0.1
    saturated_noise: float = 0.02
    seasonality: float = 0.03  # amplitude of the yearly usage cycle
    platform_base: float = 0.55
    platform_slope: float = 0.8
    platform_noise: float = 0.05
    automation_base: float = 0.5
    automation_slope: float = 0.9
    automation_noise: float = 0.06
    gate_health_offset: float = 0.4
    interest_decay: float = 0.85
    interest_growth_boost: float = 2.0
    adoption_health_offset: float = 0.4
    adoption_feature_step: float = 0.045  # each later core feature is adopted this much less often
    segment_up_arr_usd: tuple[float, float] = (
        36000.0,
        160000.0,
    )  # smb -> mid-market, mid-market -> enterprise


@dataclass(frozen=True)
class LandingParams:
    """First subscription (or reactivation): terms, trial, seats, add-ons, fees."""

    auto_renew_monthly: float = 0.9
    auto_renew_term: float = 0.75
    reactivation_seat_share: float = 0.7
    demand_share: tuple[float, float] = (0.7, 0.95)  # seat demand against landed seats
    flat_users: tuple[float, float] = (3.0, 8.5)
    usage_demand_share: float = 0.8
    usage_commit_share: tuple[float, float] = (0.5, 0.9)  # usage plans use this share of the commitment
    typical_activation: float = 0.75
    typical_usage_factor: float = 1.05
    second_addon_enterprise: float = 0.3
    free_connect: float = 0.04  # a free add-on thrown into the deal
    workflow_runs_per_user: tuple[float, float] = (120.0, 0.5)  # log-normal
    automation_commit_share: tuple[float, float] = (0.4, 0.8)
    fee_spread: tuple[float, float] = (0.6, 1.6)
    instant_churn_smb: float = 0.02  # monthly SMB landings that leave within the month
    instant_churn_max_day: int = 12
    instant_churn_days: tuple[int, int] = (3, 12)
    trial_conversion: float = 0.7
    governance_enterprise_tier: float = 0.5
    governance_min_seats: int = 10


@dataclass(frozen=True)
class RenewalParams:
    """Term ends: price uplifts, right-sizing, dropped add-ons, downgrades, cancellations."""

    uplift_min_health: float = 0.45
    uplift: tuple[float, float] = (0.03, 0.10)
    rightsize_used_share: tuple[float, float] = (0.5, 0.7)  # healthy / unhealthy accounts
    rightsize_health: float = 0.6
    rightsize_headroom: tuple[float, float] = (1.1, 1.3)
    drop_addon_health: float = 0.42
    drop_addon: float = 0.5
    downgrade_health: float = 0.38
    downgrade: float = 0.35
    notice_days_monthly: tuple[int, int] = (2, 12)
    notice_days_term: tuple[int, int] = (10, 75)
    notice_days_pending: tuple[int, int] = (30, 60)  # cancellation requested before as-of, effective later
    reason_random_health: float = 0.3  # above it the cancel reason is any reason
    reason_random: float = 0.5
    reason_low_adoption: float = 0.6  # else payment_failed


@dataclass(frozen=True)
class ChangeParams:
    """Self-serve seat moves and mid-term downgrades."""

    min_months_paid: int = 3
    days: tuple[int, int] = (2, 26)
    hours: tuple[int, int] = (0, 8)
    seat_used_share: float = 0.5
    seat_health: float = 0.5
    seat_decrease: float = 0.25
    seat_headroom: float = 1.1
    downgrade_health: float = 0.3
    downgrade: float = 0.03
    downgrade_min_rank: int = 2


@dataclass(frozen=True)
class BillingParams:
    """Invoices: tax, credits, voids, payment terms and payment behaviour."""

    tax_rate: dict = field(default_factory=lambda: {"EUR": 0.20, "GBP": 0.20, "AUD": 0.10, "CAD": 0.05})
    us_sales_tax_share: float = 0.4
    us_sales_tax: float = 0.07
    credit: float = 0.03  # invoices with a service credit for an incident
    credit_share: tuple[float, float] = (0.03, 0.12)
    void: float = 0.02
    reissue_days: tuple[int, int] = (1, 4)
    overdue_grace_days: int = 3
    trouble_health: float = 0.35
    trouble: float = 0.35
    trouble_any: float = 0.01
    write_off_days: int = 100
    min_terms_days: int = 2
    pay_lag_factor: float = 1.2
    pay_hours: tuple[int, int] = (1, 20)
    overage_hour: int = 3  # usage lines are issued at 03:xx on the 1st of the next month


@dataclass(frozen=True)
class OpportunityParams:
    """New-business, renewal and services opportunities around landings and term ends."""

    close_hours: tuple[int, int] = (1, 72)
    geo_csm: float = 0.5
    partner: float = 0.12
    smb_product: float = 0.4
    earlier_loss: float = 0.15
    earlier_loss_gap_days: tuple[int, int] = (20, 200)
    earlier_loss_open_days: tuple[int, int] = (15, 90)
    earlier_loss_amount: tuple[float, float] = (0.8, 1.3)
    services: float = 0.25  # non-SMB landings that buy professional services
    services_days: tuple[int, int] = (30, 200)
    services_fee_usd: tuple[float, float] = (5000, 40000)
    services_open_days: tuple[int, int] = (10, 30)
    trial_lost_open_days: int = 14
    renewal_open_days: tuple[int, int] = (90, 121)
    smb_renewal_csm: float = 0.5


@dataclass(frozen=True)
class DealParams:
    """Leading signals, the deals they open, CSQL stage timing and the billing change of a won deal."""

    signal_hour: int = 6  # month-level signals are seen at the next month close, at this hour
    hot_usage_ratio: float = 0.8  # platform usage at this share of the limit is a hot month
    hot_automation_ratio: float = 0.9
    promotion_base: float = 0.012  # monthly chance of a champion promotion
    promotion_slope: float = 0.03
    promotion_pivot: float = 0.6
    promotion_days: tuple[int, int] = (1, 27)
    promotion_hours: tuple[int, int] = (8, 18)
    seat_need: float = 0.9  # demand at this share of the seat cap is a real seat need
    hot_months: int = 2
    gate_cluster_max: float = 0.2
    gate_cluster_rate: float = 0.01
    gate_days: tuple[int, int] = (9, 26)
    gate_hours: tuple[int, int] = (8, 20)
    interest_need: float = 1.2
    overuse: float = 1.05
    invites: int = 3
    dau_min_active: float = 5
    dau_growth: float = 1.2
    renewal_days: int = 60
    renewal_health: float = 0.7
    headcount_min_month: int = 12
    headcount_growth: float = 0.19
    headcount_hour: int = 9
    pursue_real: float = 0.5  # chance a CSM acts on a signal, x (offset + health)
    pursue_speculative: float = 0.2
    pursue_health_offset: float = 0.4
    # Activation first: a CSM rarely works an expansion on an account that is not activated
    # (SEGMENT[...]["activation"]); the product's self-serve upgrades follow the same rule.
    pursue_unactivated: float = 0.02
    uplift_unactivated: float = 0.05  # renewal price uplifts are mostly kept for activated accounts
    # Trigger cooldowns (days) as in seeds/triggers/trigger_catalogue.csv: a CSM only sees a
    # firing, and the warehouse only fires on a transition into the condition after the cooldown.
    trigger_cooldown_days: tuple = (
        ("usage_limit_80pct", 90),
        ("seats_90pct_active", 90),
        ("gated_feature_hits", 30),
        ("headcount_growth", 180),
        ("renewal_60d_healthy", 90),
        ("dau_wau_growth", 90),
        ("champion_promoted", 90),
        ("teammates_invited", 60),
    )
    seat_active_ratio: float = 0.9  # active users per seat that the seats trigger watches
    # chance a CSM opens a CSQL / deal on a firing, by whether the account really needs more
    respond_real: float = 1.0
    respond_speculative: float = 0.7
    self_serve_cross_sell: float = 0.2  # monthly chance an activated, interested account adds a line in-app
    # month-level usage alerts the CSM trusts less (noisy month to month): response scaled by this
    respond_noisy: float = 0.3
    noisy_triggers: tuple = ("seats_90pct_active", "dau_wau_growth")
    seat_ask: tuple[float, float] = (1.05, 1.2)  # seats asked against demand (real need)
    seat_ask_speculative: tuple[float, float] = (1.03, 1.08)  # against current seats
    tier_headroom: float = 1.1
    win_base: float = 0.55
    win_slope: float = 0.9
    win_pivot: float = 0.55
    win_bounds: tuple[float, float] = (0.2, 0.9)
    win_speculative: float = 0.12
    csql_arr: float = 40000  # deals above this ARR always go through a CSQL
    csql_fast: float = 0.9  # CSQLs created within csql_fast_hours of the signal
    csql_fast_hours: tuple[float, float] = (0.3, 36.0)
    csql_slow_hours: tuple[float, float] = (49.0, 110.0)
    # stage, business days (randint lo..hi) normally, chance of breaching the SLA, business days when breached
    stages: tuple = (
        ("qualified", 1, 5, 0.10, 6, 12),
        ("proposal_sent", 2, 10, 0.12, 11, 20),
        ("negotiation", 1, 6, 0.05, 7, 12),
    )
    # business days from entering negotiation to the close: randint lo..hi, or with the breach
    # chance blo..bhi (past the 15-business-day negotiation SLA)
    negotiation_days: tuple[int, int, float, int, int] = (3, 15, 0.15, 16, 30)
    lost_stage: tuple[int, int] = (1, 4)
    lost_stop: float = 0.5
    negotiation_min_arr: float = 8000
    skip_negotiation: float = 0.25
    proposal_min_arr: float = 2500
    skip_proposal: float = 0.5
    stage_jitter_hours: tuple[int, int] = (-3, 4)
    close_days: tuple[int, int] = (1, 6)  # business days, randint (inclusive)
    close_hours: tuple[int, int] = (0, 6)
    ae_arr: float = 50000
    ae_share: float = 0.5
    partner: float = 0.25
    direct_open_days: tuple[float, float] = (0.5, 6)
    product_close_hours: tuple[int, int] = (1, 48)
    direct_close_days: tuple[int, int] = (10, 40)  # business days, randint (inclusive)
    exec_half_days: tuple[int, int] = (1, 5)  # billing change this many half-days after the close
    exec_hours: tuple[int, int] = (0, 4)
    cross_sell_automation_share: tuple[float, float] = (0.35, 0.7)
    cross_sell_activation: float = 0.7


@dataclass(frozen=True)
class UserParams:
    """Provisioned users: turnover, invites, roles, departments, power users."""

    turnover: float = 0.3
    landing_skew: float = 2.0  # first-month users arrive early in the month
    first_admin_minutes: tuple[int, int] = (5, 90)
    invited: float = 0.85
    invite_lead_minutes: tuple[int, int] = (5, 36 * 60)
    admin: float = 0.05
    viewer: float = 0.2
    dept_team_size: float = 6.0  # departments spread as log2(1 + users / size)
    dept_skew: float = 1.6
    factor: tuple[float, float] = (1.0, 0.5)  # log-normal activity factor of a user
    power_user: float = 0.08
    power_factor: float = 3.0
    deactivate_hours: tuple[int, int] = (1, 96)
    plain_emails: int = 40  # the first users get name-only emails; later ones a number half the time
    numbered_email: float = 0.5


@dataclass(frozen=True)
class CrmParams:
    """Contacts, champions, snapshots, activities, support tickets, NPS and milestones."""

    prospect_contacts: tuple[int, int] = (1, 3)
    seniority_weights: tuple = (0.30, 0.30, 0.20, 0.12, 0.08)  # ic, manager, director, vp, c_level
    early_contact: float = 0.6
    early_contact_days: float = 45
    late_contact_margin_days: int = 10
    title_variants: int = 4
    exec_c_level: float = 0.5
    successor_days: tuple[float, float] = (10, 70)
    contact_turnover: float = 0.12
    contact_tenure_days: tuple[int, int] = (30, 900)
    funded_enterprise: float = 0.1
    funded: float = 0.45
    funding_rounds: tuple[int, int] = (1, 4)
    funding_from_month: int = -12  # rounds fall in months [-12, months) of the calendar
    funding_day: int = 12  # rounds are announced on the 13th
    headcount_noise: float = 0.006
    open_roles_rate: float = 0.08
    open_roles_spread: tuple[float, float] = (0.6, 1.4)
    min_employees: int = 2
    workday_start_hour: int = 8
    workday_hours: int = 10
    activity_health_base: float = 0.15
    activity_health_slope: float = 1.1
    activity_health_power: float = 1.5
    # activity type -> share of the monthly touches (QBRs are scheduled separately)
    activity_mix: tuple = (
        ("email", 0.45),
        ("call", 0.25),
        ("meeting", 0.22),
        ("event", 0.05),
        ("webinar", 0.03),
    )
    qbr_every_months: int = (
        3  # QBRs for mid-market and enterprise, in the last month of each quarter of tenure
    )
    qbr_base: float = 0.35
    qbr_slope: float = 0.6
    ae_activity: float = 0.15
    ticket_users: float = 20.0
    ticket_users_offset: float = 0.5
    ticket_health_base: float = 0.3
    ticket_health_slope: float = 4.5
    ticket_jitter_minutes: int = 60
    priority_health: float = 0.25
    priority_cuts: tuple[float, float, float] = (0.05, 0.25, 0.75)  # urgent, high, normal, else low
    feature_request: float = 0.12
    line_noise: float = 0.3
    resolve_hours: tuple[float, float, float] = (4.0, 12.0, 30.0)  # median for urgent, high, other
    resolve_sigma: float = 0.9
    feature_request_parked: float = 0.5
    feature_request_parked_days: int = 20
    csat_base: float = 1.2
    csat_slope: float = 4.2
    csat_noise: float = 0.7
    csat_answered: float = 0.55
    nps_every_months: int = 6
    nps_respondents: tuple[int, int] = (1, 4)
    nps_extra_enterprise: tuple[int, int] = (0, 3)
    nps_response_base: float = 0.55
    nps_response_slope: float = 0.3
    nps_base: float = 0.8
    nps_slope: float = 10.0
    nps_noise: float = 1.2
    milestone_horizon_days: int = 60
    milestone_base: float = 0.15
    milestone_slope: float = 0.85
    milestone_offset_days: tuple[float, float] = (-4.0, 14.0)  # normal(mean, sd) around the target
    milestone_hours: tuple[int, int] = (9, 17)
    milestone_min_days: int = 3


@dataclass(frozen=True)
class EventParams:
    """Product-usage events: volume per active user, metered usage, gate hits, account events."""

    per_active_user_month: float = 2.5  # sessions + feature usage, before engagement scaling
    power_user_factor: float = 2.0  # users with an activity factor above this are power users
    power_user_activity: float = 1.4
    health_offset: float = 0.45
    session_share: float = 0.4
    feature_share: float = 0.6
    feature_floor: float = 0.3  # extra feature_used events per active user-month
    core_weight: float = 1.0  # popularity of features in feature_used events
    premium_weight: float = 0.35
    other_weight: float = 0.6
    core_weight_range: tuple[float, float] = (2.0, 0.5)  # first to last core feature
    metered_users_per_event: float = 3.0
    metered_events: tuple[int, int] = (2, 16)  # metered_usage events per account-month (clip)
    metered_weight_floor: float = 0.2
    limit_hit_repeats: float = 1.0  # extra usage_limit_hit events after a crossing (Poisson mean)
    limit_hit_days: int = 3
    gate_hit_share: float = 0.5
    gate_cluster_offsets: tuple = ((1, 2), (0, 6), (0, 0))  # (days, hours) before the CSQL signal
    gate_addon_base: float = 0.15
    early_months: int = 2
    integrations: tuple[float, float, float] = (0.08, 0.9, 4.0)
    imports: tuple[float, float, float] = (0.25, 1.5, 6.0)
    admin_changes: tuple[float, float, float] = (0.3, 0.6, 0.4)
    activation_days: int = 6  # core features are activated in the first days of the adoption month


@dataclass(frozen=True)
class LoadParams:
    """When rows reach the warehouse (`_loaded_at`): sync lags of each kind of table."""

    catalog_load_hours: int = 1  # products, plans, features: once, this long after the history start
    fx_load_hours: int = 2  # FX rates: the next day at this hour
    gtm_load_days: int = 5  # GTM costs: this many days after the month closes
    sync_median_hours: float = 3.0  # other tables: log-normal sync lag after the row's last change
    sync_sigma: float = 0.9
    sync_min_seconds: int = 60
    event_lag_minutes: float = 20.0  # events: log-normal collector lag
    event_lag_sigma: float = 1.0
    event_min_seconds: int = 1
    event_late: float = 0.01  # share of events that arrive days late
    event_late_days: tuple[float, float] = (1.0, 3.0)


@dataclass(frozen=True)
class MasterParams:
    """The account universe: segment and region mix, hierarchy, size, growth, owners, landing."""

    child_share: float = 0.10  # accounts that are business units of another account
    min_accounts_for_children: int = 10
    root_segments: tuple = (0.64, 0.255, 0.105)  # smb, mid-market, enterprise (overall ~60/28/12)
    root_regions: tuple = (0.50, 0.30, 0.13, 0.07)  # names.REGIONS order
    enterprise_parent_weight: float = 4.0  # enterprise roots adopt children this much more often
    grandchild_share: float = 0.15  # children hanging under an earlier child (3-level chains)
    min_children_for_chains: int = 3
    child_segments: tuple = (0.25, 0.50, 0.25)  # capped at the parent's segment
    child_same_region: float = 0.5
    child_regions: tuple = (0.4, 0.35, 0.17, 0.08)
    accounts_per_csm: int = 45
    min_csms: int = 3
    accounts_per_ae: int = 90
    min_aes: int = 2
    fast_growth_share: float = 0.15  # companies growing headcount 25-45% a year
    fast_growth: tuple[float, float] = (0.25, 0.2)  # base + spread x U
    growth_sd: float = 0.08
    segment_growth: tuple = (("smb", 0.07), ("mid_market", 0.06), ("enterprise", 0.04))
    fiscal_start_months: tuple = (1, 1, 1, 4, 7, 10)  # drawn uniformly: most fiscal years start in January
    child_land_months: tuple[int, int] = (3, 21)  # a business unit signs this many months after its parent
    prospect_lead_days: tuple[float, float] = (30, 160)  # CRM record created before the first deal closes
    prospect_hours: tuple[int, int] = (8, 18)
    deleted_duplicates: float = 0.01  # leaf roots that are soft-deleted duplicates and never buy
    installed_base: float = 0.30  # roots already customers in the first months
    installed_base_months: int = 3
    region_currency: dict = field(  # region -> (currencies, probabilities)
        default_factory=lambda: {
            "na": (("USD", "CAD"), (0.88, 0.12)),
            "emea": (("EUR", "GBP", "USD"), (0.55, 0.35, 0.10)),
            "apac": (("AUD", "USD"), (0.45, 0.55)),
            "latam": (("USD",), (1.0,)),
        }
    )
    employees: dict = field(  # segment -> headcount (median, log sd, min, max)
        default_factory=lambda: {
            "smb": (60, 0.8, 8, 400),
            "mid_market": (700, 0.6, 150, 4000),
            "enterprise": (9000, 0.8, 1500, 120000),
        }
    )


@dataclass(frozen=True)
class Params:
    segment: dict = field(default_factory=lambda: SEGMENT)
    addon_weights: dict = field(default_factory=lambda: ADDON_WEIGHTS)
    account: AccountParams = AccountParams()
    health: HealthParams = HealthParams()
    usage: UsageStateParams = UsageStateParams()
    landing: LandingParams = LandingParams()
    renewal: RenewalParams = RenewalParams()
    changes: ChangeParams = ChangeParams()
    billing: BillingParams = BillingParams()
    opportunities: OpportunityParams = OpportunityParams()
    deals: DealParams = DealParams()
    users: UserParams = UserParams()
    crm: CrmParams = CrmParams()
    events: EventParams = EventParams()
    load: LoadParams = LoadParams()
    master: MasterParams = MasterParams()


DEFAULT = Params()
