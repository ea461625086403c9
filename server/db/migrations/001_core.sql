-- Madoguchi core schema. One schema for every tenant (自治体クラウド): each tenant-owned table has tenant_id
-- leading its keys, row-level security ENABLED and FORCED, and a policy on the transaction-local setting
-- app.tenant_id (fails closed when unset: NULL never equals anything).
--
-- The runtime role madoguchi_app is NOSUPERUSER NOBYPASSRLS and owns nothing; migrations run as the owner.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_app') THEN
    CREATE ROLE madoguchi_app NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION current_tenant() RETURNS text
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '') $$;

-- 団体 (tenant): the 6-digit local-government code with check digit.
CREATE TABLE tenants (
  tenant_id   text PRIMARY KEY CHECK (tenant_id ~ '^[0-9]{6}$'),
  name_ja     text NOT NULL,
  name_kana   text NOT NULL,
  name_en     text NOT NULL,
  prefecture  text NOT NULL
);

-- 職員 (staff) with their factors. Password: scrypt hash. Card: HMAC of the staff IC card UID, never the UID.
CREATE TABLE staff (
  tenant_id        text NOT NULL REFERENCES tenants,
  staff_id         uuid NOT NULL,
  login_id         text NOT NULL,
  display_name     text NOT NULL,
  role             text NOT NULL CHECK (role IN ('counter', 'department', 'supervisor', 'tenant_admin')),
  department       text,
  password_hash    text NOT NULL,
  card_uid_mac     text,
  totp_secret      text,
  failed_attempts  integer NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  active           boolean NOT NULL DEFAULT true,
  PRIMARY KEY (tenant_id, staff_id),
  UNIQUE (tenant_id, login_id),
  CHECK (card_uid_mac IS NOT NULL OR totp_secret IS NOT NULL)
);

-- 窓口端末 (registered counter terminals).
CREATE TABLE terminals (
  tenant_id    text NOT NULL REFERENCES tenants,
  terminal_id  text NOT NULL,
  label        text NOT NULL,
  active       boolean NOT NULL DEFAULT true,
  PRIMARY KEY (tenant_id, terminal_id)
);

CREATE TABLE staff_sessions (
  tenant_id     text NOT NULL,
  token_hash    text NOT NULL,
  staff_id      uuid NOT NULL,
  terminal_id   text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff,
  FOREIGN KEY (tenant_id, terminal_id) REFERENCES terminals
);

-- 世帯 (household).
CREATE TABLE households (
  tenant_id         text NOT NULL REFERENCES tenants,
  household_id      uuid NOT NULL,
  household_number  text NOT NULL,
  postal_code       text,
  address           text NOT NULL,
  PRIMARY KEY (tenant_id, household_id),
  UNIQUE (tenant_id, household_number)
);

-- 住民 (resident). Official characters are stored as received; *_key columns are derived search keys.
CREATE TABLE residents (
  tenant_id              text NOT NULL REFERENCES tenants,
  resident_id            uuid NOT NULL,
  household_id           uuid NOT NULL,
  relation               text NOT NULL,           -- 続柄 to the head: 世帯主, 妻, 夫, 子, 父, 母, 同居人 …
  kind                   text NOT NULL CHECK (kind IN ('japanese', 'foreign')),
  name                   text NOT NULL,           -- 氏名 (kanji / 正字), surname and given name split by U+3000
  name_kana              text,                    -- 振り仮名 (working reading)
  furigana_status        text NOT NULL DEFAULT 'unconfirmed'
                           CHECK (furigana_status IN ('unconfirmed', 'surname_only', 'given_only', 'confirmed')),
  alphabet_name          text,                    -- foreign residents: passport name
  alias                  text,                    -- 通称
  alias_kana             text,
  birth_date             date NOT NULL,
  sex                    smallint NOT NULL CHECK (sex IN (1, 2, 9)),   -- ISO 5218 as on the My Number card
  nationality            text,                    -- ISO 3166-1 alpha-2 (foreign residents)
  residence_category     text,                    -- 中長期在留者 / 特別永住者 / …
  residence_status       text,                    -- 在留資格
  period_of_stay         text,
  stay_expires_on        date,
  residence_card_number  text,
  health_insurance       text NOT NULL DEFAULT 'national'
                           CHECK (health_insurance IN ('national', 'employee', 'late_elderly', 'welfare', 'none')),
  pension                text NOT NULL DEFAULT 'national'
                           CHECK (pension IN ('national', 'employee', 'dependent_spouse', 'recipient', 'none')),
  care_certified         boolean NOT NULL DEFAULT false,   -- 要介護・要支援認定
  has_my_number_card     boolean NOT NULL DEFAULT false,
  support_measure        boolean NOT NULL DEFAULT false,   -- 支援措置 (DV etc.): viewing restricted
  became_resident_on     date NOT NULL,
  status                 text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
  name_key               text NOT NULL,
  kana_key               text,
  alphabet_key           text,
  alias_key              text,
  alias_kana_key         text,
  version                integer NOT NULL DEFAULT 1,
  updated_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, resident_id),
  FOREIGN KEY (tenant_id, household_id) REFERENCES households
);
CREATE INDEX residents_kana ON residents (tenant_id, kana_key text_pattern_ops);
CREATE INDEX residents_name ON residents (tenant_id, name_key text_pattern_ops);
CREATE INDEX residents_alphabet ON residents (tenant_id, alphabet_key text_pattern_ops);
CREATE INDEX residents_alias ON residents (tenant_id, alias_key text_pattern_ops);
CREATE INDEX residents_birth ON residents (tenant_id, birth_date);
CREATE INDEX residents_household ON residents (tenant_id, household_id);
CREATE INDEX residents_kana_trgm ON residents USING gin (kana_key gin_trgm_ops);

