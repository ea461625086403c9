-- Procedures whose form legally carries the 個人番号 (番号法 別表: e.g. 児童手当, 国民健康保険, 国民年金).
-- Only for these does the counter read the number from the My Number card; catalog data, per tenant.
ALTER TABLE catalog_procedures ADD COLUMN needs_individual_number boolean NOT NULL DEFAULT false;
