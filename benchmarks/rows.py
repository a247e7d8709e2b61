"""One line of the results table: what was measured, its target, the figure and the verdict.

A row without a target is reported with the verdict "no target", never "met". Each row keeps the
load average (1, 5 and 15 minutes) read when its figure was taken: on a shared machine the
figures mean little without it.
"""

import os
from dataclasses import dataclass, field

MET, MISSED, NO_TARGET, FAILED = "met", "MISSED", "no target", "FAILED"


def load_average() -> tuple[float, float, float]:
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)


@dataclass
class Row:
    section: str  # the line of the performance table this row belongs to
    what: str  # the page or case measured
    measured: float | None  # None when the measurement failed
    unit: str  # "ms", "x", "KB", "MB", "s", "req/s", "ratio", ""
    target: float | None = None
    higher_is_better: bool = False
    note: str = ""
    error: str = ""
    text: str = ""  # the figure in words, when it is not a number (e.g. "yes")
    passed: bool | None = None  # the verdict of a row whose figure is ``text``
    load: tuple[float, float, float] = field(default_factory=load_average)

    @property
    def verdict(self) -> str:
        if self.error:
            return FAILED
        if self.passed is not None:
            return MET if self.passed else MISSED
        if self.target is None or self.measured is None:
            return NO_TARGET
        if self.higher_is_better:
            return MET if self.measured >= self.target else MISSED
        return MET if self.measured <= self.target else MISSED

    @property
    def target_text(self) -> str:
        if self.passed is not None and self.target is None:
            return "yes"
        if self.target is None:
            return "-"
        sign = "≥" if self.higher_is_better else "≤"
        return f"{sign} {_number(self.target)} {self.unit}".rstrip()

    @property
    def measured_text(self) -> str:
        if self.error:
            return "-"
        if self.text:
            return self.text
        if self.measured is None:
            return "-"
        return f"{_number(self.measured)} {self.unit}".rstrip()

    def as_dict(self) -> dict:
        return {
            "section": self.section,
            "what": self.what,
            "measured": None if self.measured is None else round(self.measured, 3),
            "unit": self.unit,
            "target": self.target,
            "target_text": self.target_text,
            "measured_text": self.measured_text,
            "verdict": self.verdict,
            "note": self.note,
            "error": self.error or None,
            "load_average": list(self.load),
        }


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
