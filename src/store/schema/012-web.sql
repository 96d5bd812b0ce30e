-- Migration 12: what the web application keeps — login sessions (only a hash of each token is
-- stored), API tokens for scripts, login attempts for throttling (in the database, so that
-- several servers share them), and the office's choice of items shown on the public page.

CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,                -- SHA-256 of the cookie's token, hex
  person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  csrf        TEXT NOT NULL,                   -- the session's CSRF token, hex
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL                    -- ISO date-time, UTC
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE api_tokens (
  token_hash  TEXT PRIMARY KEY,                -- SHA-256 of the bearer token, hex
  person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,                   -- what the token is for
  created_at  TEXT NOT NULL
);

CREATE TABLE login_attempts (
  id          INTEGER PRIMARY KEY,
  login       TEXT NOT NULL,
  address     TEXT NOT NULL,                   -- the client's IP address
  ok          INTEGER NOT NULL,
  at          TEXT NOT NULL                    -- ISO date-time, UTC
);
CREATE INDEX login_attempts_login ON login_attempts(login, at);
CREATE INDEX login_attempts_address ON login_attempts(address, at);

ALTER TABLE ledger_items ADD COLUMN public INTEGER NOT NULL DEFAULT 0;  -- shown on 宣传 page

-- The dashboard's late reports: few rows among millions of reports.
CREATE INDEX reports_late ON reports(item_id) WHERE late=1;

-- Pages of the ledger in ledger order (document, then id) without sorting every item.
CREATE INDEX ledger_items_doc ON ledger_items(doc_id);

-- An item page's history: the audit entries of one entity.
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
