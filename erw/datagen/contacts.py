"""CRM contacts of one chunk: stakeholders, the champion and the executive sponsor, and their history.

Champion events planted by the simulation (promotions, departures) become `contact_history`
rows: a promoted champion changes seniority and title; a departing champion leaves the company
and a successor is named a few weeks later.
"""

from __future__ import annotations

import numpy as np

from . import names
from .chunk import ChunkSim, Ids
from .params import DEFAULT, Params
from .timeutil import DAY, HOUR, NULL_TS, Calendar

CONTACT_COLUMNS = (
    "contact_id",
    "account_id",
    "email",
    "full_name",
    "title",
    "seniority",
    "department",
    "is_champion",
    "is_exec_sponsor",
    "created_at",
    "left_company_at",
)
PRIMARY, CHAMPION, SPONSOR = 0, 1, 2  # positions of the first contacts of an account


class Contacts:
    """Contacts of a chunk plus their change history."""

    def __init__(self):
        self.rows = {c: [] for c in CONTACT_COLUMNS}
        self.local: list[int] = []
        self.history = {c: [] for c in ("contact_id", "changed_at", "field", "old_value", "new_value")}

    def hist(self, cid, ts, field, old, new):
        for col, v in zip(self.history.values(), (cid, ts, field, old, new), strict=True):
            col.append(v)


def build_contacts(
    sim: ChunkSim,
    master,
    lo: int,
    cal: Calendar,
    rng: np.random.Generator,
    ids: Ids,
    params: Params = DEFAULT,
) -> Contacts:
    out = Contacts()
    q = params.crm
    events_by_acc: dict[int, list] = {}
    for k, kind, ts in sim.champion_events:
        events_by_acc.setdefault(k, []).append((ts, kind))
    for k in range(sim.n):
        g = lo + k
        seg = master.segment[g]
        a, b = params.segment[seg]["contacts"]
        n = int(rng.integers(a, b)) if sim.land_us[k] >= 0 else int(rng.integers(*q.prospect_contacts))
        people = [_person(i, seg, int(master.created_us[g]), cal, rng, ids, q) for i in range(n)]
        if n > SPONSOR and rng.random() < params.segment[seg]["exec_sponsor_share"]:
            p = people[SPONSOR]
            p["sen"] = "c_level" if rng.random() < q.exec_c_level else "vp"
            p["title"] = names.title_for(p["sen"], p["dept"], int(rng.integers(0, q.title_variants)))
            p["exec"] = True
        champ = CHAMPION if n > CHAMPION else PRIMARY
        people[champ]["champ"] = True
        champ = _champion_events(out, people, champ, sorted(events_by_acc.get(k, [])), cal, rng, q)
        _turnover(people, champ, cal, rng, q)
        _write(out, people, k, master.account_id[g], master.domain[g], rng)
    return out


def _person(i: int, seg: str, created0: int, cal: Calendar, rng, ids: Ids, q) -> dict:
    fn = names.FIRST_NAMES[int(rng.integers(0, len(names.FIRST_NAMES)))]
    ln = names.LAST_NAMES[int(rng.integers(0, len(names.LAST_NAMES)))]
    if i == PRIMARY:
        sen = "manager"
    elif i == CHAMPION:
        sen = "director" if seg != "smb" else "manager"
    else:
        sen = names.SENIORITY[int(rng.choice(len(names.SENIORITY), p=q.seniority_weights))]
    dept = names.DEPARTMENTS[int(rng.integers(0, len(names.DEPARTMENTS)))]
    # Most contacts exist from the start; some join later (new stakeholders).
    if i <= CHAMPION or rng.random() < q.early_contact:
        created = created0 + (0 if i == PRIMARY else int(rng.uniform(0, q.early_contact_days) * DAY))
    else:
        created = int(
            rng.uniform(created0, max(created0 + DAY, cal.end_us - q.late_contact_margin_days * DAY))
        )
    created = min(created, cal.end_us - HOUR)
    return {
        "id": ids.next("con"),
        "fn": fn,
        "ln": ln,
        "sen": sen,
        "dept": dept,
        "title": names.title_for(sen, dept, int(rng.integers(0, q.title_variants))),
        "created": created,
        "left": None,
        "champ": i == CHAMPION,
        "exec": False,
    }


