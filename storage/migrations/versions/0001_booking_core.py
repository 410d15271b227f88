"""Booking core: catalog, clients, bookings, events, and the no-overlap guarantee.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "categories",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
    )
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
    )
    op.create_table(
        "businesses",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category_id", sa.String(length=64), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("address", sa.String(length=400), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("policies", sa.JSON(), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("closed", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name=op.f("fk_businesses_category_id_categories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_businesses")),
    )
    op.create_table(
        "rooms",
        sa.Column("business_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("guests", sa.Integer(), nullable=False),
        sa.Column("price_per_night", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_rooms_business_id_businesses")
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_rooms")),
    )
    op.create_table(
        "services",
        sa.Column("business_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("staff", sa.JSON(), nullable=False),
        sa.Column("buffer_after_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_services_business_id_businesses")
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_services")),
    )
    op.create_table(
        "staff",
        sa.Column("business_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_staff_business_id_businesses")
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_staff")),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("business_id", sa.String(length=64), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=True),
        sa.Column("room_id", sa.String(length=64), nullable=True),
        sa.Column("staff_id", sa.String(length=64), nullable=True),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("start_at", UTCDateTime(), nullable=False),
        sa.Column("end_at", UTCDateTime(), nullable=False),
        sa.Column("block_end_at", UTCDateTime(), nullable=False),
        sa.Column("session_key", sa.String(length=80), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("hold_expires_at", UTCDateTime(), nullable=True),
        sa.Column("reschedule_count", sa.Integer(), nullable=False),
        sa.Column("late_minutes", sa.Integer(), nullable=True),
        sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('held', 'pending', 'confirmed', 'cancelled', 'rejected', "
            "'expired', 'released')",
            name=op.f("ck_bookings_status"),
        ),
        sa.CheckConstraint("seat >= 1 AND seat <= capacity", name=op.f("ck_bookings_seat")),
        sa.CheckConstraint(
            "start_at < end_at AND end_at <= block_end_at", name=op.f("ck_bookings_span")
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "room_id"],
            ["rooms.business_id", "rooms.id"],
            name=op.f("fk_bookings_business_id_rooms"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "service_id"],
            ["services.business_id", "services.id"],
            name=op.f("fk_bookings_business_id_services"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "staff_id"],
            ["staff.business_id", "staff.id"],
            name=op.f("fk_bookings_business_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_bookings_business_id_businesses")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_bookings_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bookings_business_start", ["business_id", "start_at"], unique=False
        )
        batch_op.create_index("ix_bookings_client", ["client_id"], unique=False)
        batch_op.create_index(
            "uq_bookings_active_seat",
            ["session_key", "seat"],
            unique=True,
            sqlite_where=sa.text("status IN ('held', 'pending', 'confirmed')"),
            postgresql_where=sa.text("status IN ('held', 'pending', 'confirmed')"),
        )

    op.create_table(
        "booking_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_booking_events_booking_id_bookings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_events")),
    )
    with op.batch_alter_table("booking_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booking_events_booking_id"), ["booking_id"], unique=False
        )

    op.create_table(
        "room_nights",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("business_id", sa.String(length=64), nullable=False),
        sa.Column("room_id", sa.String(length=64), nullable=False),
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_room_nights_booking_id_bookings")
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "room_id"],
            ["rooms.business_id", "rooms.id"],
            name=op.f("fk_room_nights_business_id_rooms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_nights")),
    )
    with op.batch_alter_table("room_nights", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_nights_booking_id"), ["booking_id"], unique=False)
        batch_op.create_index(
            "uq_room_nights_active_unit",
            ["business_id", "room_id", "night", "unit"],
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )

    create_no_overlap_guarantee()


# Two active bookings of one staff member must not overlap (buffer included) unless
# they are seats of one group session (same session_key); seats are bounded by the
# unique (session_key, seat) index and the seat <= capacity check.
PG_NO_OVERLAP = """
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
    business_id WITH =,
    staff_id WITH =,
    tstzrange(start_at, block_end_at, '[)') WITH &&,
    session_key WITH <>
) WHERE (status IN ('held', 'pending', 'confirmed') AND staff_id IS NOT NULL)
"""

SQLITE_OVERLAP_CHECK = """
SELECT RAISE(ABORT, 'slot_taken') WHERE EXISTS (
    SELECT 1 FROM bookings AS other
    WHERE other.business_id = NEW.business_id
      AND other.staff_id = NEW.staff_id
      AND other.id IS NOT NEW.id
      AND other.status IN ('held', 'pending', 'confirmed')
      AND other.session_key <> NEW.session_key
      AND other.start_at < NEW.block_end_at
      AND NEW.start_at < other.block_end_at
);
"""

SQLITE_WHEN = "NEW.status IN ('held', 'pending', 'confirmed') AND NEW.staff_id IS NOT NULL"


def create_no_overlap_guarantee() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(PG_NO_OVERLAP)
    elif dialect == "sqlite":
        op.execute(
            f"CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings "
            f"WHEN {SQLITE_WHEN} BEGIN {SQLITE_OVERLAP_CHECK} END"
        )
        op.execute(
            f"CREATE TRIGGER bookings_no_overlap_update BEFORE UPDATE OF "
            f"staff_id, start_at, block_end_at, status, session_key ON bookings "
            f"WHEN {SQLITE_WHEN} BEGIN {SQLITE_OVERLAP_CHECK} END"
        )
    else:
        raise NotImplementedError(f"no overlap guarantee for {dialect}")


def drop_no_overlap_guarantee() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "postgresql":
        op.execute("ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER bookings_no_overlap_insert")
        op.execute("DROP TRIGGER bookings_no_overlap_update")


def downgrade() -> None:
    drop_no_overlap_guarantee()
    with op.batch_alter_table("room_nights", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_room_nights_active_unit",
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )
        batch_op.drop_index(batch_op.f("ix_room_nights_booking_id"))

    op.drop_table("room_nights")
    with op.batch_alter_table("booking_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_events_booking_id"))

    op.drop_table("booking_events")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_bookings_active_seat",
            sqlite_where=sa.text("status IN ('held', 'pending', 'confirmed')"),
            postgresql_where=sa.text("status IN ('held', 'pending', 'confirmed')"),
        )
        batch_op.drop_index("ix_bookings_client")
        batch_op.drop_index("ix_bookings_business_start")

    op.drop_table("bookings")
    op.drop_table("staff")
    op.drop_table("services")
    op.drop_table("rooms")
    op.drop_table("businesses")
    op.drop_table("clients")
    op.drop_table("categories")
