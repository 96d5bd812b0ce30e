-- Migration 8: the escalation ladder's notices (催办/督办), kept in an outbox until delivered.

CREATE TABLE notices (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES ledger_items(id),
  unit_id     INTEGER REFERENCES units(id),       -- the unit it is addressed to (the lead unit)
  step        TEXT NOT NULL,                      -- reminder, notice, letter, interview
  level       INTEGER NOT NULL,
  colour      TEXT NOT NULL CHECK (colour IN ('red','yellow','blue')),
  since       TEXT NOT NULL,                      -- first warnings run of this unbroken episode
  as_of       TEXT NOT NULL,                      -- the warnings run that raised it
  ladder      TEXT NOT NULL,                      -- the ladder file's version
  subject     TEXT NOT NULL,
  body        TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sent','failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  created_at  TEXT NOT NULL,
  sent_at     TEXT,
  UNIQUE (item_id, step, since)                   -- each step once per episode
);
CREATE INDEX notices_state ON notices(state, id);
