-- Migration 1: imported documents, their blocks, tasks, targets, places and diagnostics, and
-- on PostgreSQL the SQLite functions the store's SQL relies on.
-- Forward-only: a later change is a new file, never a change to what this one does.
--
-- Every migration is one text for both databases (db_schema_text in src/store/db.h): the
-- common SQL is written in SQLite's types, which PostgreSQL gets as BIGINT, DOUBLE PRECISION,
-- BYTEA and identity columns; lines after "-- @sqlite" or "-- @postgresql" run only on that
-- database, up to the next "-- @both".

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

-- @postgresql
-- SQLite functions that the store's SQL calls and PostgreSQL lacks, so that one SQL text runs
-- on both. instr(haystack, needle): the 1-based position of needle's first occurrence, 0 when
-- there is none, NULL when either is NULL.
CREATE OR REPLACE FUNCTION instr(haystack text, needle text) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT strpos(haystack, needle) $$;

-- group_concat(x) and group_concat(x, separator), the aggregates: the values that are not NULL,
-- as text, joined by ',' or by the separator (a NULL separator joins with nothing); NULL when
-- there is no such value. As with string_agg, the order is that of the rows fed to it. The
-- one-argument form collects into an array with the built-in array_append (linear in the
-- number of rows); the form with a separator grows one string, which is fine for the short
-- lists the store builds (the units of an item, the places of a task).
CREATE OR REPLACE FUNCTION luoshi_group_concat_final(acc anycompatiblearray) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN cardinality(array_remove(acc, NULL)) > 0
                    THEN array_to_string(acc, ',') END $$;
CREATE OR REPLACE AGGREGATE group_concat(anycompatible) (
  SFUNC = array_append,
  STYPE = anycompatiblearray,
  FINALFUNC = luoshi_group_concat_final,
  PARALLEL = SAFE
);

CREATE OR REPLACE FUNCTION luoshi_group_concat_step(acc text, val anycompatible, sep text)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN val IS NULL THEN acc
                    WHEN acc IS NULL THEN val::text
                    ELSE acc || coalesce(sep, '') || val::text END $$;
CREATE OR REPLACE AGGREGATE group_concat(anycompatible, text) (
  SFUNC = luoshi_group_concat_step,
  STYPE = text,
  PARALLEL = SAFE
);
