-- A tenant binding the runtime role cannot forge (issue 13, item 4).
--
-- Until now the tenant was the setting app.tenant_id, which madoguchi_app sets itself: one SQL injection anywhere
-- could set another tenant and read it. Now the tenant of a transaction is a row in tenant_bindings, keyed by the
-- backend and the transaction id, which only bind_tenant() (SECURITY DEFINER, owned by the schema owner) writes —
-- and only when given an HMAC of (tenant, backend pid, transaction id) under a key that madoguchi_app cannot
-- read. The server holds the key (it read it as the owner at start-up) and binds each transaction it opens; SQL
-- run as madoguchi_app, injected or not, can neither read the key nor write the table, and a MAC is good for one
-- transaction of one backend only. current_tenant() — which every policy already calls — now reads the binding,
-- so no policy changes its meaning; app.tenant_id is no longer read by anything.
--
-- Works alike on PostgreSQL and PGlite: plain tables, grants and SECURITY DEFINER functions; the HMAC is built
-- from the core sha256() (no pgcrypto).

CREATE TABLE tenant_binding_key (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  key        bytea NOT NULL CHECK (length(key) >= 32)
);
-- A random key per database (gen_random_uuid() draws from the strong random source; two give 244 random bits).
INSERT INTO tenant_binding_key (key)
  VALUES (sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')));

-- One row per backend: the transaction it is bound in, and the tenant. A row of an earlier transaction matches no
-- later one (transaction ids never repeat as xid8), so it needs no clean-up beyond being overwritten.
CREATE TABLE tenant_bindings (
  backend_pid   integer PRIMARY KEY,
  xact          xid8 NOT NULL,
  bound_tenant  text NOT NULL
);
REVOKE ALL ON tenant_binding_key, tenant_bindings FROM PUBLIC;

CREATE FUNCTION binding_hmac(p_key bytea, p_message text) RETURNS bytea
  LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  k bytea := p_key;
  inner_pad bytea;
  outer_pad bytea;
BEGIN
  IF length(k) > 64 THEN k := sha256(k); END IF;
  k := k || decode(repeat('00', 64 - length(k)), 'hex');
  inner_pad := k;
  outer_pad := k;
  FOR i IN 0..63 LOOP
    inner_pad := set_byte(inner_pad, i, get_byte(k, i) # 54);  -- 0x36
    outer_pad := set_byte(outer_pad, i, get_byte(k, i) # 92);  -- 0x5c
  END LOOP;
  RETURN sha256(outer_pad || sha256(inner_pad || convert_to(p_message, 'UTF8')));
END
$$;
REVOKE ALL ON FUNCTION binding_hmac(bytea, text) FROM PUBLIC;

-- Binds this transaction to p_tenant when p_mac is hex(HMAC(key, 'tenant|pid|xid')) for this very backend and
-- transaction; refuses (42501) otherwise. Called again in the same transaction it re-binds (the handoff claim
-- writes the source town's audit rows that way, then binds back).
CREATE FUNCTION bind_tenant(p_tenant text, p_mac text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  xact xid8 := pg_current_xact_id();
  expected text;
BEGIN
  SELECT encode(binding_hmac(k.key, p_tenant || '|' || pg_backend_pid() || '|' || xact::text), 'hex') INTO expected FROM tenant_binding_key k;
  IF p_tenant IS NULL OR p_mac IS NULL OR expected IS NULL OR p_mac <> expected THEN
    RAISE EXCEPTION 'tenant binding refused' USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO tenant_bindings (backend_pid, xact, bound_tenant) VALUES (pg_backend_pid(), xact, p_tenant)
    ON CONFLICT (backend_pid) DO UPDATE SET xact = EXCLUDED.xact, bound_tenant = EXCLUDED.bound_tenant;
END
$$;

-- The caller's tenant: the binding of this backend's current transaction, or NULL (no rows, no writes).
CREATE OR REPLACE FUNCTION current_tenant() RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT b.bound_tenant FROM tenant_bindings b WHERE b.backend_pid = pg_backend_pid() AND b.xact = pg_current_xact_id_if_assigned() $$;

REVOKE ALL ON FUNCTION bind_tenant(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION current_tenant() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bind_tenant(text, text) TO madoguchi_app;
GRANT EXECUTE ON FUNCTION current_tenant() TO madoguchi_app;

-- current_tenant() is no longer an inlinable expression but a lookup: evaluate it once per statement (an
-- initplan), not once per row, by wrapping it in a scalar subquery in every policy that calls it.
DO $$
DECLARE
  p record;
  wrap text := '(SELECT current_tenant())';
BEGIN
  FOR p IN
    SELECT schemaname, tablename, policyname, qual, with_check FROM pg_policies
     WHERE schemaname = 'public' AND (qual LIKE '%current_tenant()%' OR with_check LIKE '%current_tenant()%')
  LOOP
    EXECUTE format('ALTER POLICY %I ON %I.%I', p.policyname, p.schemaname, p.tablename)
      || CASE WHEN p.qual IS NULL THEN '' ELSE ' USING (' || replace(p.qual, 'current_tenant()', wrap) || ')' END
      || CASE WHEN p.with_check IS NULL THEN '' ELSE ' WITH CHECK (' || replace(p.with_check, 'current_tenant()', wrap) || ')' END;
  END LOOP;
END
$$;
