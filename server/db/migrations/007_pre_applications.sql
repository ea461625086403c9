-- 事前申請: what a resident filled in online before coming (a QR code `MDG1-<id>-<MAC>` brings the id to the
-- counter). Tenant-owned like everything else: RLS forced, the app role reads it.
CREATE TABLE pre_applications (
  tenant_id       text NOT NULL REFERENCES tenants,
  application_id  text NOT NULL CHECK (application_id ~ '^[A-Z2-7]{8,32}$'),
  life_event      text NOT NULL,
  data            jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, application_id)
);
ALTER TABLE pre_applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE pre_applications FORCE ROW LEVEL SECURITY;
CREATE POLICY pre_applications_by_tenant ON pre_applications USING (tenant_id = current_tenant()) WITH CHECK (tenant_id = current_tenant());
GRANT SELECT, INSERT ON pre_applications TO madoguchi_app;
