-- A visit's procedure set is submitted once (one receipt per visit). The route answers a second submission with a
-- typed 409 after locking the visit; this index is the database's own guarantee behind that check. (The foreign key
-- (tenant_id, visit_id) → visits already keeps a submission inside its visit's tenant.)
CREATE UNIQUE INDEX submissions_one_per_visit ON submissions (tenant_id, visit_id);