def _champion_events(
    out: Contacts, people: list[dict], champ: int, events: list, cal: Calendar, rng, q
) -> int:
    """Apply the account's champion promotions and departures; returns the final champion."""
    for ts, kind in events:
        cur = people[champ]
        if cur["left"] is not None or ts <= cur["created"]:
            continue
        if kind == "promoted":
            new_sen = "vp" if cur["sen"] in ("ic", "manager", "director") else "c_level"
            if new_sen == cur["sen"]:
                continue
            new_title = names.title_for(new_sen, cur["dept"], int(rng.integers(0, q.title_variants)))
            out.hist(cur["id"], ts, "seniority", cur["sen"], new_sen)
            out.hist(cur["id"], ts, "title", cur["title"], new_title)
            cur["sen"], cur["title"] = new_sen, new_title
        else:  # champion leaves the company; a successor is named a few weeks later
            cur["left"] = ts
            cur["champ"] = False
            out.hist(cur["id"], ts, "is_champion", "true", "false")
            cands = [
                i
                for i, p in enumerate(people)
                if p["left"] is None and i not in (PRIMARY, champ) and p["created"] < ts
            ]
            nxt = ts + int(rng.uniform(*q.successor_days) * DAY)
            if cands and nxt < cal.end_us:
                champ = cands[int(rng.integers(0, len(cands)))]
                people[champ]["champ"] = True
                out.hist(people[champ]["id"], nxt, "is_champion", "false", "true")
    return champ


def _turnover(people: list[dict], champ: int, cal: Calendar, rng, q):
    """Ordinary turnover among other contacts (never the primary contact or the champion)."""
    lo_days, hi_days = q.contact_tenure_days
    for i, p in enumerate(people):
        if i in (PRIMARY, champ) or p["left"] is not None:
            continue
        if rng.random() < q.contact_turnover:
            left = int(rng.uniform(p["created"] + lo_days * DAY, p["created"] + hi_days * DAY))
            if left < cal.end_us:
                p["left"] = left
                if p["exec"]:
                    p["exec"] = False


def _write(out: Contacts, people: list[dict], k: int, account_id: str, domain: str, rng):
    seen = set()
    for p in people:
        email = f"{p['fn']}.{p['ln']}".lower()
        while email in seen:
            email += str(int(rng.integers(1, 10)))
        seen.add(email)
        row = (
            p["id"],
            account_id,
            f"{email}@{domain}",
            f"{p['fn']} {p['ln']}",
            p["title"],
            p["sen"],
            p["dept"],
            p["champ"],
            p["exec"],
            p["created"],
            p["left"],
        )
        for col, v in zip(out.rows.values(), row, strict=True):
            col.append(v)
        out.local.append(k)


def contact_picker(contacts: Contacts, n_acc: int):
    """A function choosing, per row, a contact of the account employed at an instant; and created_at."""
    local = np.asarray(contacts.local, dtype=np.int64)
    created = np.array(contacts.rows["created_at"], dtype=np.int64)
    left = np.array([NULL_TS if v is None else v for v in contacts.rows["left_company_at"]], dtype=np.int64)
    left = np.where(left == NULL_TS, np.iinfo(np.int64).max, left)
    start = np.searchsorted(local, np.arange(n_acc), side="left")
    count = np.searchsorted(local, np.arange(n_acc), side="right") - start

    def pick(acc: np.ndarray, ts: np.ndarray, rng) -> np.ndarray:
        """A contact of the account employed at ts (the primary contact as fallback)."""
        pos = start[acc] + np.minimum((rng.random(len(acc)) * count[acc]).astype(np.int64), count[acc] - 1)
        ok = (created[pos] <= ts) & (left[pos] > ts)
        return np.where(ok, pos, start[acc])

    return pick, created
