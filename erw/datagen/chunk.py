"""Containers of one processing chunk: id sequences, output rows and the per-month state arrays.

`ChunkSim` is what the billing simulation of a chunk hands to the vectorised usage and CRM
generators: its arrays (health, users, activation, tier, owned add-ons, metered units, ...) are
indexed by (local account, month), and its `rows` hold the billing and sales tables.
"""

from __future__ import annotations

import numpy as np

from . import catalog as cat
from .accounts import NEVER

N_CORE = len(cat.CORE_FEATURES)


SIM_TABLES = {  # tables the billing simulation writes, with their columns
    "customers": ("customer_id", "account_id", "currency", "created_at"),
    "subscriptions": (
        "subscription_id",
        "customer_id",
        "status",
        "started_at",
        "current_term_start",
        "current_term_end",
        "term_months",
        "auto_renew",
        "canceled_at",
        "cancel_reason",
    ),
    "subscription_items": (
        "subscription_item_id",
        "subscription_id",
        "customer_id",
        "plan_id",
        "quantity",
        "unit_price",
        "discount_pct",
        "currency",
        "valid_from",
        "valid_to",
        "change_reason",
    ),
    "invoices": (
        "invoice_id",
        "customer_id",
        "status",
        "currency",
        "issued_at",
        "due_at",
        "paid_at",
        "total_amount",
    ),
    "invoice_lines": (
        "invoice_line_id",
        "invoice_id",
        "subscription_id",
        "subscription_item_id",
        "plan_id",
        "line_type",
        "quantity",
        "unit_amount",
        "discount_amount",
        "amount",
        "service_period_start",
        "service_period_end",
    ),
    "users": (
        "user_id",
        "account_id",
        "email",
        "department",
        "role",
        "created_at",
        "deactivated_at",
        "invited_by_user_id",
        "_local",
        "_factor",
        "_invited_at",
        "_inviter_seq",
    ),
    "opportunities": (
        "opportunity_id",
        "account_id",
        "opportunity_type",
        "expansion_type",
        "source",
        "amount_arr",
        "currency",
        "stage",
        "created_at",
        "closed_at",
        "is_closed",
        "is_won",
        "loss_reason",
        "csql_id",
    ),
    "csqls": ("csql_id", "account_id", "trigger_key", "signal_at", "created_at", "owner_id"),
    "csql_stage_history": ("csql_id", "stage", "entered_at"),
}


class Ids:
    """Sequential ids per prefix; chunks run in order so ids are deterministic."""

    WIDTH = {
        "cus": 7,
        "sub": 8,
        "si": 9,
        "inv": 9,
        "il": 11,
        "usr": 9,
        "opp": 8,
        "csql": 7,
        "con": 8,
        "ms": 8,
    }

    def __init__(self):
        self.count: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        n = self.count.get(prefix, 0) + 1
        self.count[prefix] = n
        return f"{prefix}_{n:0{self.WIDTH[prefix]}d}"


class Rows:
    """Column lists for one output table."""

    def __init__(self, columns):
        self.cols = {c: [] for c in columns}

    def add(self, *values):
        for col, value in zip(self.cols.values(), values, strict=True):
            col.append(value)

    def __len__(self):
        return len(next(iter(self.cols.values())))


class ChunkSim:
    """Everything the billing simulation of one chunk produced."""

    def __init__(self, n: int, months: int):
        self.n = n
        shape = (n, months)
        self.alive = np.zeros(shape, dtype=bool)  # account has a live (paid or trial) subscription
        self.health = np.zeros(shape)
        self.users = np.zeros(shape)  # provisioned users at month end
        self.act = np.zeros(shape)  # share of provisioned users active in the month
        self.tier = np.zeros(shape, dtype=np.int64)  # core tier rank
        self.owned = np.zeros(shape, dtype=np.int64)  # bitmask of owned add-on lines
        self.u_plat = np.zeros(shape, dtype=np.int64)  # metered platform units in the month
        self.u_auto = np.zeros(shape, dtype=np.int64)  # metered automation units
        self.l_plat = np.full(shape, -1, dtype=np.int64)  # monthly limit (-1 = unlimited / none)
        self.l_auto = np.full(shape, -1, dtype=np.int64)
        self.gate = np.zeros(shape)  # expected feature-gate hits
        self.growth = np.zeros(shape)  # seat-demand growth this month (log)
        self.interest = np.zeros((n, len(cat.ADDON_LINES)))  # latest cross-sell interest per add-on line
        self.core_adopt = np.full((n, N_CORE), NEVER, dtype=np.int64)  # month each core feature is adopted
        self.segment = np.zeros(shape, dtype=np.int64)  # index into SEGMENTS, as of the month
        self.land_us = np.full(n, -1, dtype=np.int64)  # first subscription start (-1 = never)
        self.onboarded_us = np.full(n, -1, dtype=np.int64)
        self.customer_id: list[str | None] = [None] * n
        self.champion_events: list[tuple[int, str, int]] = []  # (local account, "promoted"/"left", ts)
        self.gate_clusters: list[tuple[int, int, int]] = []  # (local account, month, signal ts)
        self.services: list[tuple[int, int]] = []  # (local account, ts) for milestones/activities
        self.rows = {name: Rows(cols) for name, cols in SIM_TABLES.items()}
