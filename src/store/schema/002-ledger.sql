-- Migration 2: the organisation (units, people), the ledger (台账) and the audit trail.
-- Forward-only.

CREATE TABLE units (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('leadership','department','city','county','other')),
  parent_id     INTEGER REFERENCES units(id),
  division_code TEXT,                          -- six-digit code for cities and counties
  short_names   TEXT NOT NULL DEFAULT ''       -- other written forms, separated by commas
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE people (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin','supervisor','leader','reporter')),
  unit_id       INTEGER REFERENCES units(id),
  password_hash TEXT NOT NULL,                 -- argon2id, libsodium's encoded string
  created_at    TEXT NOT NULL
);

CREATE TABLE ledger_items (
  id            INTEGER PRIMARY KEY,
  doc_id        INTEGER NOT NULL REFERENCES documents(id),
  task_id       INTEGER,                       -- the extracted task it came from, if any
  parent_id     INTEGER REFERENCES ledger_items(id),
  number        TEXT NOT NULL,                 -- the office's own numbering, e.g. 3-2-1
  text          TEXT NOT NULL,
  kind          TEXT NOT NULL,
  measure       INTEGER,
  status        TEXT NOT NULL DEFAULT '未启动'
                CHECK (status IN ('未启动','推进中','已完成','已销号','滞后')),
  leader        TEXT,                          -- responsible leader (责任领导)
  lead_unit_id  INTEGER REFERENCES units(id),  -- 牵头单位
  deadline      TEXT,                          -- ISO date, or NULL for 长期坚持
  weight        REAL NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  UNIQUE (doc_id, number),
  FOREIGN KEY (doc_id, task_id) REFERENCES tasks(doc_id, id)
);
CREATE INDEX ledger_items_lead ON ledger_items(lead_unit_id);

CREATE TABLE item_cooperating (
  item_id  INTEGER NOT NULL REFERENCES ledger_items(id) ON DELETE CASCADE,
  unit_id  INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (item_id, unit_id)
);

-- Append-only, hash-chained history of every change (全程留痕). hash = SHA-256 of prev_hash and
-- the entry's fields; `luoshi audit verify` recomputes the chain.
CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  INTEGER,
  before     TEXT,
  after      TEXT,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
-- Any UPDATE or DELETE of an entry fails with "the audit log is append-only".
-- @sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- @postgresql
-- The same refusal as a plpgsql trigger function; TRUNCATE, which PostgreSQL runs without row
-- triggers, is refused too.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only'
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
