-- Issue 25: a directory agent is its directory entry (its DN, in lower case), not the name typed at
-- sign-in: "Bob" with bob's directory password is the directory's bob, never the local agent Bob.
-- Directory agents from before get their entry at their next sign-in.
alter table agent add column directory_dn varchar(1000) unique;
