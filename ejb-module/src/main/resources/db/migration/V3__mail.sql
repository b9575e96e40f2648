-- Mail notifications (issue 5).
alter table agent add column email varchar(320);

-- The visitor asked for the transcript by mail when the conversation is resolved.
alter table conversation add column transcript_requested boolean not null default false;

-- What has been mailed per conversation and kind of mail, and since when a job is pending (one at a
-- time: the messages written meanwhile need none). A mail job locks its row, so of two jobs on two
-- instances only one sends, and a redelivered job sees what an earlier one already sent.
create table mail_notice (
  conversation_id varchar(36) not null references conversation (id),
  kind            varchar(20) not null check (kind in ('visitor_unread', 'support_unread', 'transcript')),
  mailed_seq      bigint      not null default 0,
  mailed_at       timestamptz,
  pending_since   timestamptz,
  primary key (conversation_id, kind)
);
