"""Provisioned users of one account: joins, invites, turnover and deactivation, then the user rows."""

from __future__ import annotations

import math

from . import names
from .account import Account, lognormal
from .chunk import Ids
from .timeutil import HOUR, US

MINUTE = 60 * US


class Team:
    def __init__(self, a: Account):
        self.a = a
        self.q = a.params.users
        self.live: list[int] = []  # indices into rows of users still provisioned
        self.rows: list[list] = []  # [created, deactivated, dept, role, inviter, factor, invited_at]
        self.dept_order = list(range(len(names.DEPARTMENTS)))
        a.r.shuffle(self.dept_order)

    def sync(self, m: int, target: int, first_start: int | None) -> list[int]:
        """Bring provisioned users to `target` during month m; returns this month's invite times."""
        a, q = self.a, self.q
        r, cal = a.r, a.cal
        lo = first_start if first_start is not None else cal.month_start(m)
        hi = min(cal.month_start(m + 1), cal.end_us)
        if hi <= lo:
            return []
        invites = []
        # Natural turnover: a few people leave and are replaced.
        live = self.live
        if live and first_start is None and r.random() < q.turnover:
            self.deactivate(live[r.randrange(len(live))], lo + int(r.random() * (hi - lo)))
        target = max(1, target)
        new_times = sorted(
            lo + int(r.random() ** (q.landing_skew if first_start else 1.0) * (hi - lo))
            for _ in range(max(0, target - len(live)))
        )
        for i, ts in enumerate(new_times):
            if not self.rows and i == 0:
                ts = lo + r.randrange(*q.first_admin_minutes) * MINUTE
                self.add(ts, None, "admin", None)
                continue
            invited_at = self.join(ts)
            if invited_at is not None and invited_at >= cal.month_start(m):
                invites.append(invited_at)
        if len(live) > target:
            drop = len(live) - target
            for _ in range(drop):
                idx = live[1 + r.randrange(len(live) - 1)] if len(live) > 1 else live[0]
                self.deactivate(idx, lo + int(r.random() * (hi - lo)))
        invites.sort()
        return invites

    def join(self, ts: int) -> int | None:
        """A user joining at ts, usually invited by a colleague; returns the invite instant."""
        a, q, live = self.a, self.q, self.live
        r = a.r
        inviter = None
        if live and r.random() < q.invited:
            cand = live[r.randrange(len(live))]
            if self.rows[cand][0] < ts - HOUR:
                inviter = cand
        invited_at = ts - r.randrange(*q.invite_lead_minutes) * MINUTE if inviter is not None else None
        if invited_at is not None and invited_at <= self.rows[inviter][0]:
            invited_at = self.rows[inviter][0] + MINUTE
        role = "admin" if r.random() < q.admin else ("viewer" if r.random() < q.viewer else "member")
        self.add(ts, inviter, role, invited_at)
        return invited_at

    def add(self, ts: int, inviter: int | None, role: str, invited_at: int | None):
        r, q = self.a.r, self.q
        n = len(self.rows)
        spread = min(len(self.dept_order), 1 + int(math.log2(1 + n / q.dept_team_size)))
        dept = self.dept_order[min(spread - 1, int(r.random() ** q.dept_skew * spread))]
        factor = lognormal(r, *q.factor) * (q.power_factor if r.random() < q.power_user else 1.0)
        self.rows.append([ts, None, dept, role, inviter, factor, invited_at])
        self.live.append(n)

    def deactivate(self, idx: int, ts: int):
        row = self.rows[idx]
        if row[1] is None:
            row[1] = max(ts, row[0] + HOUR)
            if row[1] >= self.a.cal.end_us:
                row[1] = None
                return
        self.live.remove(idx)

    def deactivate_all(self, m: int, at: int | None = None):
        if not self.live:
            return
        base = at if at is not None else self.a.cal.month_start(m)
        for idx in list(self.live):
            self.deactivate(idx, base + self.a.r.randrange(*self.q.deactivate_hours) * HOUR)
            if idx in self.live:  # could not deactivate before as-of: leave it provisioned
                self.live.remove(idx)

    def flush(self):
        a, q = self.a, self.q
        r = a.r
        rows = a.sim.rows["users"]
        first = a.ids.count.get("usr", 0)
        for i, (created, deact, dept, role, inviter, factor, invited_at) in enumerate(self.rows):
            fn = names.FIRST_NAMES[r.randrange(len(names.FIRST_NAMES))]
            ln = names.LAST_NAMES[r.randrange(len(names.LAST_NAMES))]
            uid = a.ids.next("usr")
            suffix = "" if i < q.plain_emails or r.random() < q.numbered_email else i
            email = f"{fn}.{ln}{suffix}@{a.ms.domain[a.g]}".lower()
            inv = f"usr_{first + inviter + 1:0{Ids.WIDTH['usr']}d}" if inviter is not None else None
            rows.add(
                uid,
                a.acc,
                email,
                names.DEPARTMENTS[dept],
                role,
                created,
                deact,
                inv,
                a.k,
                factor,
                invited_at,
                first + inviter + 1 if inviter is not None else -1,
            )
