-- Bounded input (issue 13), in the database itself, so that no writer — the API, an import, a seed, or a direct
-- INSERT by the app role — can make one row cost more than a few microseconds of the backend every tenant shares.
--
-- 1. The n-gram index is bounded by construction. search_grams() took each key whole: substr() on a long
--    multibyte string walks it from the start for every position (quadratic), and DISTINCT sorts every gram —
--    a 1 MB kana 通称 through the import made PGlite grow to 22 GB. Each key is now cut to its first 256
--    characters (four times the longest name the schemas accept) and at most eight keys are read, so a row
--    yields at most 8 × 256 grams however long its text.
--    plpgsql, not an inlinable SQL function: inlined, the planner evaluated the cut on the whole argument for
--    every gram position (a 1 MB key still took 25 s); here each key is cut once, before anything else.
CREATE OR REPLACE FUNCTION search_grams(kind text, size integer, VARIADIC keys text[]) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  capped text[] := '{}';
BEGIN
  FOR n IN 1 .. least(coalesce(cardinality(keys), 0), 8) LOOP
    IF keys[n] IS NOT NULL THEN
      capped := capped || left(keys[n], 256);
    END IF;
  END LOOP;
  RETURN (SELECT coalesce(array_agg(DISTINCT kind || ':' || substr(k, i, size)), '{}')
            FROM unnest(capped) AS k, generate_series(1, greatest(length(k) - size + 1, 0)) AS i);
END
$$;

-- 2. The register's bounds as CHECKs: the same lengths and ranges as shared/api/schemas.ts (BOUNDS), so the API
--    refuses first with a field path, and anything else is refused here (mapped to a typed 422, never a 500).
--    NOT VALID: rows already stored are not re-checked (a deployment must not fail to migrate on old data);
--    every new or changed row is.
ALTER TABLE residents ADD CONSTRAINT residents_bounded CHECK (
  char_length(name) <= 100 AND char_length(relation) <= 20
  AND coalesce(char_length(name_kana), 0) <= 100 AND coalesce(char_length(alphabet_name), 0) <= 100
  AND coalesce(char_length(alias), 0) <= 100 AND coalesce(char_length(alias_kana), 0) <= 100
  AND coalesce(char_length(nationality), 0) <= 8 AND coalesce(char_length(residence_card_number), 0) <= 12
  AND coalesce(char_length(residence_category), 0) <= 50 AND coalesce(char_length(residence_status), 0) <= 50
  AND coalesce(char_length(period_of_stay), 0) <= 50
  -- Search keys are derived from the names (NFKC may lengthen a few characters, never fourfold).
  AND char_length(name_key) <= 400 AND coalesce(char_length(kana_key), 0) <= 400
  AND coalesce(char_length(alphabet_key), 0) <= 400 AND coalesce(char_length(alias_key), 0) <= 400
  AND coalesce(char_length(alias_kana_key), 0) <= 400
) NOT VALID;

ALTER TABLE households ADD CONSTRAINT households_bounded CHECK (
  char_length(address) <= 200 AND char_length(household_number) <= 32 AND coalesce(char_length(postal_code), 0) <= 8
) NOT VALID;

-- Fees in yen and deadlines in days in their real ranges (a negative fee or a 2^40-day deadline is no catalog).
ALTER TABLE catalog_procedures ADD CONSTRAINT catalog_procedures_bounded CHECK (
  fee_yen BETWEEN 0 AND 1000000 AND (deadline_days IS NULL OR deadline_days BETWEEN 0 AND 1830)
  AND char_length(procedure_id) <= 64 AND char_length(life_event) <= 32 AND char_length(department) <= 64
) NOT VALID;

ALTER TABLE visits ADD CONSTRAINT visits_bounded CHECK (char_length(life_event) <= 32 AND char_length(language) <= 16) NOT VALID;
ALTER TABLE visit_procedures ADD CONSTRAINT visit_procedures_bounded CHECK (char_length(procedure_id) <= 64 AND char_length(reason) <= 500) NOT VALID;
