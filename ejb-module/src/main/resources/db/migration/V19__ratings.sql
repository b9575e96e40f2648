-- Issue 26: the visitor rates a resolved conversation, once per resolution (a conversation reopened
-- and resolved again may be rated again); the ratings of earlier resolutions stay for reports.
create table rating (
  conversation_id varchar(36) not null references conversation (id) on delete cascade,
  resolved_at timestamptz not null,
  score smallint not null check (score between 1 and 5),
  comment varchar(1000),
  rated_at timestamptz not null,
  primary key (conversation_id, resolved_at)
);
