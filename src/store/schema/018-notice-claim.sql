-- Migration 18: a sender claims a notice before delivering it, so that two senders running at
-- the same moment (two machines' timers on one PostgreSQL database) never deliver one notice
-- twice. A claim older than the stale limit (store_notice_claim) may be taken over: a sender
-- killed mid-delivery leaves its claim behind. Forward-only.

ALTER TABLE notices ADD COLUMN claimed_by TEXT;
ALTER TABLE notices ADD COLUMN claimed_at TEXT;
