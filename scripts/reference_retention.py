"""Independent reference implementation of SPEC section 5 retention figures.

Written from the written definitions only (SPEC sections 4 and 5, issue 3), in pandas, straight from the raw
Parquet files, to cross-check the dbt marts ``rpt_retention_ttm``, ``fct_cohort_retention`` and ``fct_mrr``.

Conventions implemented:

* cleaning: values that do not parse as their contract type drop their row (CSV is read as text);
  re-synced duplicates keep the latest ``_loaded_at`` per primary key; currency codes are
  upper-cased and trimmed; USD needs no fx row; rows whose (non-USD) currency has no fx rate are
  dropped, and subscription items / invoices whose currency has no rate on or before the end of the
  month of ``valid_from`` / ``issued_at`` (or the as-of date, if earlier) too; invoices whose
  status and invoice lines whose line type are not contract words are dropped (those words decide
  money); impossible item values (negative price, discount outside 0..1, no start, end before start)
  and plans with a non-positive billing interval are dropped; negative quantities are
  dropped; recurring/usage/proration invoice lines without a service period are dropped; rows whose
  business timestamp is more than 60 minutes after their own ``_loaded_at`` are dropped; finally rows whose
  foreign keys do not resolve (against the cleaned parent tables) are dropped;
* grain = ultimate parent CRM account; billing customers map to accounts through ``account_id``;
* months run from the month of the first subscription item to the as-of month (as-of date = the date of
  the latest ``_loaded_at`` in the raw billing tables, every row counted); a month's snapshot day is its
  last day, or the as-of date if earlier; TTM retention is reported for closed months only (a month is
  closed once the as-of date reaches day 5 of the next month);
* contracted MRR = sum over items active on the snapshot day (``date(valid_from) <= d < date(valid_to)``) of
  ``quantity * unit_price * (1 - discount_pct) / billing_interval_months`` at the constant rate (USD 1.0;
  other currencies: the latest rate on or before the earliest rate date of the feed, else the first later
  rate), plus usage invoice lines of invoices
  not void/uncollectible, by month of ``service_period_start``, at the same constant rate;
* TTM retention at t against t-12, cuts placed by attributes at t-12 (segment: latest account snapshot on or
  before t-12's snapshot day, else the CRM segment; region of the grain account; ACV band of 12 x MRR at t-12,
  compared in cents, lower bound inclusive); cohorts by first month with MRR > 0.

Usage::

    python scripts/reference_retention.py --raw DIR --warehouse FILE.duckdb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

TOL = 1e-6
LATE_LOAD = pd.Timedelta(minutes=60)
SERVICE_PERIOD_LINE_TYPES = {"recurring", "usage", "proration"}
EXCLUDED_INVOICE_STATUSES = {"void", "uncollectible"}
INVOICE_STATUSES = {"paid", "open", "void", "uncollectible"}
LINE_TYPES = {"recurring", "usage", "proration", "one_time", "credit", "tax"}
REPORTING_CURRENCY = "USD"
MONTH_CLOSE_DAY = 5
BILLING_TABLES = [
    "customers",
    "products",
    "plans",
    "subscriptions",
    "subscription_items",
    "invoices",
    "invoice_lines",
]
# contract columns read as numbers / timestamps (anything else stays text)
NUMERIC = {
    "plans": ["tier_rank", "billing_interval_months", "list_unit_price"],
    "subscription_items": ["quantity", "unit_price", "discount_pct"],
    "invoices": ["total_amount"],
    "invoice_lines": ["quantity", "unit_amount", "discount_amount", "amount"],
    "fx_rates": ["usd_per_unit"],
    "accounts": ["employee_count", "fiscal_year_start_month"],
    "account_snapshots": ["employee_count", "open_roles"],
}
TIMESTAMPS = {
    "customers": ["created_at"],
    "subscription_items": ["valid_from", "valid_to"],
    "invoices": ["issued_at", "due_at", "paid_at"],
    "invoice_lines": ["service_period_start", "service_period_end"],
    "fx_rates": ["rate_date"],
    "accounts": ["created_at", "onboarded_at"],
    "account_snapshots": ["snapshot_date"],
}
ACV_BANDS = [(0.0, "<25k"), (25_000.0, "25k-50k"), (50_000.0, "50k-100k"), (100_000.0, ">100k")]

PRIMARY_KEYS: dict[tuple[str, str], list[str]] = {
    ("crm", "accounts"): ["account_id"],
    ("crm", "account_snapshots"): ["account_id", "snapshot_date"],
    ("billing", "customers"): ["customer_id"],
    ("billing", "plans"): ["plan_id"],
    ("billing", "subscriptions"): ["subscription_id"],
    ("billing", "subscription_items"): ["subscription_item_id"],
    ("billing", "invoices"): ["invoice_id"],
    ("billing", "invoice_lines"): ["invoice_line_id"],
    ("finance", "fx_rates"): ["rate_date", "currency"],
}
# business timestamps that cannot be later than the load (plus tolerance)
BUSINESS_TIMESTAMPS: dict[tuple[str, str], list[str]] = {
    ("crm", "accounts"): ["created_at"],
    ("billing", "customers"): ["created_at"],
    ("billing", "invoices"): ["issued_at"],
}


# --------------------------------------------------------------------------------------------- loading
def _read(raw_dir: Path, system: str, table: str) -> pd.DataFrame:
    """A raw table, numbers and timestamps parsed; a row with a value that does not parse is dropped."""
    pq = raw_dir / system / f"{table}.parquet"
    if pq.exists():
        df = pd.read_parquet(pq)
    else:
        df = pd.read_csv(raw_dir / system / f"{table}.csv", dtype=str, keep_default_na=False, na_values=[""])
    ok = pd.Series(True, index=df.index)
    for col in NUMERIC.get(table, []):
        parsed = pd.to_numeric(df[col], errors="coerce")
        ok &= parsed.notna() | df[col].isna()
        df[col] = parsed.astype(float)
    for col in TIMESTAMPS.get(table, []) + ["_loaded_at"]:
        parsed = pd.to_datetime(df[col], errors="coerce")
        ok &= parsed.notna() | df[col].isna()
        df[col] = parsed
    return df[ok]


def _dedupe(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    if "_loaded_at" not in df.columns:
        return df.drop_duplicates(subset=key, keep="last")
    df = df.sort_values("_loaded_at", kind="mergesort")
    return df.drop_duplicates(subset=key, keep="last").sort_index()


def _norm_ccy(s: pd.Series) -> pd.Series:
    # plain Python strings: Series.map on an Arrow string column would return strings, not the mapped rates
    return s.astype("string").str.strip().str.upper().astype(object)


def _not_late(df: pd.DataFrame, cols: list[str]) -> pd.Series:
    ok = pd.Series(True, index=df.index)
    for c in cols:
        ts = pd.to_datetime(df[c])
        ok &= ~(ts > df["_loaded_at"] + LATE_LOAD)
    return ok


def _fk_ok(child: pd.Series, parent: pd.Series, nullable: bool = False) -> pd.Series:
    ok = child.isin(set(parent.dropna()))
    if nullable:
        ok |= child.isna()
    return ok


def load_clean(raw_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Load the raw tables needed for retention and apply the source-contract cleaning rules."""
    raw_dir = Path(raw_dir)
    t: dict[str, pd.DataFrame] = {}
    # as-of: the latest load in the raw billing tables, read before any row is dropped
    loads = []
    for table in BILLING_TABLES:
        pq = raw_dir / "billing" / f"{table}.parquet"
        raw = (
            pd.read_parquet(pq, columns=["_loaded_at"])
            if pq.exists()
            else pd.read_csv(raw_dir / "billing" / f"{table}.csv", dtype=str, usecols=["_loaded_at"])
        )
        loads.append(pd.to_datetime(raw["_loaded_at"], errors="coerce").max())
    as_of = pd.Series(loads).max().normalize()
    for (system, table), key in PRIMARY_KEYS.items():
        df = _read(raw_dir, system, table)
        if "currency" in df.columns:
            df["currency"] = _norm_ccy(df["currency"])
        df = _dedupe(df, key)
        late = BUSINESS_TIMESTAMPS.get((system, table))
        if late:
            df = df[_not_late(df, late)]
        t[table] = df

    fx = t["fx_rates"]
    fx["rate_date"] = pd.to_datetime(fx["rate_date"]).dt.normalize()
    fx = fx[(fx["usd_per_unit"] > 0) & (fx["currency"] != REPORTING_CURRENCY)]
    t["fx_rates"] = fx
    first_rate = fx.groupby("currency")["rate_date"].min()
    first_rate = first_rate.astype("datetime64[ns]")
    first_rate[REPORTING_CURRENCY] = pd.Timestamp("1900-01-01")

    for name in ("customers", "plans", "subscription_items", "invoices"):
        t[name] = t[name][t[name]["currency"].isin(set(first_rate.index))]
    for name, col in (("subscription_items", "valid_from"), ("invoices", "issued_at")):
        df = t[name]
        needed = (pd.to_datetime(df[col]).dt.normalize() + pd.offsets.MonthEnd(0)).where(
            lambda d: d <= as_of, as_of
        )
        has_rate = ~(df["currency"].map(first_rate) > needed)
        t[name] = df[has_rate]
    for name, col, words in (
        ("invoices", "status", INVOICE_STATUSES),
        ("invoice_lines", "line_type", LINE_TYPES),
    ):
        df = t[name]
        df[col] = df[col].str.strip().str.lower()
        t[name] = df[df[col].isna() | df[col].isin(words)]
    si = t["subscription_items"]
    impossible = (
        (si["unit_price"] < 0)
        | (si["discount_pct"] < 0)
        | (si["discount_pct"] > 1)
        | si["valid_from"].isna()
        | (si["valid_to"] < si["valid_from"])
    )
    t["subscription_items"] = si[~impossible]
    t["plans"] = t["plans"][t["plans"]["billing_interval_months"] > 0]
    t["as_of"] = as_of
    for name in ("subscription_items", "invoice_lines"):
        t[name] = t[name][~(t[name]["quantity"] < 0)]
    il = t["invoice_lines"]
    needs_period = il["line_type"].isin(SERVICE_PERIOD_LINE_TYPES)
    t["invoice_lines"] = il[
        ~(needs_period & (il["service_period_start"].isna() | il["service_period_end"].isna()))
    ]

    acc = t["accounts"]
    acc = acc[_fk_ok(acc["parent_account_id"], acc["account_id"], nullable=True)]
    t["accounts"] = acc
    snaps = t["account_snapshots"]
    t["account_snapshots"] = snaps[_fk_ok(snaps["account_id"], acc["account_id"])]
    cus = t["customers"]
    cus = cus[_fk_ok(cus["account_id"], acc["account_id"])]
    t["customers"] = cus
    subs = t["subscriptions"]
    subs = subs[_fk_ok(subs["customer_id"], cus["customer_id"])]
    t["subscriptions"] = subs
    si = t["subscription_items"]
    si = si[
        _fk_ok(si["subscription_id"], subs["subscription_id"])
        & _fk_ok(si["customer_id"], cus["customer_id"])
        & _fk_ok(si["plan_id"], t["plans"]["plan_id"])
    ]
    t["subscription_items"] = si
    inv = t["invoices"]
    inv = inv[_fk_ok(inv["customer_id"], cus["customer_id"])]
    t["invoices"] = inv
    il = t["invoice_lines"]
    il = il[
        _fk_ok(il["invoice_id"], inv["invoice_id"])
        & _fk_ok(il["subscription_id"], subs["subscription_id"], nullable=True)
        & _fk_ok(il["subscription_item_id"], si["subscription_item_id"], nullable=True)
        & _fk_ok(il["plan_id"], t["plans"]["plan_id"], nullable=True)
    ]
    t["invoice_lines"] = il
    return t


