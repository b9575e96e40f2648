-- Every message updates its conversation (last_seq, updated_at). PostgreSQL updates a row in place
-- (HOT: no new index entries, dead versions pruned within the page) only when no indexed column
-- changes, so no index may hold updated_at: the newest-first lists of open conversations sort a
-- few rows; resolved ones, the many, are listed by when they were resolved.
drop index conversation_updated;
create index conversation_resolved on conversation (resolved_at desc) where status = 'resolved';
-- A visitor's list (at every connect) no longer scans the table.
create index conversation_visitor on conversation (visitor_id);
-- Room in each page for the new versions of its rows.
alter table conversation set (fillfactor = 70);
