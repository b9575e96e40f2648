-- Issue 28, retention: work that one instance of the cluster does once a night. Each job's row
-- says which day's run has been claimed; the instance whose update moves it runs that night's.
create table maintenance_run (
  job      varchar(50) primary key,
  last_run date        not null
);
insert into maintenance_run (job, last_run) values ('retention', date '1970-01-01');
