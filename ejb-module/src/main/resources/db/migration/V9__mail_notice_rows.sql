-- Sends only update the rows of the unread mails: an insert with "on conflict" racing a mail job's
-- update of the same row could deadlock. Conversations get theirs when opened; these are the
-- existing ones'.
insert into mail_notice (conversation_id, kind)
select c.id, k.kind
from conversation c cross join (values ('visitor_unread'), ('support_unread')) as k (kind)
on conflict do nothing;
