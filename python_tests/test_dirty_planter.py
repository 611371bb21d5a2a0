"""The quarantine planter copies small revenue rows, so held-back ARR stays a small share of the book."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from erw.datagen.dirty import DirtyPlanter
from erw.datagen.timeutil import Calendar


def _items() -> pa.Table:
    # revenue value quantity x unit_price: 10, 20, 30, 40, 5000, 10000 -> median 35, so only the
    # first three rows (values 10-30) may be copied into a new bad row
    quantity = [1.0, 2.0, 3.0, 4.0, 500.0, 1000.0]
    return pa.table(
        {
            "subscription_item_id": [f"si_{i:09d}" for i in range(1, 7)],
            "subscription_id": [f"sub_{i:08d}" for i in range(1, 7)],
            "quantity": pa.array(quantity, pa.float64()),
            "unit_price": pa.array([10.0] * 6, pa.float64()),
            "currency": ["USD"] * 6,
            "_loaded_at": pa.array([dt.datetime(2026, 1, 2)] * 6, pa.timestamp("us")),
        }
    )


def test_new_bad_subscription_items_copy_rows_at_or_below_the_median_value():
    cal = Calendar(dt.date(2026, 6, 30), 12)
    planted_any = False
    for seed in range(20):
        planter = DirtyPlanter(rate=2.0, rng=np.random.default_rng(seed), cal=cal)
        out = planter.plant("subscription_items", _items())
        bad = out.slice(6)
        reasons = dict(zip(planter.manifest["record_key"], planter.manifest["reason"], strict=True))
        for key, quantity in zip(
            bad.column("subscription_item_id").to_pylist(), bad.column("quantity").to_pylist(), strict=True
        ):
            if reasons[key] == "duplicate":
                continue  # an exact re-synced copy: it is deduplicated, not held back
            planted_any = True
            assert abs(quantity) <= 3.0, (seed, key, reasons[key], quantity)
    assert planted_any
