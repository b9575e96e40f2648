-- Issue 8, accounts: a disabled agent keeps their history but cannot sign in; the audit log of
-- changes to agents and assignments, for supervisors.
alter table agent add column disabled boolean not null default false;

create table audit_log (
  id           bigserial    primary key,
  at           timestamptz  not null,
  actor_id     varchar(36),
  actor_name   varchar(200),
  action       varchar(40)  not null,
  subject_type varchar(20)  not null,
  subject_id   varchar(36)  not null,
  details      text
);
create index audit_log_subject on audit_log (subject_type, subject_id);
