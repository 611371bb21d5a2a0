"""The raw source contract (SPEC section 4) as data.

One entry per raw table: its system, primary key and ordered columns with a
logical type. The generator writes exactly these columns; pytest checks the
generated files and the dbt source YAML against this module, so a contract
change shows up as a failing test rather than a silent drift.

Logical types map to Parquet/Arrow types as follows:
    string    -> utf8
    int       -> int64
    float     -> float64   (money and prices in the row's own currency)
    bool      -> bool
    timestamp -> timestamp[us], naive, always UTC
    date      -> date32
"""

from __future__ import annotations

import pyarrow as pa

ARROW_TYPES = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us"),
    "date": pa.date32(),
}

LOADED_AT = ("_loaded_at", "timestamp")

# system -> table -> {"key": [...], "columns": [(name, type), ...]}
TABLES: dict[str, dict[str, dict]] = {
    "billing": {
        "customers": {
            "key": ["customer_id"],
            "columns": [
                ("customer_id", "string"),
                ("account_id", "string"),
                ("currency", "string"),
                ("created_at", "timestamp"),
            ],
        },
        "products": {
            "key": ["product_id"],
            "columns": [
                ("product_id", "string"),
                ("product_name", "string"),
                ("product_line", "string"),
                ("is_addon", "bool"),
            ],
        },
        "plans": {
            "key": ["plan_id"],
            "columns": [
                ("plan_id", "string"),
                ("product_id", "string"),
                ("plan_name", "string"),
                ("tier", "string"),
                ("tier_rank", "int"),
                ("billing_interval_months", "int"),
                ("pricing_model", "string"),
                ("list_unit_price", "float"),
                ("currency", "string"),
                ("included_seats", "int"),
                ("usage_limit_units", "int"),
            ],
        },
        "subscriptions": {
            "key": ["subscription_id"],
            "columns": [
                ("subscription_id", "string"),
                ("customer_id", "string"),
                ("status", "string"),
                ("started_at", "timestamp"),
                ("current_term_start", "timestamp"),
                ("current_term_end", "timestamp"),
                ("term_months", "int"),
                ("auto_renew", "bool"),
                ("canceled_at", "timestamp"),
                ("cancel_reason", "string"),
            ],
        },
        "subscription_items": {
            "key": ["subscription_item_id"],
            "columns": [
                ("subscription_item_id", "string"),
                ("subscription_id", "string"),
                ("customer_id", "string"),
                ("plan_id", "string"),
                ("quantity", "float"),
                ("unit_price", "float"),
                ("discount_pct", "float"),
                ("currency", "string"),
                ("valid_from", "timestamp"),
                ("valid_to", "timestamp"),
                ("change_reason", "string"),
            ],
        },
        "invoices": {
            "key": ["invoice_id"],
            "columns": [
                ("invoice_id", "string"),
                ("customer_id", "string"),
                ("status", "string"),
                ("currency", "string"),
                ("issued_at", "timestamp"),
                ("due_at", "timestamp"),
                ("paid_at", "timestamp"),
                ("total_amount", "float"),
            ],
        },
        "invoice_lines": {
            "key": ["invoice_line_id"],
            "columns": [
                ("invoice_line_id", "string"),
                ("invoice_id", "string"),
                ("subscription_id", "string"),
                ("subscription_item_id", "string"),
                ("plan_id", "string"),
                ("line_type", "string"),
                ("quantity", "float"),
                ("unit_amount", "float"),
                ("discount_amount", "float"),
                ("amount", "float"),
                ("service_period_start", "timestamp"),
                ("service_period_end", "timestamp"),
            ],
        },
    },
    "usage": {
        "users": {
            "key": ["user_id"],
            "columns": [
                ("user_id", "string"),
                ("account_id", "string"),
                ("email", "string"),
                ("department", "string"),
                ("role", "string"),
                ("created_at", "timestamp"),
                ("deactivated_at", "timestamp"),
                ("invited_by_user_id", "string"),
            ],
        },
        "features": {
            "key": ["feature_key"],
            "columns": [
                ("feature_key", "string"),
                ("feature_name", "string"),
                ("product_line", "string"),
                ("is_core", "bool"),
                ("is_premium", "bool"),
                ("min_tier_rank", "int"),
            ],
        },
        "events": {
            "key": ["event_id"],
            "columns": [
                ("event_id", "string"),
                ("account_id", "string"),
                ("user_id", "string"),
                ("event_name", "string"),
                ("feature_key", "string"),
                ("quantity", "float"),
                ("occurred_at", "timestamp"),
            ],
        },
    },
    "crm": {
        "accounts": {
            "key": ["account_id"],
            "columns": [
                ("account_id", "string"),
                ("account_name", "string"),
                ("parent_account_id", "string"),
                ("segment", "string"),
                ("industry", "string"),
                ("region", "string"),
                ("employee_count", "int"),
                ("csm_owner_id", "string"),
                ("ae_owner_id", "string"),
                ("fiscal_year_start_month", "int"),
                ("created_at", "timestamp"),
                ("onboarded_at", "timestamp"),
                ("is_deleted", "bool"),
            ],
        },
        "account_snapshots": {
            "key": ["account_id", "snapshot_date"],
            "columns": [
                ("account_id", "string"),
                ("snapshot_date", "date"),
                ("segment", "string"),
                ("employee_count", "int"),
                ("open_roles", "int"),
                ("last_funding_at", "timestamp"),
            ],
        },
        "contacts": {
            "key": ["contact_id"],
            "columns": [
                ("contact_id", "string"),
                ("account_id", "string"),
                ("email", "string"),
                ("full_name", "string"),
                ("title", "string"),
                ("seniority", "string"),
                ("department", "string"),
                ("is_champion", "bool"),
                ("is_exec_sponsor", "bool"),
                ("created_at", "timestamp"),
                ("left_company_at", "timestamp"),
            ],
        },
        "contact_history": {
            "key": ["contact_id", "changed_at", "field"],
            "columns": [
                ("contact_id", "string"),
                ("changed_at", "timestamp"),
                ("field", "string"),
                ("old_value", "string"),
                ("new_value", "string"),
            ],
        },
        "opportunities": {
            "key": ["opportunity_id"],
            "columns": [
                ("opportunity_id", "string"),
                ("account_id", "string"),
                ("opportunity_type", "string"),
                ("expansion_type", "string"),
                ("source", "string"),
                ("amount_arr", "float"),
                ("currency", "string"),
                ("stage", "string"),
                ("created_at", "timestamp"),
                ("closed_at", "timestamp"),
                ("is_closed", "bool"),
                ("is_won", "bool"),
                ("loss_reason", "string"),
                ("csql_id", "string"),
            ],
        },
        "csqls": {
            "key": ["csql_id"],
            "columns": [
                ("csql_id", "string"),
                ("account_id", "string"),
                ("trigger_key", "string"),
                ("signal_at", "timestamp"),
                ("created_at", "timestamp"),
                ("owner_id", "string"),
            ],
        },
        "csql_stage_history": {
            "key": ["csql_id", "stage"],
            "columns": [
                ("csql_id", "string"),
                ("stage", "string"),
                ("entered_at", "timestamp"),
            ],
        },
        "nps_responses": {
            "key": ["response_id"],
            "columns": [
                ("response_id", "string"),
                ("account_id", "string"),
                ("contact_id", "string"),
                ("responded_at", "timestamp"),
                ("score", "int"),
            ],
        },
        "support_tickets": {
            "key": ["ticket_id"],
            "columns": [
                ("ticket_id", "string"),
                ("account_id", "string"),
                ("created_at", "timestamp"),
                ("resolved_at", "timestamp"),
                ("priority", "string"),
                ("category", "string"),
                ("csat_score", "int"),
                ("is_feature_request", "bool"),
                ("requested_product_line", "string"),
            ],
        },
        "activities": {
            "key": ["activity_id"],
            "columns": [
                ("activity_id", "string"),
                ("account_id", "string"),
                ("contact_id", "string"),
                ("activity_type", "string"),
                ("occurred_at", "timestamp"),
                ("owner_id", "string"),
            ],
        },
        "success_milestones": {
            "key": ["milestone_id"],
            "columns": [
                ("milestone_id", "string"),
                ("account_id", "string"),
                ("milestone_type", "string"),
                ("target_date", "date"),
                ("achieved_at", "timestamp"),
            ],
        },
    },
    "finance": {
        "fx_rates": {
            "key": ["rate_date", "currency"],
            "columns": [
                ("rate_date", "date"),
                ("currency", "string"),
                ("usd_per_unit", "float"),
            ],
        },
        "gtm_costs": {
            "key": ["cost_month", "team", "motion"],
            "columns": [
                ("cost_month", "date"),
                ("team", "string"),
                ("motion", "string"),
                ("amount_usd", "float"),
            ],
        },
    },
}

