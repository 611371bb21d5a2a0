"""Account master: the CRM account universe, its hierarchy and static attributes.

Built once for all accounts (cheap even at 100k accounts). Families (a root account
and its descendants) get consecutive ids and are never split across processing
chunks, so a child's simulation can look at its parent's state.
"""

from __future__ import annotations

import numpy as np

from . import names
from .timeutil import DAY, HOUR, Calendar

SEGMENTS = ("smb", "mid_market", "enterprise")
CHILD_SHARE = 0.10
# Region -> (currencies, probabilities)
REGION_CURRENCY = {
    "na": (("USD", "CAD"), (0.88, 0.12)),
    "emea": (("EUR", "GBP", "USD"), (0.55, 0.35, 0.10)),
    "apac": (("AUD", "USD"), (0.45, 0.55)),
    "latam": (("USD",), (1.0,)),
}
REGION_TLD = {
    "na": ".com",
    "emea": (".com", ".de", ".co.uk", ".eu"),
    "apac": (".com", ".com.au"),
    "latam": ".com",
}
EMPLOYEES = {
    "smb": (60, 0.8, 8, 400),
    "mid_market": (700, 0.6, 150, 4000),
    "enterprise": (9000, 0.8, 1500, 120000),
}
ORG_UNITS = (
    "EMEA",
    "APAC",
    "Americas",
    "Logistics Division",
    "Retail Division",
    "Digital",
    "Research",
    "Shared Services",
    "Nordics",
    "DACH",
    "UK",
    "Japan",
)


class Master:
    """Column arrays describing every account (index = position in id order)."""

    def __init__(self, n: int):
        self.n = n
        self.account_id: list[str] = []
        self.parent: np.ndarray = np.full(n, -1, dtype=np.int64)
        self.root: np.ndarray = np.arange(n, dtype=np.int64)
        self.depth = np.zeros(n, dtype=np.int64)
        self.segment: list[str] = []
        self.region: list[str] = []
        self.currency: list[str] = []
        self.industry: list[str] = []
        self.name: list[str] = []
        self.domain: list[str] = []
        self.employees0 = np.zeros(n)
        self.emp_growth = np.zeros(n)
        self.land_month = np.zeros(n, dtype=np.int64)
        self.created_us = np.zeros(n, dtype=np.int64)
        self.csm_owner: list[str] = []
        self.ae_owner: list[str] = []
        self.fiscal_start = np.ones(n, dtype=np.int64)
        self.is_deleted = np.zeros(n, dtype=bool)
        self.chunks: list[tuple[int, int]] = []


