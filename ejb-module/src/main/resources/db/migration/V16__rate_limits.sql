-- Issue 25: counters the instances share, for limits an attacker could otherwise spread over them
-- (failed sign-ins per username and per address, visitors created per address). One row per key
-- and fixed window; old windows are swept.
create table rate_limit (
  key          varchar(300) not null,
  window_start timestamptz  not null,
  hits         integer      not null,
  primary key (key, window_start)
);
create index rate_limit_window on rate_limit (window_start);
