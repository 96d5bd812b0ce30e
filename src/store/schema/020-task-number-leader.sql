-- Migration 20: a table row's own 序号 and 责任领导, as the document JSON writes them (task
-- "number", "leader"), so that the ledger made from a task-division table, or from luoshi's own
-- exported 台账 read back, keeps the office's numbering (3-1, 十二-4, 3-1-2) and its responsible
-- leaders. NULL for tasks read from prose.

ALTER TABLE tasks ADD COLUMN number TEXT;
ALTER TABLE tasks ADD COLUMN leader TEXT;
