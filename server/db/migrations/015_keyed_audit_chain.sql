-- Keyed audit chain (issue 13): rows are chained with HMAC-SHA256 under a key the database does not hold
-- (server/audit/chain.ts). Rows written before this migration keep their plain SHA-256 links and are verified as
-- before (chain = 1): they cannot be re-keyed here, because the key never reaches the database, and re-keying them
-- in the server would mean rewriting an append-only log. Every row the server writes from now on is chain = 2;
-- the signed checkpoints outside the database record from which seq on the chain is keyed, so a superuser cannot
-- downgrade keyed rows to recomputable SHA-256 ones.
ALTER TABLE audit_log ADD COLUMN chain smallint NOT NULL DEFAULT 1 CHECK (chain IN (1, 2));
