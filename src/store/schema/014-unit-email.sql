-- Migration 14: a unit's mail address, where `outbox send --smtp` sends its escalation notices
-- (催办/督办). NULL when the unit has none: its notices then stay in the outbox, failed with
-- that reason. store_unit_email_set checks the address before it gets here.

ALTER TABLE units ADD COLUMN email TEXT;
