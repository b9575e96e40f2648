-- Attachments (issue 9): the file in chunks, so it is written and read a chunk at a time and every
-- instance serves it from the database. A message points at one attachment, at most once. A
-- visitor's upload before their first message belongs to no conversation until it is sent.
create table attachment (
  id              varchar(36)  primary key,
  conversation_id varchar(36)  references conversation (id),
  uploader_id     varchar(36)  not null,
  name            varchar(255) not null,
  mime_type       varchar(255) not null,
  size            bigint       not null,
  duration_ms     integer,
  preview         bytea,
  preview_type    varchar(20),
  created_at      timestamptz  not null
);
create index attachment_conversation on attachment (conversation_id);
create index attachment_created on attachment (created_at);
create index attachment_uploader on attachment (uploader_id);

create table attachment_chunk (
  attachment_id varchar(36) not null references attachment (id) on delete cascade,
  n             integer     not null,
  data          bytea       not null,
  primary key (attachment_id, n)
);

alter table message add column attachment_id varchar(36) references attachment (id);
create unique index message_attachment on message (attachment_id) where attachment_id is not null;
