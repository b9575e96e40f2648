-- Issue 25: when an agent last changed their password themselves; the bootstrap configuration
-- does not overwrite a password changed since.
alter table agent add column password_changed_at timestamptz;
