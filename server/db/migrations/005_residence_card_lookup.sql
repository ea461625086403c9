-- A residence card read at the counter identifies its holder by the card number (the chip has the name only
-- as an image). Equality on text is leakproof, so this index stays usable under row-level security.
CREATE INDEX residents_residence_card ON residents (tenant_id, residence_card_number) WHERE residence_card_number IS NOT NULL;
