"""Account master: the CRM account universe, its hierarchy and static attributes.

Built once for all accounts (cheap even at 100k accounts). Families (a root account
and its descendants) get consecutive ids and are never split across processing
chunks, so a child's simulation can look at its parent's state.
"""

from __future__ import annotations

import numpy as np

from . import names
from .params import DEFAULT, MasterParams
from .timeutil import DAY, HOUR, Calendar

SEGMENTS = ("smb", "mid_market", "enterprise")
NEVER = 10**6  # month index of something that never happens (a landing, an adoption)
REGION_TLD = {
    "na": ".com",
    "emea": (".com", ".de", ".co.uk", ".eu"),
    "apac": (".com", ".com.au"),
    "latam": ".com",
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


def build_master(
    n: int, cal: Calendar, rng: np.random.Generator, chunk_accounts: int, q: MasterParams = DEFAULT.master
) -> Master:
    tree = _hierarchy(n, rng, q)
    m = Master(n)
    _attributes(m, tree, cal, rng, q)
    # CRM creation: a prospect record exists some weeks before the first deal closes.
    lead_days = rng.uniform(*q.prospect_lead_days, n)
    for i in range(n):
        land_us = cal.month_start(int(min(m.land_month[i], cal.months - 1)))
        created = land_us - int(lead_days[i] * DAY) + int(rng.integers(*q.prospect_hours)) * HOUR
        if m.parent[i] >= 0:
            created = max(created, int(m.created_us[m.parent[i]]) + DAY)
        m.created_us[i] = max(created, cal.history_start_us + DAY)
    # A few CRM duplicates that never bought and were soft-deleted (leaf roots only).
    for i in range(n):
        leaf_root = m.parent[i] < 0 and (i + 1 == n or m.parent[i + 1] != i)
        if leaf_root and rng.random() < q.deleted_duplicates:
            m.is_deleted[i] = True
            m.land_month[i] = NEVER

    # Processing chunks: at least chunk_accounts accounts, cut only between families.
    start = 0
    for i in range(1, n + 1):
        if i == n or (m.parent[i] < 0 and i - start >= chunk_accounts):
            m.chunks.append((start, i))
            start = i
    return m


class _Tree:
    """Roots and children before ordering: segment, region and parent per node, and the id order."""

    def __init__(self, n_root: int, root_seg, root_region, child_parent, child_seg, child_region, order):
        self.n_root = n_root
        self.root_seg, self.root_region = root_seg, root_region
        self.child_parent, self.child_seg, self.child_region = child_parent, child_seg, child_region
        self.order = order
        self.pos = {node: i for i, node in enumerate(order)}


def _hierarchy(n: int, rng: np.random.Generator, q: MasterParams) -> _Tree:
    n_child = int(round(n * q.child_share)) if n >= q.min_accounts_for_children else 0
    n_root = n - n_child
    # Root mix is set so that, with children added, the overall mix is ~60/28/12.
    root_seg = rng.choice(len(SEGMENTS), size=n_root, p=q.root_segments)
    root_region = rng.choice(len(names.REGIONS), size=n_root, p=q.root_regions)
    # Parents: mostly enterprise, some mid-market roots. Each child picks a parent; some
    # children hang under an earlier child instead, making 3-level chains.
    big = np.flatnonzero(root_seg >= 1)
    weights = np.where(root_seg[big] == SEGMENTS.index("enterprise"), q.enterprise_parent_weight, 1.0)
    weights /= weights.sum()
    children: dict[int, list[int]] = {}  # node -> child node ids (nodes: roots 0..n_root-1, then children)
    child_parent = np.full(n_child, -1, dtype=np.int64)
    child_seg = np.zeros(n_child, dtype=np.int64)
    child_region = np.zeros(n_child, dtype=np.int64)
    for c in range(n_child):
        node = n_root + c
        if c > q.min_children_for_chains and rng.random() < q.grandchild_share:
            parent = n_root + int(rng.integers(0, c))
        else:
            parent = int(big[rng.choice(len(big), p=weights)]) if len(big) else 0
        child_parent[c] = parent
        children.setdefault(parent, []).append(node)
        parent_seg = root_seg[parent] if parent < n_root else child_seg[parent - n_root]
        parent_region = root_region[parent] if parent < n_root else child_region[parent - n_root]
        child_seg[c] = min(parent_seg, rng.choice(len(SEGMENTS), p=q.child_segments))
        if rng.random() < q.child_same_region:
            child_region[c] = parent_region
        else:
            child_region[c] = rng.choice(len(names.REGIONS), p=q.child_regions)

    # Depth-first order: each family is contiguous and parents precede their children.
    order: list[int] = []
    for r in range(n_root):
        stack = [r]
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(reversed(children.get(node, [])))
    return _Tree(n_root, root_seg, root_region, child_parent, child_seg, child_region, order)


def _attributes(m: Master, tree: _Tree, cal: Calendar, rng: np.random.Generator, q: MasterParams):
    """Ids, names, domains, segment, region, currency, size, growth, owners and landing month."""
    n, n_root = m.n, tree.n_root
    seen_domains: dict[str, int] = {}
    n_csm = max(q.min_csms, n // q.accounts_per_csm)
    n_ae = max(q.min_aes, n // q.accounts_per_ae)
    root_land = _landing_months(n_root, cal.months, rng, q)
    emp_draw = rng.standard_normal(n)
    growth_draw = rng.standard_normal(n)
    fast = rng.random(n) < q.fast_growth_share
    segment_growth = dict(q.segment_growth)
    for i, node in enumerate(tree.order):
        m.account_id.append(f"acc_{i + 1:06d}")
        if node < n_root:
            seg = SEGMENTS[tree.root_seg[node]]
            region = names.REGIONS[tree.root_region[node]]
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
            p = tree.pos[int(tree.child_parent[c])]
            m.parent[i] = p
            m.root[i] = m.root[p]
            m.depth[i] = m.depth[p] + 1
            seg = SEGMENTS[tree.child_seg[c]]
            region = names.REGIONS[tree.child_region[c]]
            industry = m.industry[p]
            name = f"{m.name[p].split(' - ')[0]} - {ORG_UNITS[int(rng.integers(0, len(ORG_UNITS)))]}"
            domain = m.domain[p]
            # Land-and-expand: a business unit signs some months after its parent.
            land = int(m.land_month[p] + rng.integers(*q.child_land_months))
        curs, probs = q.region_currency[region]
        m.segment.append(seg)
        m.region.append(region)
        m.currency.append(curs[int(rng.choice(len(curs), p=probs))])
        m.industry.append(industry)
        m.name.append(name)
        m.domain.append(domain)
        med, sigma, lo, hi = q.employees[seg]
        m.employees0[i] = float(np.clip(med * np.exp(sigma * emp_draw[i]), lo, hi))
        if fast[i]:
            m.emp_growth[i] = q.fast_growth[0] + q.fast_growth[1] * rng.random()
        else:
            m.emp_growth[i] = segment_growth[seg] + q.growth_sd * growth_draw[i]
        m.land_month[i] = land
        m.csm_owner.append(f"csm_{int(rng.integers(1, n_csm + 1)):03d}")
        m.ae_owner.append(f"ae_{int(rng.integers(1, n_ae + 1)):03d}")
        m.fiscal_start[i] = q.fiscal_start_months[int(rng.integers(0, len(q.fiscal_start_months)))]


def _landing_months(n: int, months: int, rng: np.random.Generator, q: MasterParams) -> np.ndarray:
    """First paid month of root accounts: an installed base early on, then steady growth."""
    base = rng.random(n) < q.installed_base
    early = rng.integers(0, max(1, min(q.installed_base_months, months)), size=n)
    # Later landings get more frequent over time (growing company), up to the as-of month.
    span = max(1, months)
    # Density proportional to (1 + x) on [0, 1): inverse CDF x = sqrt(1 + 3u) - 1.
    later = np.floor(span * (np.sqrt(1.0 + 3.0 * rng.random(n)) - 1.0)).astype(np.int64)
    later = np.clip(later, 0, span - 1)
    return np.where(base, early, later)
