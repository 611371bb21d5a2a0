"""Quick sanity report on generated raw data: TTM NRR / GRR / logo retention by segment.

Independent of the dbt project: contracted MRR from the subscription-item change log at
each month end, rolled up to the ultimate parent account, in constant currency (catalog
reference rates), segment taken from the parent's snapshot twelve months earlier.

    python -m erw.datagen.report data/raw
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from . import catalog


def retention_by_segment(raw: str | Path, months_back: int = 0) -> list[tuple]:
    raw = Path(raw)
    con = duckdb.connect()
    rates = ", ".join(f"('{c}', {r})" for c, r in catalog.FX_START.items())
    con.execute(f"""
        create temp view items as select * from read_parquet('{raw}/billing/subscription_items.parquet');
        create temp view plans as select * from read_parquet('{raw}/billing/plans.parquet');
        create temp view customers as select * from read_parquet('{raw}/billing/customers.parquet');
        create temp view accounts as select * from read_parquet('{raw}/crm/accounts.parquet');
        create temp view snaps as select * from read_parquet('{raw}/crm/account_snapshots.parquet');
        create temp table ref_rate(currency varchar, rate double);
        insert into ref_rate values {rates};
    """)
    return con.execute(f"""
        with recursive tree as (
            select account_id, account_id as root from accounts where parent_account_id is null
            union all
            select a.account_id, t.root from accounts a join tree t on a.parent_account_id = t.account_id
        ),
        last_snap as (select max(snapshot_date) as last_month from snaps),
        month_ends as (
            select (date_trunc('month', last_month) - interval ({months_back}) month + interval 1 month
                    - interval 1 day)::date as t_end,
                   (date_trunc('month', last_month) - interval ({months_back + 12}) month + interval 1 month
                    - interval 1 day)::date as b_end,
                   (date_trunc('month', last_month) - interval ({months_back + 12}) month)::date as b_month
            from last_snap
        ),
        mrr_item as (
            select t.root, i.valid_from, i.valid_to,
                i.quantity * i.unit_price * (1 - i.discount_pct) / p.billing_interval_months * r.rate as mrr
            from items i
            join plans p using (plan_id)
            join customers c using (customer_id)
            join tree t on t.account_id = c.account_id
            join ref_rate r on r.currency = i.currency
        ),
        at_t as (
            select root,
                sum(case when cast(valid_from as date) <= b_end
                    and (valid_to is null or b_end < cast(valid_to as date)) then mrr else 0 end) as base,
                sum(case when cast(valid_from as date) <= t_end
                    and (valid_to is null or t_end < cast(valid_to as date)) then mrr else 0 end) as now
            from mrr_item, month_ends group by root
        ),
        seg as (
            select s.account_id as root, s.segment from snaps s, month_ends m
            where s.snapshot_date = m.b_month
        )
        select case when grouping(seg.segment) = 1 then 'total' else coalesce(seg.segment, 'unknown') end
                   as segment,
               count(*) as grains,
               round(100 * sum(now) / sum(base), 1) as nrr,
               round(100 * sum(least(now, base)) / sum(base), 1) as grr,
               round(100 * avg(case when now > 0 then 1 else 0 end), 1) as logo,
               round(12 * sum(base) / count(*)) as avg_arr_base
        from at_t left join seg using (root)
        where base > 0
        group by grouping sets ((seg.segment), ())
        order by 1
    """).fetchall()


def main() -> int:
    raw = sys.argv[1] if len(sys.argv) > 1 else "data/raw"
    back = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    print(f"{'segment':<12} {'grains':>6} {'NRR%':>6} {'GRR%':>6} {'logo%':>6} {'avg ARR t-12':>13}")
    for seg, n, nrr, grr, logo, arr in retention_by_segment(raw, back):
        print(f"{seg or 'total':<12} {n:>6} {nrr:>6} {grr:>6} {logo:>6} {arr:>13,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
