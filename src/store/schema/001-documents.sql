-- Migration 1: imported documents, their blocks, tasks, targets, places and diagnostics.
-- Forward-only: a later change is a new file, never an edit of this one.

CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  sha256       TEXT NOT NULL UNIQUE,          -- of the bytes as imported
  title        TEXT NOT NULL,
  file_name    TEXT,
  format       TEXT NOT NULL,                 -- text | docx
  encoding     TEXT NOT NULL,
  chars        INTEGER NOT NULL,
  bytes        INTEGER NOT NULL,
  fragments    INTEGER NOT NULL,
  imported_at  TEXT NOT NULL,                 -- ISO 8601, UTC
  json         TEXT NOT NULL                  -- the document JSON as import printed it
);

CREATE TABLE blocks (
  doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  id            INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  text          TEXT NOT NULL,
  line_first    INTEGER NOT NULL,
  line_last     INTEGER NOT NULL,
  byte_start    INTEGER NOT NULL,
  byte_end      INTEGER NOT NULL,
  fragment      INTEGER NOT NULL,
  section       TEXT,
  measure       INTEGER,
  measure_title TEXT,
  PRIMARY KEY (doc_id, id)
);

CREATE TABLE tasks (
  doc_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  id           INTEGER NOT NULL,
  block_id     INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  text         TEXT NOT NULL,
  sentence     TEXT NOT NULL,
  line_first   INTEGER NOT NULL,
  line_last    INTEGER NOT NULL,
  byte_start   INTEGER NOT NULL,
  byte_end     INTEGER NOT NULL,
  section      TEXT,
  measure      INTEGER,
  deliverable  TEXT,
  deadline     INTEGER,
  actor        TEXT,
  lead_units   TEXT NOT NULL DEFAULT '[]',    -- JSON arrays of unit names
  cooperating_units TEXT NOT NULL DEFAULT '[]',
  suggested_units   TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (doc_id, id),
  FOREIGN KEY (doc_id, block_id) REFERENCES blocks(doc_id, id)
);
CREATE INDEX tasks_kind ON tasks(doc_id, kind);
CREATE INDEX tasks_measure ON tasks(doc_id, measure);

CREATE TABLE targets (
  doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  id            INTEGER NOT NULL,
  task_id       INTEGER NOT NULL,
  metric        TEXT,
  value         REAL,
  unit          TEXT,
  comparator    TEXT,
  tolerance     REAL,
  level         TEXT,
  deadline      INTEGER,
  horizon_years INTEGER,
  text          TEXT NOT NULL,
  line_first    INTEGER NOT NULL,
  line_last     INTEGER NOT NULL,
  byte_start    INTEGER NOT NULL,
  byte_end      INTEGER NOT NULL,
  PRIMARY KEY (doc_id, id),
  FOREIGN KEY (doc_id, task_id) REFERENCES tasks(doc_id, id)
);

CREATE TABLE task_places (
  doc_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  task_id  INTEGER NOT NULL,
  code     TEXT,                              -- six-digit division code; NULL for countries
  name     TEXT NOT NULL,
  level    TEXT NOT NULL,
  mention  TEXT NOT NULL,
  FOREIGN KEY (doc_id, task_id) REFERENCES tasks(doc_id, id)
);
CREATE INDEX task_places_code ON task_places(code);

CREATE TABLE diagnostics (
  doc_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  severity   TEXT NOT NULL,
  message    TEXT NOT NULL,
  line_first INTEGER NOT NULL,
  line_last  INTEGER NOT NULL,
  PRIMARY KEY (doc_id, seq)
);
