-- The send statement (see Messages.postAll): one round trip stores a batch of sends. Kept here, in one
-- repeatable migration that Flyway runs again whenever it changes, instead of a copy per versioned
-- change (V11, V12, V17, V18, V22 and V27 made it what it was before this file). Dropped first: a
-- changed result cannot be replaced in place.
--
-- Each send answers one row: its outcome ('stored', 'duplicate', 'busy', 'not_found', 'forbidden',
-- 'resolved' or a refusal), what was stored, the conversation's audience, the unread mail it marked
-- pending and (issue 27) who may hear of it by Web Push.
drop function if exists post_messages(jsonb, integer, integer);

create function post_messages(sends jsonb, rate_limit integer, rate_window_seconds integer)
returns table (
  outcome           text,
  stored_id         varchar,
  stored_seq        bigint,
  stored_after_seq  bigint,
  stored_at         timestamptz,
  audience_visitor  varchar,
  audience_team     varchar,
  audience_assignee varchar,
  mail_marked       varchar,
  audience_colleagues text,
  push_to           varchar)
language plpgsql
-- Its statements' plans are made once per connection: PostgreSQL otherwise planned several of them
-- again at every call (custom plans): 10 % of its CPU per send (perf, pgbench of single sends).
-- Each statement finds its rows through a key whatever the values, so one plan fits all.
set plan_cache_mode = force_generic_plan
as $$
declare
  send    jsonb;
  batch   text[];
  busy    text[] := '{}';
  locking_id text;
  c       record;
  target  record;
  sent    bigint;
  refusal text;
  admitted boolean;
