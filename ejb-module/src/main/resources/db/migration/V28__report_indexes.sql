-- Issue 28, reports: they count conversations started in a period (created_at never changes, so the
-- sends' updates of the row stay HOT) and ratings given in it; resolutions use conversation_resolved
-- (V25). Concurrently: a large table keeps taking conversations while they are built.
create index concurrently if not exists conversation_created on conversation (created_at);
create index concurrently if not exists rating_rated on rating (rated_at);
