-- Migration 13: full-text search of ledger items (text and number), Chinese-aware. On SQLite
-- the index is an external-content FTS5 table over ledger_items: it stores only the index, and
-- reads highlight() text from ledger_items by rowid = ledger_items.id. The tokenizer luoshi_cjk
-- (src/store/store_search.c: Han bigrams, lower-cased Latin words) is registered by store_open
-- on every connection; a connection without it (the sqlite3 shell) can read ledger_items and
-- update its other columns, but cannot insert or delete items nor change text or number.
-- PostgreSQL has a plain SQL function instead: see its block at the end.
-- Forward-only.

-- @sqlite
CREATE VIRTUAL TABLE items_fts USING fts5(
  text, number,
  content='ledger_items', content_rowid='id',
  tokenize='luoshi_cjk'
);

CREATE TRIGGER items_fts_insert AFTER INSERT ON ledger_items BEGIN
  INSERT INTO items_fts(rowid, text, number) VALUES (new.id, new.text, new.number);
END;

CREATE TRIGGER items_fts_delete AFTER DELETE ON ledger_items BEGIN
  INSERT INTO items_fts(items_fts, rowid, text, number)
    VALUES ('delete', old.id, old.text, old.number);
END;

-- Only a change of the indexed columns (or of the id) touches the index: status, progress and
-- assignment updates leave it alone.
CREATE TRIGGER items_fts_update AFTER UPDATE OF id, text, number ON ledger_items BEGIN
  INSERT INTO items_fts(items_fts, rowid, text, number)
    VALUES ('delete', old.id, old.text, old.number);
  INSERT INTO items_fts(rowid, text, number) VALUES (new.id, new.text, new.number);
END;

INSERT INTO items_fts(items_fts) VALUES ('rebuild');
-- @postgresql
-- No index table and no triggers: PostgreSQL has no FTS5 and no luoshi_cjk tokenizer. There
-- the ledger's filter (store_ledger.c) calls luoshi_search_match on each item's text and
-- number, with the terms that sq_search_terms (store_search.c) makes of what the user typed:
-- runs of Han characters or of letters and digits, full-width folded to half-width and Latin
-- lower-cased, joined by U+001F. True when every term is a substring of the text folded the
-- same way (capital and full-width letters, full-width digits: a term holds no punctuation, so
-- nothing else needs folding); false when there is no term. Like the bigram index, a Han term
-- is found anywhere in a run of Han characters; unlike it, a Latin term is found inside a
-- longer word too.
-- Only text with full-width letters or digits pays for translate(); lower() under the "C"
-- collation folds ASCII letters only, as sq_search_terms does.
CREATE OR REPLACE FUNCTION luoshi_search_match(haystack text, terms text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  folded text := haystack;
  term text;
  found boolean := false;
BEGIN
  IF haystack IS NULL OR terms IS NULL THEN
    RETURN false;
  END IF;
  IF folded ~ '[Ａ-Ｚａ-ｚ０-９]' THEN
    folded := translate(folded,
                        'ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ'
                        'ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ'
                        '０１２３４５６７８９',
                        'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
                        'abcdefghijklmnopqrstuvwxyz'
                        '0123456789');
  END IF;
  folded := lower(folded COLLATE "C");
  FOREACH term IN ARRAY string_to_array(terms, chr(31)) LOOP
    CONTINUE WHEN term = '';
    IF strpos(folded, term) = 0 THEN
      RETURN false;
    END IF;
    found := true;
  END LOOP;
  RETURN found;
END
$$;
