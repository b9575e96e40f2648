-- The message search index takes each send's words at once instead of gathering them in GIN's
-- pending list: the send that found the list full merged all of it into the index itself (350-700 ms
-- at 1,000 msg/s), and the sends queued behind it waited as long. Where the index was built before
-- this, it is switched here (what is pending goes into the index at the next vacuum); a new one is
-- built that way (SearchIndex, which runs after the versioned migrations).
alter index if exists message_search set (fastupdate = off);
