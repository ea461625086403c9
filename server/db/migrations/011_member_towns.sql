-- The member towns of this cloud, for the counter's 転出 step (issue 12: 特例転入 between member towns): the
-- clerk picks the town a family moves to from this list. Names and codes only — public facts, no tenant's data.
-- The app role sees only its own tenants row (RLS); this SECURITY DEFINER function, like member_town() in 009,
-- reads through the owner's tenants_member_towns policy and answers nothing but the code and the names.
CREATE FUNCTION member_towns() RETURNS TABLE (tenant_id text, name_ja text, name_en text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT t.tenant_id, t.name_ja, t.name_en FROM tenants t ORDER BY t.tenant_id $$;

REVOKE ALL ON FUNCTION member_towns() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION member_towns() TO madoguchi_app;
