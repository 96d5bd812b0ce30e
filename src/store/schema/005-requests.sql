-- Migration 5: requests on items (extension 延期, close-out 销号, fault tolerance 容错), their
-- decisions, the outcome verdict of an item, and accountability records (提醒谈话, 约谈, 通报, 问责).

ALTER TABLE ledger_items ADD COLUMN verdict TEXT
  CHECK (verdict IN ('achieved','partly','not achieved','not verifiable'));

CREATE TABLE requests (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES ledger_items(id),
  kind        TEXT NOT NULL CHECK (kind IN ('extension','closeout','tolerance')),
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','approved','rejected')),
  unit_id     INTEGER REFERENCES units(id),
  new_deadline TEXT,                           -- extensions
  period      TEXT,                            -- tolerance: the period it covers
  reason      TEXT NOT NULL,
  checklist   TEXT,                            -- tolerance: JSON of the conditions claimed
  evidence_report INTEGER REFERENCES reports(id), -- close-out: the report holding the evidence
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  decided_by  TEXT,
  decided_at  TEXT,
  decision_note TEXT
);
CREATE INDEX requests_item ON requests(item_id, kind, state);

CREATE TABLE accountability (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES ledger_items(id),
  kind       TEXT NOT NULL CHECK (kind IN ('提醒谈话','约谈','通报','问责')),
  unit_id    INTEGER REFERENCES units(id),
  person     TEXT,
  reason     TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
