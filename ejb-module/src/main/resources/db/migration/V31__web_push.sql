-- Issue 27, Web Push. A browser's push subscription, of a visitor or an agent (several devices
-- each); its endpoint is unique: subscribing it again hands it to whoever subscribed last.
create table push_subscription (
  id               varchar(36)   primary key,
  participant_type varchar(10)   not null check (participant_type in ('visitor', 'agent')),
  participant_id   varchar(36)   not null,
  endpoint         varchar(2000) not null unique,
  p256dh           varchar(100)  not null,
  auth             varchar(50)   not null,
  created_at       timestamptz   not null
);
create index push_subscription_participant on push_subscription (participant_id, created_at);

-- Whether any of the agent's consoles on that instance is visible: a push goes to agents who have
-- no console open or only ones in the background.
alter table agent_connection add column visible boolean not null default true;
