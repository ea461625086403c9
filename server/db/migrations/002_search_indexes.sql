-- Name search index that works under row-level security and in any database locale.
--
-- Why not pg_trgm or a GIN index on an array: under RLS, PostgreSQL may use an index only for operators that
-- are LEAKPROOF (otherwise the operator could see other tenants' rows before the policy filters them), and
-- LIKE and array containment are not. pg_trgm also extracts no trigrams from Japanese under the C locale.
-- So we keep our own inverted index of character n-grams (like pg_bigm): one row per (gram, resident),
-- looked up with text equality, which is leakproof. 'n' bigrams come from the kanji name and 通称 (kanji
-- names are short: 2+2 characters), 'k' trigrams from the kana reading and 通称 reading, 'a' trigrams from
-- the alphabet name (longer keys: trigrams are far more selective). LIKE on the keys confirms the order.
CREATE FUNCTION search_grams(kind text, size integer, VARIADIC keys text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(DISTINCT kind || ':' || substr(k, i, size)), '{}')
      FROM unnest(keys) AS k, generate_series(1, greatest(length(k) - size + 1, 0)) AS i
     WHERE k IS NOT NULL
  $$;

CREATE TABLE resident_grams (
  tenant_id    text NOT NULL,
  gram         text NOT NULL,
  resident_id  uuid NOT NULL,
  PRIMARY KEY (tenant_id, gram, resident_id)
);
CREATE INDEX resident_grams_resident ON resident_grams (tenant_id, resident_id);
ALTER TABLE resident_grams ENABLE ROW LEVEL SECURITY;
ALTER TABLE resident_grams FORCE ROW LEVEL SECURITY;
CREATE POLICY resident_grams_by_tenant ON resident_grams
  USING (tenant_id = current_tenant()) WITH CHECK (tenant_id = current_tenant());

-- Kept in step with residents by a trigger, so every writer (API, import, seeding) maintains it.
CREATE FUNCTION residents_sync_grams() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.name_key IS NOT DISTINCT FROM OLD.name_key AND NEW.alias_key IS NOT DISTINCT FROM OLD.alias_key
       AND NEW.kana_key IS NOT DISTINCT FROM OLD.kana_key AND NEW.alias_kana_key IS NOT DISTINCT FROM OLD.alias_kana_key
       AND NEW.alphabet_key IS NOT DISTINCT FROM OLD.alphabet_key THEN
      RETURN NULL;
    END IF;
    DELETE FROM resident_grams WHERE tenant_id = OLD.tenant_id AND resident_id = OLD.resident_id;
  END IF;
  INSERT INTO resident_grams (tenant_id, gram, resident_id)
    SELECT NEW.tenant_id, g, NEW.resident_id
      FROM unnest(search_grams('n', 2, NEW.name_key, NEW.alias_key)
               || search_grams('k', 3, NEW.kana_key, NEW.alias_kana_key)
               || search_grams('a', 3, NEW.alphabet_key)) AS g
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER residents_sync_grams AFTER INSERT OR UPDATE ON residents
  FOR EACH ROW EXECUTE FUNCTION residents_sync_grams();

GRANT EXECUTE ON FUNCTION search_grams(text, integer, text[]) TO madoguchi_app;
GRANT SELECT, INSERT, DELETE ON resident_grams TO madoguchi_app;
