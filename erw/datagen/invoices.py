"""Invoices: the account's invoice lines grouped by issue instant, taxed, credited, voided and settled."""

from __future__ import annotations

from .account import Account
from .billing import InvoiceLine
from .timeutil import DAY, HOUR


class Invoicer:
    def __init__(self, a: Account):
        self.a = a
        self.q = a.params.billing

    def tax_rate(self) -> float:
        a, q = self.a, self.q
        rate = q.tax_rate.get(a.cur, 0.0)
        if a.cur == "USD" and a.r.random() < q.us_sales_tax_share:
            rate = q.us_sales_tax
        return rate

    def flush(self, lines: list[InvoiceLine]) -> bool:
        """Write the invoices of all lines; True when a live account has an overdue invoice."""
        if not lines:
            return False
        a, q = self.a, self.q
        r, cal, sim, k = a.r, a.cal, a.sim, a.k
        tax_rate = self.tax_rate()
        lo_net = a.p["net_days"]
        lines.sort(key=lambda x: (x.issued, x.line_type == "one_time"))
        groups: list[list[InvoiceLine]] = []
        for ln in lines:
            if groups and groups[-1][0].issued == ln.issued:
                groups[-1].append(ln)
            else:
                groups.append([ln])
        overdue = False
        for grp in groups:
            issued = grp[0].issued
            month = int(cal.month_index(issued))
            h = sim.health[k, min(max(month, 0), a.M - 1)]
            recurring = sum(x.amount for x in grp if x.line_type == "recurring")
            if recurring > 0 and r.random() < q.credit:  # service credit for an incident
                credit = -round(recurring * r.uniform(*q.credit_share), 2)
                grp.append(
                    InvoiceLine(
                        issued,
                        grp[0].subscription_id,
                        None,
                        None,
                        "credit",
                        1.0,
                        credit,
                        0.0,
                        credit,
                        None,
                        None,
                    )
                )
            taxable = sum(x.amount for x in grp)
            if tax_rate and taxable > 0:
                tax = round(taxable * tax_rate, 2)
                grp.append(InvoiceLine(issued, None, None, None, "tax", 1.0, tax, 0.0, tax, None, None))
            total = round(sum(x.amount for x in grp), 2)
            net = lo_net[r.randrange(len(lo_net))] if total > 0 else 0
            overdue = self.write_group(grp, issued, issued + net * DAY, total, h) or overdue
        return overdue and sim.alive[k, a.M - 1]

    def write_group(self, grp: list[InvoiceLine], issued: int, due: int, total: float, h: float) -> bool:
        """One invoice (a voided first version and its reissue when drawn); True if left overdue."""
        a, q = self.a, self.q
        r, cal = a.r, a.cal
        inv_rows, line_rows = a.sim.rows["invoices"], a.sim.rows["invoice_lines"]
        void = r.random() < q.void
        versions = [("void", issued)] if void else []
        versions.append(("final", issued + (r.randrange(*q.reissue_days) * DAY if void else 0)))
        overdue = False
        for kind, at in versions:
            if at >= cal.end_us:
                continue
            inv_id = a.ids.next("inv")
            if kind == "void":
                status, paid = "void", None
            else:
                status, paid = self.settle(at, due + (at - issued), total, h)
                if status == "open" and due + (at - issued) < cal.end_us - q.overdue_grace_days * DAY:
                    overdue = True
            inv_rows.add(inv_id, a.cust, status, a.cur, at, due + (at - issued), paid, total)
            for x in grp:
                line_rows.add(a.ids.next("il"), inv_id, *x[1:])
        return overdue

    def settle(self, issued: int, due: int, total: float, h: float) -> tuple[str, int | None]:
        a, q = self.a, self.q
        r, cal = a.r, a.cal
        if total <= 0:
            return "paid", issued
        age = cal.end_us - issued
        trouble = h < q.trouble_health and r.random() < q.trouble or r.random() < q.trouble_any
        if trouble:
            # Payment failure: still open if recent, written off when old.
            return ("open", None) if age < q.write_off_days * DAY else ("uncollectible", None)
        lag = int(r.uniform(0.0, 1.0) * max(due - issued, q.min_terms_days * DAY) * q.pay_lag_factor)
        paid = issued + lag + r.randrange(*q.pay_hours) * HOUR
        if paid >= cal.end_us:
            return "open", None
        return "paid", paid
