-- A "visitor nobody reads" mail job asks for the conversation's last agent message. Without this it
-- read every message of the conversation (a long one nobody has answered is exactly its case), and
-- a round of jobs coming due at once cost seconds of database time; with it, one index entry.
create index message_agent_seq on message (conversation_id, seq) where sender_type = 'agent';
