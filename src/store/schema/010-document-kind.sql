-- Migration 10: the kind of a document. A decision (决定, 实施方案, 任务分工方案) or an
-- inspection's findings (巡视/巡察反馈意见), kept as a rectification ledger (整改台账) whose
-- tasks are the rectification measures (整改措施) answering each finding.

ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'decision'
  CHECK (kind IN ('decision', 'inspection'));
