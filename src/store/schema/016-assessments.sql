-- Migration 16: saved assessments (考核评价): the result of `luoshi assess --save` exactly as it
-- was published, with the scoring rules' version and the SHA-256 of the rules file, so that a
-- ranking can be reproduced and shown later as it was. Rows are only added, never changed.

CREATE TABLE assessments (
  id             INTEGER PRIMARY KEY,
  period         TEXT NOT NULL,                 -- 2019-03, 2019Q1 or 2019
  rules_version  TEXT NOT NULL,                 -- the version line of data/rules/scoring.tsv
  rules_sha256   TEXT NOT NULL,                 -- SHA-256 of the rules file used
  result         TEXT NOT NULL,                 -- JSON, as `luoshi assess --json` printed it
  saved_by       TEXT NOT NULL,
  saved_at       TEXT NOT NULL
);
CREATE INDEX assessments_period ON assessments(period, id);
-- Any UPDATE fails with "a saved assessment is never changed".
-- @sqlite
CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments
  BEGIN SELECT RAISE(ABORT, 'a saved assessment is never changed'); END;
-- @postgresql
CREATE OR REPLACE FUNCTION assessments_refuse_update() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'a saved assessment is never changed'
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments
  FOR EACH ROW EXECUTE FUNCTION assessments_refuse_update();
