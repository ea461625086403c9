-- 代筆 (proxy signature): when a resident cannot sign, the clerk writes their name for them, the accepted
-- counter practice. Kept with the submission in place of a drawn signature: who wrote it (staff id), why (a
-- reason code and note), the name as written and when. A submission holds one kind of signature, never both.
ALTER TABLE submissions ADD COLUMN proxy_signature jsonb;
ALTER TABLE submissions ADD CONSTRAINT submissions_one_signature CHECK (signature_svg IS NULL OR proxy_signature IS NULL);
