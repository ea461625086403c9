-- 転入 of people who are not in the register yet (issue 12).
--
-- 1. The 転出証明書 items kept with a resident registered at 転入 (住民基本台帳法 7条: the previous address and the
--    戸籍の表示; a foreign resident arriving without a residence card yet has the landing permission instead).
ALTER TABLE residents ADD COLUMN previous_address text;
ALTER TABLE residents ADD COLUMN moved_out_on date;          -- 転出予定日 (or the day they left), from the 転出証明書
ALTER TABLE residents ADD COLUMN honseki text;               -- 本籍 (Japanese nationals)
ALTER TABLE residents ADD COLUMN hittousha text;             -- 筆頭者
ALTER TABLE residents ADD COLUMN landing_permission jsonb;   -- { grantedOn, port } until the card is issued
ALTER TABLE residents ADD COLUMN intake text;                -- how the counter learned them (INTAKE_SOURCES)

-- 2. A household moving in stays pending with its visit — outside households/residents, so no search, household
--    read or department queue sees it — until the visit's submission registers it in the same transaction.
CREATE TABLE pending_households (
  tenant_id      text NOT NULL,
  visit_id       uuid NOT NULL,
  household_id   uuid NOT NULL,
  resident_ids   uuid[] NOT NULL,
  household      jsonb NOT NULL,          -- the NewHousehold as the counter sent it (shared/api/schemas.ts)
  registered_at  timestamptz,
  submission_id  uuid,
  PRIMARY KEY (tenant_id, visit_id),
  FOREIGN KEY (tenant_id, visit_id) REFERENCES visits
);
CREATE INDEX pending_households_household ON pending_households (tenant_id, household_id);

-- 3. 特例転入 between member towns: the town the residents leave (tenant_id) hands the 転出証明書 items, and nothing
--    else, to the one they move to. The resident authorises it with a one-time code printed on the 転出 receipt;
--    only its keyed hash is stored, bound to the destination. The destination reads the row through
--    claim_handoff() below and nothing else: the app role's own policy is the usual tenant_id = current_tenant().
CREATE TABLE handoffs (
  tenant_id           text NOT NULL REFERENCES tenants,
  handoff_id          uuid NOT NULL,
  visit_id            uuid NOT NULL,
  destination_tenant  text NOT NULL REFERENCES tenants,
  code_hash           text NOT NULL,
  items               jsonb NOT NULL,     -- the 転出証明書 items of each member (no ids of the source town)
  birth_dates         date[] NOT NULL,    -- what the claim is checked against (one member's birth date)
  resident_ids        uuid[] NOT NULL,    -- the source town's own ids, for its audit rows; never handed over
  moving_out_on       date NOT NULL,
  expires_on          date NOT NULL,
  created_by          uuid NOT NULL,
  created_at          timestamptz NOT NULL,
  claimed_at          timestamptz,
  PRIMARY KEY (tenant_id, handoff_id),
  UNIQUE (tenant_id, visit_id),
  -- The claim's lookup: by the claiming (destination) town first, then the code's hash.
  UNIQUE (destination_tenant, code_hash),
  FOREIGN KEY (tenant_id, visit_id) REFERENCES visits,
  CHECK (destination_tenant <> tenant_id)
);

-- The claim throttle counts a clerk's recent refused claims: a small partial index keeps that off the whole log
-- (uuid and timestamptz comparisons are leakproof, so it stays usable under row-level security).
CREATE INDEX audit_log_refused_claims ON audit_log (tenant_id, staff_id, at) WHERE purpose = 'handoff_claim_refused';

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['pending_households', 'handoffs']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = current_tenant()) WITH CHECK (tenant_id = current_tenant())',
                   t || '_by_tenant', t);
  END LOOP;
END
$$;

-- The schema owner (who runs the two SECURITY DEFINER functions below, and nothing else at runtime) may see the
-- handoffs addressed to the caller's tenant and the list of member towns (public: names and codes). On a server
-- where the owner is not a superuser, FORCE binds it too, so these policies are the whole of what it can reach.
CREATE POLICY handoffs_to_destination ON handoffs FOR ALL TO CURRENT_USER
  USING (destination_tenant = current_tenant()) WITH CHECK (destination_tenant = current_tenant());
CREATE POLICY tenants_member_towns ON tenants FOR SELECT TO CURRENT_USER USING (true);

-- Whether a code names a member town of this cloud (another tenant's row is otherwise invisible).
CREATE FUNCTION member_town(p_tenant text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM tenants WHERE tenant_id = p_tenant) $$;

-- The one cross-tenant read. The caller's tenant comes from current_tenant() (set by the server from the session
-- token), never from an argument. Unknown code and wrong birth date answer alike ('not_found'); only with both
-- right does the caller learn that the handoff was already claimed or has expired. A successful claim marks the
-- row in the same statement's transaction, so a handoff is claimed once.
CREATE FUNCTION claim_handoff(p_code_hash text, p_birth_date date, p_today date, p_now timestamptz)
  RETURNS TABLE (outcome text, source_tenant text, handoff_id uuid, items jsonb, resident_ids uuid[])
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  me text := current_tenant();
  h handoffs%ROWTYPE;
BEGIN
  IF me IS NOT NULL THEN
    SELECT * INTO h FROM handoffs x WHERE x.destination_tenant = me AND x.code_hash = p_code_hash FOR UPDATE;
  END IF;
  IF me IS NULL OR h.handoff_id IS NULL OR NOT (p_birth_date = ANY (h.birth_dates)) THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::text, NULL::uuid, NULL::jsonb, NULL::uuid[];
  ELSIF h.claimed_at IS NOT NULL THEN
    RETURN QUERY SELECT 'claimed'::text, NULL::text, NULL::uuid, NULL::jsonb, NULL::uuid[];
  ELSIF h.expires_on < p_today THEN
    RETURN QUERY SELECT 'expired'::text, NULL::text, NULL::uuid, NULL::jsonb, NULL::uuid[];
  ELSE
    UPDATE handoffs x SET claimed_at = p_now WHERE x.tenant_id = h.tenant_id AND x.handoff_id = h.handoff_id;
    RETURN QUERY SELECT 'claimed_now'::text, h.tenant_id, h.handoff_id, h.items, h.resident_ids;
  END IF;
END
$$;

REVOKE ALL ON FUNCTION member_town(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION claim_handoff(text, date, date, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION member_town(text) TO madoguchi_app;
GRANT EXECUTE ON FUNCTION claim_handoff(text, date, date, timestamptz) TO madoguchi_app;
GRANT SELECT, INSERT, UPDATE ON pending_households TO madoguchi_app;
GRANT SELECT, INSERT ON handoffs TO madoguchi_app;