-- 手続きカタログ: life event → procedure, per tenant, effective-dated. Conditions and texts are data.
CREATE TABLE catalog_procedures (
  tenant_id       text NOT NULL REFERENCES tenants,
  procedure_id    text NOT NULL,
  life_event      text NOT NULL,
  department      text NOT NULL,
  condition       jsonb NOT NULL,
  deadline_days   integer,
  fee_yen         integer NOT NULL DEFAULT 0 CHECK (fee_yen >= 0),
  texts           jsonb NOT NULL,      -- { "<lang>": { "title", "explanation", "bring" } }
  sort_order      integer NOT NULL DEFAULT 0,
  effective_from  date NOT NULL,
  effective_to    date,
  PRIMARY KEY (tenant_id, procedure_id, effective_from)
);

-- 来庁 (one-stop visit / case) and its procedures, each with the owning department's status.
CREATE TABLE visits (
  tenant_id     text NOT NULL REFERENCES tenants,
  visit_id      uuid NOT NULL,
  life_event    text NOT NULL,
  household_id  uuid,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished', 'cancelled')),
  language      text NOT NULL DEFAULT 'ja',
  created_by    uuid NOT NULL,
  terminal_id   text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, visit_id)
);

CREATE TABLE visit_procedures (
  tenant_id     text NOT NULL,
  visit_id      uuid NOT NULL,
  procedure_id  text NOT NULL,
  resident_id   uuid,
  department    text NOT NULL,
  status        text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'in_progress', 'done', 'cancelled')),
  reason        text NOT NULL,
  PRIMARY KEY (tenant_id, visit_id, procedure_id, resident_id),
  FOREIGN KEY (tenant_id, visit_id) REFERENCES visits
);
CREATE INDEX visit_procedures_department ON visit_procedures (tenant_id, department, status);

-- 申請 (form submissions) with their receipt number. Receipt numbers come from receipt_counters in the same
-- transaction, so a rolled-back submission rolls its number back too: gap-free, never reused.
CREATE TABLE receipt_counters (
  tenant_id    text NOT NULL REFERENCES tenants,
  fiscal_year  integer NOT NULL,
  last_number  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, fiscal_year)
);

CREATE TABLE submissions (
  tenant_id       text NOT NULL,
  submission_id   uuid NOT NULL,
  visit_id        uuid NOT NULL,
  receipt_number  text NOT NULL,
  fee_yen         integer NOT NULL CHECK (fee_yen >= 0),
  forms           jsonb NOT NULL,
  signature_svg   text,
  created_by      uuid NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, submission_id),
  UNIQUE (tenant_id, receipt_number),
  FOREIGN KEY (tenant_id, visit_id) REFERENCES visits
);

-- 操作ログ: append-only, hash-chained per tenant. The head row serialises appends (SELECT … FOR UPDATE).
CREATE TABLE audit_heads (
  tenant_id  text PRIMARY KEY REFERENCES tenants,
  last_seq   bigint NOT NULL DEFAULT 0,
  last_hash  text NOT NULL
);

CREATE TABLE audit_log (
  tenant_id    text NOT NULL,
  seq          bigint NOT NULL,
  at           timestamptz NOT NULL,
  staff_id     uuid,
  terminal_id  text,
  action       text NOT NULL CHECK (action IN ('login', 'logout', 'login_failed', 'search', 'view', 'print', 'create', 'update', 'export', 'import')),
  resident_id  uuid,
  purpose      text,
  detail       jsonb NOT NULL DEFAULT '{}',
  prev_hash    text NOT NULL,
  hash         text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Idempotency-Key records (≥ 30 days). The response is stored in the same transaction as the change it made.
CREATE TABLE idempotency_keys (
  tenant_id     text NOT NULL,
  key           text NOT NULL,
  staff_id      uuid NOT NULL,
  fingerprint   text NOT NULL,
  status_code   integer,
  response      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

-- Row-level security on every tenant-owned table, FORCED so even the owner is bound.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tenants', 'staff', 'terminals', 'staff_sessions', 'households', 'residents',
                           'catalog_procedures', 'visits', 'visit_procedures', 'receipt_counters', 'submissions',
                           'audit_heads', 'audit_log', 'idempotency_keys']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = current_tenant()) WITH CHECK (tenant_id = current_tenant())',
                   t || '_by_tenant', t);
  END LOOP;
END
$$;

GRANT USAGE ON SCHEMA public TO madoguchi_app;
GRANT EXECUTE ON FUNCTION current_tenant() TO madoguchi_app;
GRANT SELECT ON tenants TO madoguchi_app;
GRANT SELECT, INSERT, UPDATE ON terminals, catalog_procedures TO madoguchi_app;
GRANT SELECT, INSERT, UPDATE ON staff, households, residents, visits, visit_procedures, receipt_counters, audit_heads TO madoguchi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON staff_sessions TO madoguchi_app;
GRANT SELECT, INSERT ON submissions, audit_log TO madoguchi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO madoguchi_app;
