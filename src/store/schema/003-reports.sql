-- Migration 3: periodic progress reports on ledger items, with their evidence.

CREATE TABLE reports (
  id            INTEGER PRIMARY KEY,
  item_id       INTEGER NOT NULL REFERENCES ledger_items(id),
  period        TEXT NOT NULL,                 -- 2019-03 (month) or 2019Q1 (quarter)
  unit_id       INTEGER REFERENCES units(id),  -- the reporting unit
  progress      INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  done          TEXT NOT NULL DEFAULT '',      -- what was done
  problems      TEXT NOT NULL DEFAULT '',
  next_steps    TEXT NOT NULL DEFAULT '',
  state         TEXT NOT NULL DEFAULT 'draft'
                CHECK (state IN ('draft','submitted','accepted','returned')),
  return_reason TEXT,
  submissions   INTEGER NOT NULL DEFAULT 0,    -- 2 or more: resubmitted after a return
  created_by    TEXT NOT NULL,
  submitted_at  TEXT,
  reviewed_by   TEXT,
  reviewed_at   TEXT,
  UNIQUE (item_id, period, unit_id)
);
CREATE INDEX reports_item ON reports(item_id, period);

CREATE TABLE evidence (
  id         INTEGER PRIMARY KEY,
  report_id  INTEGER NOT NULL REFERENCES reports(id),
  name       TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  bytes      INTEGER NOT NULL,
  content    BLOB NOT NULL,
  added_at   TEXT NOT NULL
);
