-- Ids are UUID strings; times are UTC (timestamptz).
create table agent (
  id            varchar(36)  primary key,
  username      varchar(100) not null unique,
  display_name  varchar(200) not null,
  password_hash varchar(500) not null,
  role          varchar(20)  not null check (role in ('agent', 'supervisor')),
  created_at    timestamptz  not null
);

create table visitor (
  id         varchar(36)  primary key,
  nickname   varchar(100),
  email      varchar(320),
  created_at timestamptz  not null
);

create table auth_token (
  token_hash     char(64)    primary key,
  principal_type varchar(10) not null check (principal_type in ('AGENT', 'VISITOR')),
  principal_id   varchar(36) not null,
  created_at     timestamptz not null,
  expires_at     timestamptz not null
);
create index auth_token_expiry on auth_token (expires_at);

create table conversation (
  id          varchar(36) primary key,
  visitor_id  varchar(36) not null references visitor (id),
  status      varchar(20) not null check (status in ('open', 'pending', 'resolved')),
  assignee_id varchar(36) references agent (id),
  last_seq    bigint      not null default 0,
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);
-- At most one unresolved conversation per visitor: a visitor's first send opens it.
create unique index conversation_one_open_per_visitor on conversation (visitor_id) where status <> 'resolved';
create index conversation_updated on conversation (updated_at desc);

create table message (
  id              varchar(36)  primary key,
  conversation_id varchar(36)  not null references conversation (id),
  seq             bigint       not null,
  client_id       varchar(100) not null,
  sender_type     varchar(10)  not null,
  sender_id       varchar(36),
  sender_name     varchar(200),
  kind            varchar(10)  not null,
  text            text,
  created_at      timestamptz  not null,
  constraint message_seq unique (conversation_id, seq),
  constraint message_client_id unique (conversation_id, client_id)
);