# --------------------------------------------------------------------------------------------- helpers
def ultimate_parents(accounts: pd.DataFrame) -> pd.Series:
    """account_id -> ultimate parent account_id (chains of any depth; a cycle stops at the repeat)."""
    parent = dict(zip(accounts["account_id"], accounts["parent_account_id"], strict=True))
    out: dict[str, str] = {}
    for acc in parent:
        seen = [acc]
        cur = acc
        while isinstance(parent.get(cur), str) and parent[cur] in parent and parent[cur] not in seen:
            cur = parent[cur]
            seen.append(cur)
        out[acc] = cur
    return pd.Series(out, name="grain_id")


def constant_rates(fx: pd.DataFrame) -> pd.Series:
    """currency -> constant rate: USD 1.0; others their latest rate on or before the feed's earliest rate
    date, else their first rate after it (with the earliest date as reference, that is the first rate)."""
    rates = {REPORTING_CURRENCY: 1.0}
    if len(fx):
        reference_day = fx["rate_date"].min()
        for currency, rows in fx.sort_values("rate_date").groupby("currency"):
            before = rows[rows["rate_date"] <= reference_day]
            rates[currency] = float(
                (before if len(before) else rows)["usd_per_unit"].iloc[-1 if len(before) else 0]
            )
    return pd.Series(rates, name="usd_per_unit")


