-- A visit's procedure set is submitted once (one receipt per visit). The route answers a second submission with a
-- typed 409 after locking the visit; this index is the database's own guarantee behind that check. (The foreign key
-- (tenant_id, visit_id) → visits already keeps a submission inside its visit's tenant.)
-- A database that already holds a visit submitted twice (before this rule) keeps its rows: the index is then left
-- out with a warning, and the route's check alone applies until those visits are sorted out.
DO $$
BEGIN
  CREATE UNIQUE INDEX submissions_one_per_visit ON submissions (tenant_id, visit_id);
EXCEPTION WHEN unique_violation THEN
  RAISE WARNING 'submissions_one_per_visit not created: some visit already has more than one submission';
END
$$;
