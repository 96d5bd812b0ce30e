-- Migration 19: the ledger's own order (document, then item id) as an index on PostgreSQL, so a
-- page of the ledger (LIMIT 100 in that order) reads 100 items instead of sorting them all.
-- SQLite's index on ledger_items(doc_id) already ends in the rowid, which is the id: it gets
-- nothing here. Forward-only.

-- @postgresql
CREATE INDEX ledger_items_doc_order ON ledger_items(doc_id, id);