def month_calendar(first_month: pd.Timestamp, as_of: pd.Timestamp) -> pd.DataFrame:
    months = pd.date_range(first_month, as_of.to_period("M").to_timestamp(), freq="MS")
    snap = (months + pd.offsets.MonthEnd(0)).where(months + pd.offsets.MonthEnd(0) <= as_of, as_of)
    return pd.DataFrame({"revenue_month": months, "snapshot_day": snap})


def _context(t: dict[str, pd.DataFrame]) -> dict:
    fx = t["fx_rates"]
    as_of = t["as_of"]
    first_month = pd.to_datetime(t["subscription_items"]["valid_from"]).min().to_period("M").to_timestamp()
    grains = ultimate_parents(t["accounts"])
    cust_grain = t["customers"].set_index("customer_id")["account_id"].map(grains)
    return {
        "as_of": as_of,
        "calendar": month_calendar(first_month, as_of),
        "rates": constant_rates(fx),
        "grains": grains,
        "cust_grain": cust_grain,
    }


# --------------------------------------------------------------------------------------------- MRR
def _contracted(t: dict[str, pd.DataFrame], ctx: dict) -> pd.DataFrame:
    si = t["subscription_items"].merge(
        t["plans"][["plan_id", "billing_interval_months"]], on="plan_id", how="inner", validate="m:1"
    )
    si = si.assign(
        vf=pd.to_datetime(si["valid_from"]).dt.normalize(),
        vt=pd.to_datetime(si["valid_to"]).dt.normalize(),
        grain_id=si["customer_id"].map(ctx["cust_grain"]),
        mrr_usd=si["quantity"]
        * si["unit_price"]
        * (1.0 - si["discount_pct"].fillna(0.0))
        / si["billing_interval_months"]
        * si["currency"].map(ctx["rates"]),
    )
    x = si[["grain_id", "vf", "vt", "mrr_usd"]].merge(ctx["calendar"], how="cross")
    d = x["snapshot_day"]
    active = (x["vf"] <= d) & (x["vt"].isna() | (d < x["vt"]))
    return x.loc[active, ["grain_id", "revenue_month", "mrr_usd"]]


