-- Issue 26: supervisors keep a set of labels (a name and a colour); agents put them on the
-- conversations they see.
create table label (
  id varchar(36) primary key,
  name varchar(50) not null,
  colour varchar(7) not null,
  created_at timestamptz not null
);
create unique index label_name on label (lower(name));

create table conversation_label (
  conversation_id varchar(36) not null references conversation (id) on delete cascade,
  label_id varchar(36) not null references label (id) on delete cascade,
  primary key (conversation_id, label_id)
);
create index conversation_label_label on conversation_label (label_id);
