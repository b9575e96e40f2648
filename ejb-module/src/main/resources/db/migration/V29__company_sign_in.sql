-- Issue 28, company sign-in with OpenID Connect. An agent the provider vouched for is its subject at
-- that provider (issuer and sub), not the name it shows: like a directory agent's entry (V13).
alter table agent add column oidc_subject varchar(1000) unique;

-- A sign-in under way: started on any instance, finished on any other. Single use (the callback
-- deletes it), given 10 minutes; its state is also in the browser's cookie, so a callback from
-- another browser is refused.
create table oidc_sign_in (
  state        varchar(100)  primary key,
  nonce        varchar(100)  not null,
  verifier     varchar(128)  not null,
  redirect_uri varchar(2000) not null,
  created_at   timestamptz   not null
);
create index oidc_sign_in_created on oidc_sign_in (created_at);

-- What the callback hands the console instead of a token in the address: exchanged once, within a
-- minute, for a sign-in (kept hashed, as tokens are).
create table sign_in_ticket (
  ticket_hash char(64)    primary key,
  agent_id    varchar(36) not null references agent (id) on delete cascade,
  expires_at  timestamptz not null
);
