-- Migration 13: full-text search of ledger items (text and number), Chinese-aware. The index
-- is an external-content FTS5 table over ledger_items: it stores only the index, and reads
-- highlight() text from ledger_items by rowid = ledger_items.id. The tokenizer luoshi_cjk
-- (src/store/store_search.c: Han bigrams, lower-cased Latin words) is registered by store_open
-- on every connection; a connection without it (the sqlite3 shell) can read ledger_items and
-- update its other columns, but cannot insert or delete items nor change text or number.
-- Forward-only.

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
