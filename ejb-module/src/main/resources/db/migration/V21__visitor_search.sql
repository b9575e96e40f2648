-- Issue 26: agents search visitors by name and address as well as messages. Names are not words of
-- a language, so always the 'simple' configuration; an address counts whole and by its parts
-- ("dana@example.com" is found by "dana" and by "example"). Search.java repeats this expression
-- exactly, or the index is not used. The messages' index depends on a configuration key and is
-- made by SearchIndex.java.
create index visitor_search on visitor using gin (
  to_tsvector('simple', coalesce(nickname, '') || ' ' || coalesce(email, '') || ' '
                        || translate(coalesce(email, ''), '@.', '  ')));
