-- Migration 7: items merged by the office into another item of the same document. A merged
-- item keeps its reports and warnings, leaves the default ledger list and the facts the
-- warning rules read. NULL: not merged.

ALTER TABLE ledger_items ADD COLUMN merged_into INTEGER REFERENCES ledger_items(id);
CREATE INDEX ledger_items_merged ON ledger_items(merged_into);
