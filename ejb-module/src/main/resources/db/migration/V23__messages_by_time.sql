-- Issue 26: search lists matches newest first. For a word in most messages PostgreSQL reads the
-- newest messages through this index until it has a page of matches, instead of every match
-- (hundreds of thousands) to sort them; the search index's statistics tell it which way is
-- cheaper. Concurrently: a large table keeps taking messages while it is built.
create index concurrently if not exists message_created on message (created_at);
