/**
 * Bulk insert of generated households: multi-row, parameterised INSERTs, households before residents (the
 * residents' foreign key needs them), each statement under 30,000 parameters (PostgreSQL allows 65,535 per
 * statement; staying well below keeps statements and their parse cost moderate).
 *
 * No transaction of its own: run it inside the caller's transaction (and tenant) to make a batch atomic.
 */
import type { GeneratedHousehold, HouseholdRow, ResidentRow } from './generator';

/** The one place the column lists come from: every key of the row type, no more (checked by the compiler). */
const HOUSEHOLD_KEYS: Record<keyof HouseholdRow, true> = {
  tenant_id: true,
  household_id: true,
  household_number: true,
  postal_code: true,
  address: true,
};

const RESIDENT_KEYS: Record<keyof ResidentRow, true> = {
  tenant_id: true,
  resident_id: true,
  household_id: true,
  relation: true,
  kind: true,
  name: true,
  name_kana: true,
  furigana_status: true,
  alphabet_name: true,
  alias: true,
  alias_kana: true,
  birth_date: true,
  sex: true,
  nationality: true,
  residence_category: true,
  residence_status: true,
  period_of_stay: true,
  stay_expires_on: true,
  residence_card_number: true,
  health_insurance: true,
  pension: true,
  care_certified: true,
  has_my_number_card: true,
  support_measure: true,
  became_resident_on: true,
  status: true,
  name_key: true,
  kana_key: true,
  alphabet_key: true,
  alias_key: true,
  alias_kana_key: true,
  version: true,
  updated_at: true,
};

export const HOUSEHOLD_COLUMNS = Object.keys(HOUSEHOLD_KEYS) as (keyof HouseholdRow)[];
export const RESIDENT_COLUMNS = Object.keys(RESIDENT_KEYS) as (keyof ResidentRow)[];

/** Strictly fewer parameters than this per statement. */
export const MAX_PARAMETERS = 30_000;

export interface BulkSql {
  query(text: string, params?: readonly unknown[]): Promise<unknown[]>;
}

export interface InsertCounts {
  households: number;
  residents: number;
}

/** Rows per statement so that rows × columns < MAX_PARAMETERS. */
export function rowsPerStatement(columnCount: number): number {
  return Math.max(1, Math.floor((MAX_PARAMETERS - 1) / columnCount));
}

async function insertRows<Row extends object>(sql: BulkSql, table: string, columns: readonly (keyof Row & string)[], rows: readonly Row[]): Promise<void> {
  const chunkSize = rowsPerStatement(columns.length);
  const columnList = columns.join(', ');
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const placeholders: string[] = [];
      for (const column of columns) {
        params.push(row[column]);
        placeholders.push(`$${params.length}`);
      }
      tuples.push(`(${placeholders.join(', ')})`);
    }
    await sql.query(`INSERT INTO ${table} (${columnList}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** Inserts the households of the batch, then all their residents. */
export async function insertHouseholds(sql: BulkSql, batch: Iterable<GeneratedHousehold>): Promise<InsertCounts> {
  const households: HouseholdRow[] = [];
  const residents: ResidentRow[] = [];
  for (const entry of batch) {
    households.push(entry.household);
    residents.push(...entry.residents);
  }
  await insertRows(sql, 'households', HOUSEHOLD_COLUMNS, households);
  await insertRows(sql, 'residents', RESIDENT_COLUMNS, residents);
  return { households: households.length, residents: residents.length };
}
