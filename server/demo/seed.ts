import { hashPassword, cardUidMac } from '../auth/credentials';
import type { SeedHook, TenantRunner } from '../backend';
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TENANTS, DEMO_TERMINALS, DEMO_TOTP_SECRET } from './accounts';
import { DEMO_CATALOGS } from './catalog';
import { insertHouseholds } from './bulk-insert';
import { coverageHouseholds, generateHouseholds } from './generator';

export interface SeedOptions {
  secret: string;
  /** Generated households per tenant, on top of the hand-picked coverage households. */
  householdsPerTenant: number;
  referenceDate?: string;
}

/** Whether the demo data is already there (seeding is once per data directory / database). */
export async function isSeeded(run: TenantRunner): Promise<boolean> {
  let seeded = false;
  await run(DEMO_TENANTS[0].tenantId, async (sql) => {
    seeded = (await sql.query('SELECT 1 FROM tenants WHERE tenant_id = $1', [DEMO_TENANTS[0].tenantId])).length > 0;
  });
  return seeded;
}

/** The demo's pre-application per municipality (its QR code: `npm run devices` / README). */
export const DEMO_PRE_APPLICATION_IDS: Readonly<Record<string, string>> = { '212113': 'MINOKAMOBRAZILAA', '215015': 'SAKAHOGIBRAZILAA' };

/** The demo's seed hook for openBackend: the demo data once per data directory / database. */
export function demoSeed(options: SeedOptions): SeedHook {
  return async (run) => {
    if (!(await isSeeded(run))) await seedDemo(run, options);
  };
}

/** Demo tenants, terminals, staff (with their second factors), catalogs and synthetic residents. */
export async function seedDemo(run: TenantRunner, options: SeedOptions): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const tenant of DEMO_TENANTS) {
    await run(tenant.tenantId, async (sql) => {
      await sql.query('INSERT INTO tenants (tenant_id, name_ja, name_kana, name_en, prefecture) VALUES ($1, $2, $3, $4, $5)', [
        tenant.tenantId, tenant.nameJa, tenant.nameKana, tenant.nameEn, tenant.prefecture,
      ]);
      for (const terminalId of DEMO_TERMINALS) {
        await sql.query('INSERT INTO terminals (tenant_id, terminal_id, label) VALUES ($1, $2, $3)', [tenant.tenantId, terminalId, `デモ端末 ${terminalId}`]);
      }
      for (const staff of DEMO_STAFF.filter((s) => s.tenantId === tenant.tenantId)) {
        await sql.query(
          `INSERT INTO staff (tenant_id, staff_id, login_id, display_name, role, department, password_hash, card_uid_mac, totp_secret)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [tenant.tenantId, staff.staffId, staff.loginId, staff.displayName, staff.role, staff.department, passwordHash,
            staff.cardUid ? cardUidMac(staff.cardUid, options.secret) : null, staff.totp ? DEMO_TOTP_SECRET : null],
        );
      }
      for (const [order, procedure] of (DEMO_CATALOGS[tenant.tenantId] ?? []).entries()) {
        await sql.query(
          `INSERT INTO catalog_procedures (tenant_id, procedure_id, life_event, department, condition, deadline_days, fee_yen, texts, sort_order, effective_from, deadline_counts_event_day, needs_individual_number, deadline_from)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '2024-04-01', $10, $11, $12)`,
          [tenant.tenantId, procedure.procedureId, procedure.lifeEvent, procedure.department, JSON.stringify(procedure.condition),
            procedure.deadlineDays, procedure.feeYen, JSON.stringify(procedure.texts), order, procedure.deadlineCountsEventDay ?? false, procedure.needsIndividualNumber ?? false, procedure.deadlineFrom ?? 'event'],
        );
      }
      await insertHouseholds(sql, coverageHouseholds(tenant.tenantId, options.referenceDate));
      let batch = [];
      for (const entry of generateHouseholds({ tenantId: tenant.tenantId, count: options.householdsPerTenant, seed: Number(tenant.tenantId), referenceDate: options.referenceDate, startIndex: 1000 })) {
        batch.push(entry);
        if (batch.length === 1000) {
          await insertHouseholds(sql, batch);
          batch = [];
        }
      }
      if (batch.length > 0) await insertHouseholds(sql, batch);
      // One online pre-application: the Brazilian wife of C007 announced the family's move in before coming.
      const brazilian = coverageHouseholds(tenant.tenantId, options.referenceDate).find((h) => h.residents.some((r) => r.nationality === 'BR'));
      const wife = brazilian?.residents.find((r) => r.relation === '妻');
      if (wife) {
        await sql.query('INSERT INTO pre_applications (tenant_id, application_id, life_event, data) VALUES ($1, $2, $3, $4)', [
          tenant.tenantId,
          DEMO_PRE_APPLICATION_IDS[tenant.tenantId],
          'moving_in',
          JSON.stringify({ name: wife.name, birthDate: wife.birth_date, eventDate: null, newAddress: `${tenant.nameJa}太田町3431-1`, previousAddress: '静岡県浜松市中央区', language: 'pt-BR' }),
        ]);
      }
    });
  }
}
