-- Issue 28, retention: the nightly run finds resolved conversations by age, oldest first, a batch
-- at a time. Partial (open conversations are not in it) and on columns a send never changes, so
-- sends keep their HOT updates of the conversation row (V8). Concurrently: a large table keeps
-- taking conversations while it is built.
create index concurrently if not exists conversation_resolved on conversation (resolved_at)
  where status = 'resolved';
