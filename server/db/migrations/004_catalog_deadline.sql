-- Some deadlines count the event day as day 1 (初日算入): the 出生届 is due within 14 days including the day
-- of birth. Catalog data, like every other deadline rule.
ALTER TABLE catalog_procedures ADD COLUMN deadline_counts_event_day boolean NOT NULL DEFAULT false;