def _usage(t: dict[str, pd.DataFrame], ctx: dict) -> pd.DataFrame:
    inv = t["invoices"]
    inv = inv[~inv["status"].isin(EXCLUDED_INVOICE_STATUSES)][["invoice_id", "customer_id", "currency"]]
    il = t["invoice_lines"]
    il = il[il["line_type"] == "usage"].merge(inv, on="invoice_id", how="inner")
    il = il.assign(
        grain_id=il["customer_id"].map(ctx["cust_grain"]),
        revenue_month=pd.to_datetime(il["service_period_start"]).dt.to_period("M").dt.to_timestamp(),
        mrr_usd=il["amount"] * il["currency"].map(ctx["rates"]),
    )
    il = il[il["revenue_month"].isin(set(ctx["calendar"]["revenue_month"]))]
    return il[["grain_id", "revenue_month", "mrr_usd"]]


def compute_mrr(raw_dir: str | Path, tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Constant-currency MRR per grain per month (only grain-months with a contribution; dense zeros elsewhere
    are implied). Columns: grain_id, revenue_month, mrr_usd."""
    t = tables if tables is not None else load_clean(raw_dir)
    ctx = _context(t)
    parts = pd.concat([_contracted(t, ctx), _usage(t, ctx)], ignore_index=True)
    if parts["grain_id"].isna().any() or parts["mrr_usd"].isna().any():
        raise ValueError("unmapped grain or currency in MRR inputs")
    mrr = parts.groupby(["grain_id", "revenue_month"], as_index=False)["mrr_usd"].sum()
    mrr.attrs["calendar"] = ctx["calendar"]
    return mrr.sort_values(["grain_id", "revenue_month"]).reset_index(drop=True)


def compute_attrs(raw_dir: str | Path, tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Per grain per month: segment as of the month's snapshot day (latest account snapshot on or before it,
    else the current CRM segment) and region of the grain account. Columns: grain_id, revenue_month, segment,
    region."""
    t = tables if tables is not None else load_clean(raw_dir)
    ctx = _context(t)
    acc = t["accounts"].set_index("account_id")
    grain_ids = pd.Index(sorted(set(ctx["grains"].values)), name="grain_id")
    grid = pd.DataFrame({"grain_id": grain_ids}).merge(ctx["calendar"], how="cross")
    snaps = t["account_snapshots"][["account_id", "snapshot_date", "segment"]].copy()
    snaps["snapshot_date"] = pd.to_datetime(snaps["snapshot_date"]).astype("datetime64[ns]")
    snaps = snaps.rename(columns={"account_id": "grain_id", "segment": "snap_segment"})
    snaps = snaps[snaps["grain_id"].isin(grain_ids)].sort_values("snapshot_date")
    grid["snapshot_day"] = grid["snapshot_day"].astype("datetime64[ns]")
    grid = grid.sort_values("snapshot_day")
    grid = pd.merge_asof(
        grid, snaps, left_on="snapshot_day", right_on="snapshot_date", by="grain_id", direction="backward"
    )
    grid["segment"] = grid["snap_segment"].where(
        grid["snap_segment"].notna(), grid["grain_id"].map(acc["segment"])
    )
    grid["region"] = grid["grain_id"].map(acc["region"])
    return grid[["grain_id", "revenue_month", "segment", "region"]].sort_values(["grain_id", "revenue_month"])


def _dense(mrr: pd.DataFrame) -> pd.DataFrame:
    """grain x month matrix of MRR (zeros filled) over the full calendar."""
    cal = mrr.attrs.get("calendar")
    months = cal["revenue_month"] if cal is not None else pd.Series(sorted(mrr["revenue_month"].unique()))
    wide = mrr.pivot_table(index="grain_id", columns="revenue_month", values="mrr_usd", aggfunc="sum")
    full = pd.date_range(months.min(), months.max(), freq="MS")
    return wide.reindex(columns=full).fillna(0.0)


def acv_band(arr: pd.Series) -> pd.Series:
    """ACV band of an ARR in USD, lower bound inclusive. ARR is compared in cents so that float noise in
    12 x (annual price / 12) cannot move an exact 25k/50k/100k contract below its band's lower bound."""
    arr = arr.round(2)
    out = pd.Series(ACV_BANDS[0][1], index=arr.index, dtype="object")
    for lower, label in ACV_BANDS[1:]:
        out = out.where(arr < lower, label)
    return out


# --------------------------------------------------------------------------------------------- TTM
def ttm_retention(mrr: pd.DataFrame, attrs: pd.DataFrame) -> pd.DataFrame:
    wide = _dense(mrr)
    months = list(wide.columns)
    attr = attrs.set_index(["grain_id", "revenue_month"])
    rows = []
    for i in range(12, len(months)):
        t, base_m = months[i], months[i - 12]
        start = wide[base_m]
        base = start[start > 0].index
        if len(base) == 0:
            continue
        df = pd.DataFrame({"start": start[base], "end": wide.loc[base, t]})
        df["gross"] = np.minimum(df["end"], df["start"])
        idx = pd.MultiIndex.from_arrays([base, [base_m] * len(base)])
        a = attr.reindex(idx)
        df["total"] = "total"
        df["segment"] = a["segment"].to_numpy()
        df["region"] = a["region"].to_numpy()
        df["acv_band"] = acv_band(12.0 * df["start"])
        for cut in ("total", "segment", "acv_band", "region"):
            g = df.groupby(df[cut].fillna("unknown"))
            agg = g.agg(
                base_grains=("start", "size"),
                retained_grains=("end", lambda s: int((s > 0).sum())),
                base_mrr_usd=("start", "sum"),
                net_retained_mrr_usd=("end", "sum"),
                gross_retained_mrr_usd=("gross", "sum"),
            ).reset_index(names="cut_value")
            agg.insert(0, "cut_type", cut)
            agg.insert(0, "retention_month", t)
            rows.append(agg)
    out = pd.concat(rows, ignore_index=True)
    out["nrr"] = out["net_retained_mrr_usd"] / out["base_mrr_usd"]
    out["grr"] = out["gross_retained_mrr_usd"] / out["base_mrr_usd"]
    out["logo_retention"] = out["retained_grains"] / out["base_grains"]
    return out


# --------------------------------------------------------------------------------------------- cohorts
def cohort_retention(mrr: pd.DataFrame) -> pd.DataFrame:
    wide = _dense(mrr)
    months = list(wide.columns)
    values = wide.to_numpy()
    positive = values > 0
    has_any = positive.any(axis=1)
    first_idx = np.where(has_any, positive.argmax(axis=1), -1)
    rows = []
    for ci in sorted(set(first_idx[first_idx >= 0])):
        members = values[first_idx == ci]
        start = members[:, ci]
        for k in range(len(months) - ci):
            cur = members[:, ci + k]
            rows.append(
                {
                    "cohort_month": months[ci],
                    "months_since_start": k,
                    "cohort_grains": len(members),
                    "active_grains": int((cur > 0).sum()),
                    "starting_mrr_usd": start.sum(),
                    "mrr_usd": cur.sum(),
                    "gross_mrr_usd": np.minimum(cur, start).sum(),
                }
            )
    out = pd.DataFrame(rows)
    out["nrr"] = out["mrr_usd"] / out["starting_mrr_usd"]
    out["grr"] = out["gross_mrr_usd"] / out["starting_mrr_usd"]
    out["logo_retention"] = out["active_grains"] / out["cohort_grains"]
    return out


# --------------------------------------------------------------------------------------------- compare
def _compare(name, ref, mart, keys, metrics, fatal_metrics, fill_missing_zero=False):
    ref = ref.copy()
    mart = mart.copy()
    for k in keys:
        if "month" in k:
            ref[k] = pd.to_datetime(ref[k])
            mart[k] = pd.to_datetime(mart[k])
        else:
            ref[k] = ref[k].astype(str) if ref[k].dtype == object else ref[k]
    j = ref[keys + metrics].merge(
        mart[keys + metrics], on=keys, how="outer", suffixes=("_ref", "_mart"), indicator=True
    )
    only_ref = j[j["_merge"] == "left_only"]
    only_mart = j[j["_merge"] == "right_only"]
    problems = []
    print(
        f"\n== {name}: {len(j)} keys; both={int((j['_merge'] == 'both').sum())} "
        f"only_reference={len(only_ref)} only_mart={len(only_mart)}"
    )
    if fill_missing_zero:
        for m in metrics:
            j[f"{m}_ref"] = j[f"{m}_ref"].fillna(0.0)
            j[f"{m}_mart"] = j[f"{m}_mart"].fillna(0.0)
        # a missing row on one side is fine if the other side is zero
        missing_real = j[
            (j["_merge"] != "both") & ((j[f"{metrics[0]}_ref"] - j[f"{metrics[0]}_mart"]).abs() > TOL)
        ]
        n_missing = len(missing_real)
        print(f"   missing rows with a non-zero value on the other side: {n_missing}")
    else:
        n_missing = len(only_ref) + len(only_mart)
    if n_missing:
        problems.append(f"{name}: {n_missing} rows missing")
        show = j[j["_merge"] != "both"].head(10)
        print(show.to_string(index=False))
    both = j if fill_missing_zero else j[j["_merge"] == "both"]
    for m in metrics:
        diff = (both[f"{m}_ref"].astype(float) - both[f"{m}_mart"].astype(float)).abs()
        mx = float(diff.max()) if len(diff) else 0.0
        n_bad = int((diff > TOL).sum())
        print(f"   {m:<24} rows={len(both):>6}  max_abs_diff={mx:.3e}  rows_over_1e-6={n_bad}")
        if m in fatal_metrics and (n_bad or diff.isna().any()):
            problems.append(f"{name}.{m}: {n_bad} rows differ by > {TOL}, max {mx:.3e}")
            worst = both.assign(abs_diff=diff).sort_values("abs_diff", ascending=False).head(8)
            print(worst[keys + [f"{m}_ref", f"{m}_mart", "abs_diff"]].to_string(index=False))
    return problems, j


def compare_with_warehouse(raw_dir: str | Path, warehouse: str | Path) -> int:
    import duckdb

    tables = load_clean(raw_dir)
    mrr = compute_mrr(raw_dir, tables)
    attrs = compute_attrs(raw_dir, tables)
    ttm = ttm_retention(mrr, attrs)
    # board marts stop at the last closed month (the open month's figures are not final)
    closes = (
        pd.to_datetime(ttm["retention_month"])
        + pd.DateOffset(months=1)
        + pd.Timedelta(days=MONTH_CLOSE_DAY - 1)
    )
    ttm = ttm[closes <= tables["as_of"]]
    coh = cohort_retention(mrr)

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        m_mrr = con.sql("select grain_id, revenue_month, mrr_usd from main_marts.fct_mrr").df()
        m_ttm = con.sql(
            "select * from main_marts.rpt_retention_ttm"
            " where cut_type in ('total', 'segment', 'acv_band', 'region')"
        ).df()
        m_coh = con.sql("select * from main_marts.fct_cohort_retention").df()
    finally:
        con.close()

    problems: list[str] = []
    p, _ = _compare(
        "fct_mrr (grain x month)",
        mrr,
        m_mrr,
        ["grain_id", "revenue_month"],
        ["mrr_usd"],
        [],
        fill_missing_zero=True,
    )
    problems += p
    ttm_metrics = [
        "base_grains",
        "retained_grains",
        "base_mrr_usd",
        "net_retained_mrr_usd",
        "gross_retained_mrr_usd",
        "nrr",
        "grr",
        "logo_retention",
    ]
    p, _ = _compare(
        "rpt_retention_ttm",
        ttm,
        m_ttm,
        ["retention_month", "cut_type", "cut_value"],
        ttm_metrics,
        ["nrr", "grr", "logo_retention"],
    )
    problems += p
    coh_metrics = [
        "cohort_grains",
        "active_grains",
        "starting_mrr_usd",
        "mrr_usd",
        "gross_mrr_usd",
        "nrr",
        "grr",
        "logo_retention",
    ]
    p, _ = _compare(
        "fct_cohort_retention",
        coh,
        m_coh,
        ["cohort_month", "months_since_start"],
        coh_metrics,
        ["nrr", "grr", "logo_retention"],
    )
    problems += p
    print()
    if problems:
        print("MISMATCH:")
        for line in problems:
            print("  -", line)
        return 1
    print("OK: reference and marts agree")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", required=True, help="raw directory (<raw>/<system>/<table>.parquet)")
    ap.add_argument("--warehouse", required=True, help="DuckDB file built by dbt (opened read-only)")
    args = ap.parse_args(argv)
    return compare_with_warehouse(args.raw, args.warehouse)


if __name__ == "__main__":
    sys.exit(main())
