-- Migration 15: a recurring deadline (周期性完成时限) of a ledger item, beside or instead of its
-- dated one: 每年年底前 is 'year:12-31', 每半年 'half' (06-30 and 12-31), 每季度末 'quarter'
-- (each quarter's last day), 每月10日前 'month:10' ('month:0': the month's last day). NULL for an
-- item that does not recur. store_item_recurrence_set validates the day against the month and
-- stores the canonical form; the CHECK only keeps the shape.

-- @sqlite
ALTER TABLE ledger_items ADD COLUMN recurrence TEXT CHECK (recurrence IS NULL
  OR recurrence IN ('half','quarter')
  OR recurrence GLOB 'year:[01][0-9]-[0-3][0-9]'
  OR recurrence GLOB 'month:[0-9]' OR recurrence GLOB 'month:[1-3][0-9]');
-- @postgresql
-- GLOB is SQLite's: the same shapes as anchored regular expressions.
ALTER TABLE ledger_items ADD COLUMN recurrence TEXT CHECK (recurrence IS NULL
  OR recurrence IN ('half','quarter')
  OR recurrence ~ '^year:[01][0-9]-[0-3][0-9]$'
  OR recurrence ~ '^month:[0-9]$' OR recurrence ~ '^month:[1-3][0-9]$');
