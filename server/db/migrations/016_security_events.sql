-- Security events for 24-hour monitoring (issue 13 item 6). Each tenant's events are kept here for its
-- supervisors' screen (the operator's collector gets the same events by syslog / JSON lines). Ids and codes
-- only: no names, no typed login ids, no resident data.
CREATE TABLE security_events (
  tenant_id    text NOT NULL,
  event_id     uuid NOT NULL DEFAULT gen_random_uuid(),
  at           timestamptz NOT NULL,
  code         text NOT NULL CHECK (code ~ '^[a-z_]{1,40}$'),
  severity     text NOT NULL CHECK (severity IN ('alert', 'warning', 'notice', 'info')),
  staff_id     uuid,
  terminal_id  text CHECK (length(terminal_id) <= 64),
  source       text CHECK (length(source) <= 64),
  count        integer,
  detail       jsonb NOT NULL DEFAULT '{}',
  -- An anomaly is raised once per rule, subject and window: the key makes a second raise a no-op.
  dedupe_key   text CHECK (length(dedupe_key) <= 200),
  PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX security_events_recent ON security_events (tenant_id, at DESC);
CREATE UNIQUE INDEX security_events_once ON security_events (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Anomaly rules are tenant data: a tenant admin sets them. Evaluated over the last hour of the audit log.
CREATE TABLE anomaly_rules (
  tenant_id    text NOT NULL,
  rule_id      text NOT NULL CHECK (rule_id ~ '^[a-z0-9_-]{1,40}$'),
  kind         text NOT NULL CHECK (kind IN ('residents_viewed_per_hour', 'login_failures_per_hour', 'outside_opening_hours')),
  -- The count that must be exceeded (per staff member, or per tenant for login failures); unused for hours.
  threshold    integer NOT NULL DEFAULT 0 CHECK (threshold BETWEEN 0 AND 100000),
  -- The tenant's opening hours, Japan time (outside_opening_hours only).
  opens_at     time,
  closes_at    time,
  enabled      boolean NOT NULL DEFAULT true,
  PRIMARY KEY (tenant_id, rule_id),
  CHECK (kind <> 'outside_opening_hours' OR (opens_at IS NOT NULL AND closes_at IS NOT NULL AND opens_at < closes_at))
);

-- Anomaly evaluation scans the last hour of a tenant's audit log.
CREATE INDEX audit_log_at ON audit_log (tenant_id, at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['security_events', 'anomaly_rules']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = (SELECT current_tenant())) WITH CHECK (tenant_id = (SELECT current_tenant()))',
                   t || '_by_tenant', t);
  END LOOP;
END
$$;

GRANT SELECT, INSERT ON security_events TO madoguchi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON anomaly_rules TO madoguchi_app;
