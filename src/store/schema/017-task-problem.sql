-- Migration 17: a rectification task's problem (反馈问题 of an inspection's rectification table):
-- the finding its measure answers, as the document JSON writes it (task "problem"). NULL for
-- every other task.

ALTER TABLE tasks ADD COLUMN problem TEXT;
