-- Migration 22: an index on the task each place belongs to. Listing a document's tasks reads
-- each task's places (a correlated subquery on doc_id and task_id), and deleting a document's
-- tasks checks the foreign key from task_places: without it, both scan every place once a
-- task, which took minutes for a 100,000-row task-division sheet. The same for both databases.
-- Forward-only.

CREATE INDEX task_places_task ON task_places(doc_id, task_id);
