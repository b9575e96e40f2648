-- Notes take no seq (visitors must see no gaps): they sit after the message they followed.
alter table message alter column seq drop not null;
alter table message add column after_seq bigint;
alter table message add column reply_to varchar(36);
alter table message add constraint message_note_has_no_seq
  check ((kind = 'note') = (seq is null) and (kind = 'note') = (after_seq is not null));
create index message_notes on message (conversation_id, after_seq) where seq is null;
-- The rate limit counts a sender's recent messages.
create index message_sender_recent on message (sender_id, created_at);

alter table conversation add column resolved_at timestamptz;

-- How far each participant has received and read a conversation.
create table receipt (
  conversation_id varchar(36) not null references conversation (id),
  reader_id       varchar(36) not null,
  reader_type     varchar(10) not null check (reader_type in ('visitor', 'agent')),
  delivered_seq   bigint      not null default 0,
  read_seq        bigint      not null default 0,
  updated_at      timestamptz not null,
  primary key (conversation_id, reader_id)
);

-- Presence: the status an agent chose, and where their sockets are. An agent counts as connected
-- while an instance with a fresh heartbeat holds a socket of theirs (or lost it within the grace).
alter table agent add column status varchar(10) not null default 'online'
  check (status in ('online', 'away', 'offline'));
alter table agent add column last_seen_at timestamptz;

create table instance (
  id           varchar(36) primary key,
  started_at   timestamptz not null,
  heartbeat_at timestamptz not null
);

create table agent_connection (
  instance_id     varchar(36) not null references instance (id) on delete cascade,
  agent_id        varchar(36) not null references agent (id),
  disconnected_at timestamptz,
  primary key (instance_id, agent_id)
);
