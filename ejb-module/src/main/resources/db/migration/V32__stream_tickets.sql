-- Issue 27, the transport for networks that block WebSockets: an SSE stream is opened with a ticket
-- (an address carries it, so not the token itself), single-use and valid 30 s, made from the token
-- it stands for; the stream then lives as long as that token.
create table stream_ticket (
  ticket_hash char(64)    primary key,
  token_hash  char(64)    not null references auth_token (token_hash) on delete cascade,
  expires_at  timestamptz not null
);
create index stream_ticket_expires on stream_ticket (expires_at);
