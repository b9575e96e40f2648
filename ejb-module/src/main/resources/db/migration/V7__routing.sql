-- Issue 8, routing and teams: every conversation belongs to a team; a team's members see its
-- conversations; teams with automatic routing assign waiting conversations to members who are
-- online and below their capacity.
create table team (
  id         varchar(36)  primary key,
  name       varchar(100) not null,
  routing    varchar(20)  not null check (routing in ('off', 'round_robin', 'least_busy')),
  is_default boolean      not null default false,
  created_at timestamptz  not null
);
create unique index team_name on team (lower(name));
create unique index team_one_default on team (is_default) where is_default;

create table team_member (
  team_id  varchar(36) not null references team (id) on delete cascade,
  agent_id varchar(36) not null references agent (id) on delete cascade,
  primary key (team_id, agent_id)
);
create index team_member_agent on team_member (agent_id);

-- Where conversations without a chosen team go; claimed by hand, as before there were teams.
insert into team (id, name, routing, is_default, created_at)
  values ('00000000-0000-0000-0000-000000000001', 'Support', 'off', true, now());
insert into team_member (team_id, agent_id)
  select '00000000-0000-0000-0000-000000000001', id from agent;

-- How many open conversations automatic routing gives an agent at most; when it last gave one
-- (round robin takes the agent who waited longest).
alter table agent add column capacity integer not null default 5 check (capacity between 0 and 100);
alter table agent add column last_assigned_at timestamptz;

alter table conversation add column team_id varchar(36) references team (id);
update conversation set team_id = '00000000-0000-0000-0000-000000000001';
alter table conversation alter column team_id set not null;
-- Since when an unassigned, unresolved conversation waits; null otherwise. The queue's order.
alter table conversation add column queued_at timestamptz;
update conversation set queued_at = created_at where assignee_id is null and status <> 'resolved';
create index conversation_queue on conversation (team_id, queued_at) where queued_at is not null;
create index conversation_open_by_assignee on conversation (assignee_id) where status <> 'resolved';

-- Canned responses: a team's prepared answers, inserted in the console by their shortcut.
create table canned_response (
  id         varchar(36)  primary key,
  team_id    varchar(36)  not null references team (id) on delete cascade,
  shortcut   varchar(40)  not null,
  text       text         not null,
  created_at timestamptz  not null
);
create unique index canned_response_shortcut on canned_response (team_id, lower(shortcut));
