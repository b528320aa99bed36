"""The dashboard's numbers as plain rows, the same for the page, the chart and the exports (no model here).

A task counts once, in one of four boxes: done on time, done late ("hoàn thành quá hạn", kept apart),
overdue (its deadline passed, not done) and not yet due (not done, its deadline still ahead: "chưa đến hạn"
and "đang thực hiện" alike). The tasks *due* are the first three: done, or past their deadline; the rates
are over them ("2.723 nhiệm vụ đến hạn, 91,8% hoàn thành, 222 quá hạn").
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class Counts:
    """The four boxes of one group of tasks (an agency, a deadline month, or all of them)."""

    label: str = ""
    key: object = None
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0

    def add(self, other):
        for name in ("on_time", "late", "overdue", "pending"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def total(self):
        return self.on_time + self.late + self.overdue + self.pending

    @property
    def done(self):
        return self.on_time + self.late

    @property
    def due(self):
        return self.on_time + self.late + self.overdue

    def _rate(self, part):
        return round(100 * part / self.due, 1) if self.due else None

    @property
    def done_rate(self):
        """Percent of the due tasks that are done (on time or late), one decimal; None when none is due."""
        return self._rate(self.done)

    @property
    def on_time_rate(self):
        return self._rate(self.on_time)

    @property
    def overdue_rate(self):
        return self._rate(self.overdue)


@dataclass(frozen=True)
class OverdueRow:
    """An overdue task: what, who leads it, since when."""

    text: str
    lead: str
    deadline: datetime.date
    days: int  # days past the deadline
    source: str  # the conclusion it comes from
    url: str = ""


@dataclass
class Report:
    """What the monthly report shows: the whole, by agency, by deadline month, the overdue list."""

    title: str
    office_name: str
    today: datetime.date
    filters: str = ""
    total: Counts = field(default_factory=Counts)
    by_agency: list = field(default_factory=list)
    by_month: list = field(default_factory=list)
    overdue: list = field(default_factory=list)


def percent(value):
    """``91.8`` as "91,8%" (the Vietnamese decimal comma); None as a dash."""
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")
