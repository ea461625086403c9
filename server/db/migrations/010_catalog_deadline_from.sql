-- Some deadlines count from another day than the event's: the 死亡届 from the day the death became known, the
-- 児童手当 claim after a 転入 from the 転出予定日. Catalog data, like every other deadline rule; the engine
-- falls back to the event date when the visit does not carry that day.
ALTER TABLE catalog_procedures ADD COLUMN deadline_from text NOT NULL DEFAULT 'event'
  CHECK (deadline_from IN ('event', 'death_known', 'planned_move_out'));
