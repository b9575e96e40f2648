-- Issue 27, business hours. A team's weekly hours, time zone and holidays, as the JSON document the
-- API reads and writes whole (OpeningHours validates it); null: open around the clock, as before.
alter table team add column opening_hours text;
