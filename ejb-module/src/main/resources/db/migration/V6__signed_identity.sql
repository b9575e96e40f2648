-- Issue 8: intranet visitors identified by a signed token from the embedding page. The subject
-- (the employee's id in the intranet) finds the same visitor again, on any device.
alter table visitor add column external_id varchar(200);
create unique index visitor_external_id on visitor (external_id) where external_id is not null;
