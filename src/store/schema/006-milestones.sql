-- Migration 6: milestones (节点) of an item, each item's report cycle, and late reports.

CREATE TABLE milestones (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES ledger_items(id),
  due         TEXT NOT NULL,                  -- ISO date the milestone is to be reached
  title       TEXT NOT NULL,
  done_on     TEXT,                           -- ISO date it was reached, NULL while open
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX milestones_item ON milestones(item_id, due);

-- The cycle the lead unit reports on (NULL: the warning rules' default) and the day of the
-- period's last month by which the report is due (NULL: the period's last day).
ALTER TABLE ledger_items ADD COLUMN report_cycle TEXT CHECK (report_cycle IN ('month','quarter'));
ALTER TABLE ledger_items ADD COLUMN report_day INTEGER CHECK (report_day BETWEEN 1 AND 28);

-- 1 when the report was first submitted after its due date.
ALTER TABLE reports ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