begin
  -- A batch of several conversations takes the locks it gets at once, one by one: an index lookup
  -- each, where a set-based lock may be planned as a scan of the whole table (as it was while the
  -- table was small). A lone conversation's lock is waited for where its row is read below; a lone
  -- send (most of them at low rates) asks no statement to learn that it is one.
  if jsonb_array_length(sends) > 1 then
    select array_agg(distinct e ->> 'conversation_id') into batch
      from jsonb_array_elements(sends) e;
  end if;
  if cardinality(batch) > 1 then -- null for a lone send
    foreach locking_id in array batch loop
      perform 1 from conversation where id = locking_id for update skip locked;
      if not found then
        busy := busy || locking_id; -- held elsewhere, or missing: the caller tries it alone
      end if;
    end loop;
  end if;
  for i in 0 .. jsonb_array_length(sends) - 1 loop
    send := sends -> i;
    outcome := null; stored_id := null; stored_seq := null; stored_after_seq := null;
    stored_at := null; mail_marked := null; refusal := null; push_to := null;
    if (send ->> 'conversation_id') = any(busy) then
      audience_visitor := null; audience_team := null; audience_assignee := null;
      audience_colleagues := null;
      outcome := 'busy';
      return next;
      continue;
    end if;
    select id, visitor_id, team_id, assignee_id, status, last_seq, colleagues into c
      from conversation where id = send ->> 'conversation_id' for update;
    if not found then
      audience_visitor := null; audience_team := null; audience_assignee := null;
      audience_colleagues := null;
      outcome := 'not_found';
      return next;
      continue;
    end if;
    audience_visitor := c.visitor_id;
    audience_team := c.team_id;
    audience_assignee := c.assignee_id;
    audience_colleagues := c.colleagues;
    if send ->> 'sender_type' = 'visitor' then
      admitted := c.visitor_id = send ->> 'sender_id';
    else
      admitted := coalesce((send ->> 'sees_all')::boolean, false)
                  or coalesce(c.assignee_id = send ->> 'sender_id', false)
                  or coalesce(send -> 'teams' ? c.team_id, false)
                  or coalesce(send ->> 'sender_id' = any(string_to_array(c.colleagues, ' ')), false);
    end if;
    if not admitted then
      outcome := 'forbidden';
      return next;
      continue;
    end if;

    if c.status = 'resolved' and send ->> 'sender_type' = 'visitor' then
      refusal := 'resolved';
    elsif rate_limit > 0 then
      select count(*) into sent from (
        select 1 from message m
        where m.sender_id = send ->> 'sender_id'
          and m.created_at > clock_timestamp() - rate_window_seconds * interval '1 second'
        limit rate_limit) recent;
      if sent >= rate_limit then
        refusal := 'rate_limited';
      end if;
    end if;
    if refusal is null and send ->> 'reply_to' is not null then
      select m.conversation_id, m.seq is null as note into target from message m
        where m.id = send ->> 'reply_to';
      if not found or target.conversation_id <> c.id then
        refusal := 'reply_elsewhere';
      elsif target.note and send ->> 'kind' <> 'note' then
        refusal := 'reply_to_note';
      end if;
    end if;
    if refusal is null and send ->> 'attachment_id' is not null then
      if exists (select 1 from message m where m.attachment_id = send ->> 'attachment_id') then
        refusal := 'attachment_sent';
      else
        -- A visitor's upload before their first message belongs to the conversation it is sent in.
        update attachment a set conversation_id = c.id
          where a.id = send ->> 'attachment_id'
            and (a.conversation_id is null or a.conversation_id = c.id);
        if not found then
          refusal := 'attachment_elsewhere';
        end if;
      end if;
    end if;
    if refusal is not null then
      -- A resend is answered with what was stored, whatever would refuse it now.
      select m.id into stored_id from message m
        where m.conversation_id = c.id and m.sender_id = send ->> 'sender_id'
          and m.client_id = send ->> 'client_id';
      outcome := case when found then 'duplicate' else refusal end;
      return next;
      if outcome = 'resolved' then
        return;
      end if;
      continue;
    end if;

    stored_at := clock_timestamp();
    if send ->> 'kind' = 'note' then
      -- Notes take no seq (visitors must see no gaps): they sit after the last message.
      stored_after_seq := c.last_seq;
    else
      stored_seq := c.last_seq + 1; -- the row lock keeps it gapless
    end if;
    -- The idempotency key decides: a resend inserts nothing.
    insert into message (id, conversation_id, seq, after_seq, client_id, sender_type, sender_id,
                         sender_name, kind, text, attachment_id, reply_to, created_at)
      values (send ->> 'id', c.id, stored_seq, stored_after_seq, send ->> 'client_id',
              send ->> 'sender_type', send ->> 'sender_id', send ->> 'sender_name',
              send ->> 'kind', send ->> 'text', send ->> 'attachment_id', send ->> 'reply_to',
              stored_at)
      on conflict (conversation_id, sender_id, client_id) do nothing
      returning id into stored_id;
    if not found then
      select m.id into stored_id from message m
        where m.conversation_id = c.id and m.sender_id = send ->> 'sender_id'
          and m.client_id = send ->> 'client_id';
      stored_seq := null; stored_after_seq := null; stored_at := null;
      outcome := 'duplicate';
      return next;
      continue;
    end if;
    if stored_seq is not null then
      -- The first message of an agent the visitor sees is the conversation's first response.
      update conversation set last_seq = stored_seq, updated_at = stored_at,
          first_response_at = case when first_response_at is null
                                        and send ->> 'sender_type' = 'agent'
                                   then stored_at else first_response_at end
        where id = c.id;
    end if;

    -- A visitor's message waits for an agent to read it; an agent's for the visitor, if there is
    -- an address to tell them at. One pending job per conversation and kind: a later message's
    -- finds it marked. An update of the rows opened with the conversation (an insert with "on
    -- conflict" here could deadlock with a mail job updating the same row).
    if send ->> 'kind' <> 'note' then
      mail_marked := case send ->> 'sender_type'
                       when 'visitor' then 'support_unread'
                       when 'agent' then 'visitor_unread' end;
      if mail_marked is not null then
        update mail_notice n set pending_since = now()
          where n.conversation_id = c.id and n.kind = mail_marked and n.pending_since is null
            and (mail_marked <> 'visitor_unread'
                 or exists (select 1 from visitor v where v.id = c.visitor_id and v.email is not null));
        if not found then
          mail_marked := null;
        end if;
      end if;
    end if;
    -- Who may hear of it by Web Push: the visitor of an agent's message, the assignee of a
    -- visitor's, when they have subscribed (the job decides later whether they saw it already).
    if send ->> 'kind' <> 'note' then
      push_to := case send ->> 'sender_type'
                   when 'agent' then c.visitor_id
                   when 'visitor' then c.assignee_id end;
      if push_to is not null
         and not exists (select 1 from push_subscription p where p.participant_id = push_to) then
        push_to := null;
      end if;
    end if;
    outcome := 'stored';
    return next;
  end loop;
end
$$;
