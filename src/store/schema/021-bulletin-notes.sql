-- Migration 21: the good practice (经验做法) the supervision office notes for a period's bulletin
-- (督查通报), stored per period so that the bulletin page, its .docx and `luoshi bulletin` of
-- that period print the same paragraphs. One row per period, its text as the office wrote it
-- (paragraphs separated by blank lines, at most 64 KB, checked before it is stored); a change
-- replaces the text and is audited with the text before and after. Forward-only.

CREATE TABLE bulletin_notes (
  id          INTEGER PRIMARY KEY,
  period      TEXT NOT NULL UNIQUE,            -- 2019-03, 2019Q1 or 2019
  notes       TEXT NOT NULL,                   -- as written; "" when the office cleared them
  updated_by  TEXT NOT NULL,                   -- the login of the last change
  updated_at  TEXT NOT NULL                    -- ISO date-time, UTC
);
