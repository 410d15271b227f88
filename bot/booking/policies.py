"""A business's policies as plain rules: cancellation fee, lateness, changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

MAX_LATE_MINUTES = 240


@dataclass(frozen=True, slots=True)
class Policies:
    """The policy block of a business, with the catalog's defaults."""

    free_cancel_hours: int = 24
    late_tolerance_minutes: int = 15
    hold_minutes: int = 10
    client_reschedules: int = 1
    payment: tuple[str, ...] = ("on_site",)
    needs_confirmation: bool = False
    min_notice_minutes: int = 60
    max_days_ahead: int = 60
    slot_step_minutes: int = 15
    check_in: time | None = None
    check_out: time | None = None

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Policies:
        """Build from the stored JSON form (times as ``HH:MM``); unknown keys ignored."""
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "payment" in values:
            values["payment"] = tuple(values["payment"])
        for key in ("check_in", "check_out"):
            if isinstance(values.get(key), str):
                values[key] = time.fromisoformat(values[key])
        return cls(**values)


def cancellation_fee_may_apply(policies: Policies, start: datetime, now: datetime) -> bool:
    """Whether a client's cancellation now falls inside the paid window."""
    return start - now < timedelta(hours=policies.free_cancel_hours)


def late_within_tolerance(policies: Policies, minutes: int) -> bool:
    """Whether a client this late keeps the booking without question."""
    return minutes <= policies.late_tolerance_minutes


def client_may_reschedule(policies: Policies, reschedules_so_far: int) -> bool:
    """Whether the client may still move this booking by themselves."""
    return reschedules_so_far < policies.client_reschedules
