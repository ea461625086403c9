-- A visit procedure may concern the whole household rather than one resident (resident_id NULL): a primary
-- key would force NOT NULL, so uniqueness moves to an index that treats NULLs as equal (PostgreSQL 15+).
ALTER TABLE visit_procedures DROP CONSTRAINT visit_procedures_pkey;
ALTER TABLE visit_procedures ALTER COLUMN resident_id DROP NOT NULL;
CREATE UNIQUE INDEX visit_procedures_unique ON visit_procedures (tenant_id, visit_id, procedure_id, resident_id) NULLS NOT DISTINCT;

-- TOTP codes are single-use (RFC 6238 §5.2): the last accepted time step per staff member.
ALTER TABLE staff ADD COLUMN totp_last_step bigint;
