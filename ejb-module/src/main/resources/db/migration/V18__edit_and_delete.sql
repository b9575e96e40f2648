-- Issue 26: a participant changes or removes a message after it was sent. It keeps its seq (no
-- gaps, no new seq): a change stamps edited_at, a removal deleted_at and clears the text (the
-- attachment, if any, is removed with its file).
alter table message add column edited_at timestamptz, add column deleted_at timestamptz;
