-- Migration 9: quantitative targets (指标) of ledger items, each with a baseline and a dated
-- target that make a straight-line trajectory, and the actual values the units report.

CREATE TABLE item_targets (
  id             INTEGER PRIMARY KEY,
  item_id        INTEGER NOT NULL REFERENCES ledger_items(id),
  name           TEXT NOT NULL,                  -- 5G基站, 森林覆盖率
  unit           TEXT,                           -- %, 公里, 个; NULL when none
  baseline       REAL NOT NULL,
  baseline_date  TEXT NOT NULL,                  -- ISO date of the baseline
  target         REAL NOT NULL,                  -- below the baseline for a decreasing target
  target_date    TEXT NOT NULL,                  -- ISO date, after baseline_date
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX item_targets_item ON item_targets(item_id);

CREATE TABLE target_values (
  id           INTEGER PRIMARY KEY,
  target_id    INTEGER NOT NULL REFERENCES item_targets(id),
  value        REAL NOT NULL,
  as_of        TEXT NOT NULL,                    -- ISO date the value describes
  reported_by  TEXT NOT NULL,
  reported_at  TEXT NOT NULL
);
CREATE INDEX target_values_target ON target_values(target_id, as_of);
