-- Issue 28, webhooks: endpoints supervisors register for some of the events, each with the secret
-- its deliveries are signed with; and the deliveries that ran out of attempts, for the console.
create table webhook (
  id         varchar(36)   primary key,
  url        varchar(2000) not null,
  events     varchar(200)  not null, -- space-separated event names
  secret     varchar(200)  not null,
  created_by varchar(36),
  created_at timestamptz   not null
);

create table webhook_failure (
  id          varchar(36)  primary key, -- the delivery's id, as its receiver saw it
  webhook_id  varchar(36)  not null references webhook (id) on delete cascade,
  event       varchar(50)  not null,
  payload     text         not null,
  attempts    integer      not null,
  last_error  varchar(500) not null,
  failed_at   timestamptz  not null
);
create index webhook_failure_webhook on webhook_failure (webhook_id, failed_at);