def build_master(n: int, cal: Calendar, rng: np.random.Generator, chunk_accounts: int) -> Master:
    n_child = int(round(n * CHILD_SHARE)) if n >= 10 else 0
    n_root = n - n_child
    # Root mix is set so that, with children added, the overall mix is ~60/28/12.
    root_seg = rng.choice(3, size=n_root, p=(0.64, 0.255, 0.105))
    root_region = rng.choice(4, size=n_root, p=(0.50, 0.30, 0.13, 0.07))
    # Parents: mostly enterprise, some mid-market roots. Each child picks a parent; ~15% of
    # children hang under an earlier child instead, making 3-level chains.
    big = np.flatnonzero(root_seg >= 1)
    weights = np.where(root_seg[big] == 2, 4.0, 1.0)
    weights /= weights.sum()
    children: dict[int, list[int]] = {}  # node -> child node ids (nodes: roots 0..n_root-1, then children)
    child_parent = np.full(n_child, -1, dtype=np.int64)
    child_seg = np.zeros(n_child, dtype=np.int64)
    child_region = np.zeros(n_child, dtype=np.int64)
    for c in range(n_child):
        node = n_root + c
        if c > 3 and rng.random() < 0.15:
            parent = n_root + int(rng.integers(0, c))
        else:
            parent = int(big[rng.choice(len(big), p=weights)]) if len(big) else 0
        child_parent[c] = parent
        children.setdefault(parent, []).append(node)
        parent_seg = root_seg[parent] if parent < n_root else child_seg[parent - n_root]
        parent_region = root_region[parent] if parent < n_root else child_region[parent - n_root]
        child_seg[c] = min(parent_seg, rng.choice(3, p=(0.25, 0.50, 0.25)))
        child_region[c] = parent_region if rng.random() < 0.5 else rng.choice(4, p=(0.4, 0.35, 0.17, 0.08))

    # Depth-first order: each family is contiguous and parents precede their children.
    order: list[int] = []
    for r in range(n_root):
        stack = [r]
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(reversed(children.get(node, [])))
    pos = {node: i for i, node in enumerate(order)}

    m = Master(n)
    seen_domains: dict[str, int] = {}
    n_csm = max(3, n // 45)
    n_ae = max(2, n // 90)
    root_land = _landing_months(n_root, cal.months, rng)
    emp_draw = rng.standard_normal(n)
    growth_draw = rng.standard_normal(n)
    fast = rng.random(n) < 0.15
    for i, node in enumerate(order):
        m.account_id.append(f"acc_{i + 1:06d}")
        if node < n_root:
            seg = SEGMENTS[root_seg[node]]
            region = names.REGIONS[root_region[node]]
            industry = names.INDUSTRIES[int(rng.integers(0, len(names.INDUSTRIES)))]
            name = (
                f"{names.COMPANY_PREFIX[int(rng.integers(0, len(names.COMPANY_PREFIX)))]} "
                f"{names.COMPANY_CORE[int(rng.integers(0, len(names.COMPANY_CORE)))]}"
            )
            tld = REGION_TLD[region]
            tld = tld if isinstance(tld, str) else tld[int(rng.integers(0, len(tld)))]
            base = name.lower().replace(" ", "")
            k = seen_domains.get(base + tld, 0)
            seen_domains[base + tld] = k + 1
            domain = f"{base}{k + 1 if k else ''}{tld}"
            name = name + names.COMPANY_SUFFIX[int(rng.integers(0, len(names.COMPANY_SUFFIX)))]
            land = int(root_land[node])
        else:
            c = node - n_root
            p = pos[int(child_parent[c])]
            m.parent[i] = p
            m.root[i] = m.root[p]
            m.depth[i] = m.depth[p] + 1
            seg = SEGMENTS[child_seg[c]]
            region = names.REGIONS[child_region[c]]
            industry = m.industry[p]
            name = f"{m.name[p].split(' - ')[0]} - {ORG_UNITS[int(rng.integers(0, len(ORG_UNITS)))]}"
            domain = m.domain[p]
            # Land-and-expand: a business unit signs 3-20 months after its parent.
            land = int(m.land_month[p] + rng.integers(3, 21))
        curs, probs = REGION_CURRENCY[region]
        m.segment.append(seg)
        m.region.append(region)
        m.currency.append(curs[int(rng.choice(len(curs), p=probs))])
        m.industry.append(industry)
        m.name.append(name)
        m.domain.append(domain)
        med, sigma, lo, hi = EMPLOYEES[seg]
        m.employees0[i] = float(np.clip(med * np.exp(sigma * emp_draw[i]), lo, hi))
        base_growth = {"smb": 0.07, "mid_market": 0.06, "enterprise": 0.04}[seg]
        m.emp_growth[i] = (0.25 + 0.2 * rng.random()) if fast[i] else base_growth + 0.08 * growth_draw[i]
        m.land_month[i] = land
        m.csm_owner.append(f"csm_{int(rng.integers(1, n_csm + 1)):03d}")
        m.ae_owner.append(f"ae_{int(rng.integers(1, n_ae + 1)):03d}")
        m.fiscal_start[i] = (1, 1, 1, 4, 7, 10)[int(rng.integers(0, 6))]

    # CRM creation: a prospect record exists some weeks before the first deal closes.
    lead_days = rng.uniform(30, 160, n)
    for i in range(n):
        land_us = cal.month_start(int(min(m.land_month[i], cal.months - 1)))
        created = land_us - int(lead_days[i] * DAY) + int(rng.integers(8, 18)) * HOUR
        if m.parent[i] >= 0:
            created = max(created, int(m.created_us[m.parent[i]]) + DAY)
        m.created_us[i] = max(created, cal.history_start_us + DAY)
    # A few CRM duplicates that never bought and were soft-deleted (leaf roots only).
    for i in range(n):
        leaf_root = m.parent[i] < 0 and (i + 1 == n or m.parent[i + 1] != i)
        if leaf_root and rng.random() < 0.01:
            m.is_deleted[i] = True
            m.land_month[i] = 10**6  # never lands

    # Processing chunks: at least chunk_accounts accounts, cut only between families.
    start = 0
    for i in range(1, n + 1):
        if i == n or (m.parent[i] < 0 and i - start >= chunk_accounts):
            m.chunks.append((start, i))
            start = i
    return m


def _landing_months(n: int, months: int, rng: np.random.Generator) -> np.ndarray:
    """First paid month of root accounts: an installed base early on, then steady growth."""
    base = rng.random(n) < 0.30
    early = rng.integers(0, max(1, min(3, months)), size=n)
    # Later landings get more frequent over time (growing company), up to the as-of month.
    span = max(1, months)
    # Density proportional to (1 + x) on [0, 1): inverse CDF x = sqrt(1 + 3u) - 1.
    later = np.floor(span * (np.sqrt(1.0 + 3.0 * rng.random(n)) - 1.0)).astype(np.int64)
    later = np.clip(later, 0, span - 1)
    return np.where(base, early, later)
