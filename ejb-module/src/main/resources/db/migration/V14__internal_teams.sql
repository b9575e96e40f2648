-- Issue 25: a team can be internal: agents transfer conversations to it, visitors are not offered it
-- (nor may they name it for their first message).
alter table team add column internal boolean not null default false;
