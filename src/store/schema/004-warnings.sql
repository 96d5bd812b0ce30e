-- Migration 4: warnings computed by the rules of data/rules/warnings.tsv, kept per date.

CREATE TABLE warnings (
  id            INTEGER PRIMARY KEY,
  item_id       INTEGER NOT NULL REFERENCES ledger_items(id),
  as_of         TEXT NOT NULL,                 -- the date the rules were run for
  rule          TEXT NOT NULL,
  colour        TEXT NOT NULL CHECK (colour IN ('red','yellow','blue')),
  rules_version TEXT NOT NULL,
  message       TEXT NOT NULL,
  data          TEXT NOT NULL,                 -- JSON: the facts the rule used
  computed_at   TEXT NOT NULL
);
CREATE INDEX warnings_item ON warnings(item_id, as_of);
CREATE INDEX warnings_date ON warnings(as_of, colour);
