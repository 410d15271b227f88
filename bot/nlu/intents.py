"""The intent names of DESIGN.md §4: fixed, since outside tools rely on them."""

from __future__ import annotations

from typing import Final

INTENTS: Final = (
    "greet",
    "goodbye",
    "affirm",
    "deny",
    "thanks",
    "book",
    "my_bookings",
    "cancel_booking",
    "reschedule_booking",
    "running_late",
    "login_help",
    "password_reset",
    "register",
    "human_handoff",
    "report_problem",
    "ticket_status",
    "change_language",
    "notification_settings",
    "faq/payment_methods",
    "faq/cancellation_policy",
    "faq/reminders",
    "faq/late_policy",
    "faq/data_security",
    "faq/support_contact",
    "faq/change_service",
    "out_of_scope",
)
