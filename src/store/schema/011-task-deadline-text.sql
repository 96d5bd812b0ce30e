-- Migration 11: a task's deadline as written (完成时限 of a table row: 2019年6月底前, 长期坚持), so
-- that the ledger can take its month and day, not only its year.

ALTER TABLE tasks ADD COLUMN deadline_text TEXT;