# Quarantine reason codes shared by the generator's dirty-row manifest and the
# staging models. Each planted bad row carries exactly one of these.
REASONS = (
    "duplicate",  # superseded copy of a re-synced row (same key, latest _loaded_at wins)
    "orphan_key",  # a foreign key that matches no row of its parent table
    "negative_quantity",
    "unknown_currency",  # currency code absent from finance.fx_rates
    "missing_service_period",  # recurring/usage/proration line without a service period
    "future_timestamp",  # business timestamp later than the row's own _loaded_at
)


def columns(system: str, table: str, with_loaded_at: bool = True) -> list[tuple[str, str]]:
    """Ordered (name, logical type) pairs of a raw table."""
    cols = list(TABLES[system][table]["columns"])
    return cols + [LOADED_AT] if with_loaded_at else cols


def arrow_schema(system: str, table: str) -> pa.Schema:
    """Arrow schema the generator writes for a raw table (includes _loaded_at)."""
    return pa.schema([(name, ARROW_TYPES[kind]) for name, kind in columns(system, table)])


def all_tables() -> list[tuple[str, str]]:
    return [(system, table) for system, tables in TABLES.items() for table in tables]


# Tables written as a directory of load files (`<system>/<table>/<load>.parquet`, one file per
# load) instead of one file: a new load is a new file, and readers glob the directory.
LOAD_FILE_TABLES = ("events",)


def raw_location(root, system: str, table: str) -> str:
    """Path (or glob) of a raw table under `root` in the generator's layout."""
    if table in LOAD_FILE_TABLES:
        return f"{root}/{system}/{table}/*.parquet"
    return f"{root}/{system}/{table}.parquet"
