import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { z } from 'zod';
import type { TenantExport as TenantExportSchema } from './routes/admin';
import { idempotencyKey, loginAs, startTestBackend, type TestBackend } from './test-support';

type TenantExport = z.infer<typeof TenantExportSchema>;

/** The tenant's own export and import (公共SaaS: the municipality can take its data out and bring it back). */
let backend: TestBackend;
let admin = '';
let counter = '';
let otherCounter = '';

before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 5 });
  admin = await loginAs(backend, 'minokamo.admin');
  counter = await loginAs(backend, 'minokamo.counter');
  otherCounter = await loginAs(backend, 'sakahogi.counter');
});
after(() => backend.close());

const get = (token: string, url: string) => backend.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
const importing = (payload: unknown) =>
  backend.app.inject({ method: 'POST', url: '/v1/admin/import', headers: { authorization: `Bearer ${admin}`, 'idempotency-key': idempotencyKey() }, payload: payload as object });

describe('admin export and import of pre-applications', () => {
  it('the export carries the tenant’s pre-applications, answers and all', async () => {
    const exported = (await get(admin, '/v1/admin/export')).json() as TenantExport;
    assert.deepEqual(exported.preApplications.map((p) => [p.applicationId, p.lifeEvent, p.data.language]), [['MINOKAMOBRAZILAA', 'moving_in', 'pt-BR']]);
    // The export is itself audited, with the counts and no personal data.
    const [audit] = await backend.appQuery('212113', "SELECT detail FROM audit_log WHERE action = 'export' ORDER BY seq DESC LIMIT 1");
    assert.deepEqual((audit?.detail as { preApplications: number }).preApplications, 1);
  });

  it('an imported pre-application reaches the counter; importing again never rewrites what the resident sent; the other tenant never sees it', async () => {
    const exported = (await get(admin, '/v1/admin/export')).json() as TenantExport;
    const sent = { applicationId: 'IMPORTEDMOVEINAA', lifeEvent: 'moving_in', data: { name: 'SILVA PEREIRA ANA', birthDate: '1990-02-03', eventDate: '2026-11-20', newAddress: '岐阜県美濃加茂市太田町1', previousAddress: '静岡県浜松市', language: 'pt-BR' }, createdAt: '2026-11-20T09:00:00.000Z' };
    const first = await importing({ ...exported, households: [], residents: [], catalog: [], preApplications: [sent] });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { households: 0, residents: 0, catalog: 0, preApplications: 1 });
    const atCounter = await get(counter, '/v1/pre-applications/IMPORTEDMOVEINAA');
    assert.equal(atCounter.statusCode, 200, atCounter.body);
    assert.deepEqual([atCounter.json().name, atCounter.json().eventDate, atCounter.json().createdAt], ['SILVA PEREIRA ANA', '2026-11-20', '2026-11-20T09:00:00.000Z']);

    const again = await importing({ ...exported, households: [], residents: [], catalog: [], preApplications: [{ ...sent, data: { ...sent.data, name: 'SOMEONE ELSE' } }] });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal((await get(counter, '/v1/pre-applications/IMPORTEDMOVEINAA')).json().name, 'SILVA PEREIRA ANA');

    assert.equal((await get(otherCounter, '/v1/pre-applications/IMPORTEDMOVEINAA')).statusCode, 404);
    const owners = await backend.ownerQuery("SELECT tenant_id FROM pre_applications WHERE application_id = 'IMPORTEDMOVEINAA'");
    assert.deepEqual(owners.map((row) => row.tenant_id), ['212113']);
  });

  it('an export taken before pre-applications were exported still imports', async () => {
    const { preApplications: _left, ...older } = (await get(admin, '/v1/admin/export')).json() as TenantExport;
    const imported = await importing({ ...older, households: [], residents: [], catalog: [] });
    assert.equal(imported.statusCode, 200, imported.body);
    assert.equal(imported.json().preApplications, 0);
  });

  it('a malformed pre-application id is refused (400) before the import starts', async () => {
    const exported = (await get(admin, '/v1/admin/export')).json() as TenantExport;
    const bad = await importing({ ...exported, households: [], residents: [], catalog: [], preApplications: [{ applicationId: 'lower-case-id', lifeEvent: 'moving_in', data: {}, createdAt: '2026-11-20T09:00:00Z' }] });
    assert.equal(bad.statusCode, 400, bad.body);
  });
});

describe('admin import of the procedure catalog', () => {
  const moveOutOrder = async () =>
    (await backend.appQuery('212113', "SELECT procedure_id FROM catalog_procedures WHERE life_event = 'moving_out' ORDER BY sort_order, procedure_id")).map((row) => row.procedure_id);

  it('refuses a catalog with one unreadable condition (400 naming the procedure and path) and imports nothing of the export', async () => {
    const exported = (await get(admin, '/v1/admin/export')).json() as TenantExport;
    const index = exported.catalog.findIndex((c) => c.procedureId === 'late_elderly_loss');
    assert.ok(index > 0);
    const catalog = exported.catalog.map((c, i) => (i === index ? { ...c, condition: { deceased: true, any: [{ ageAtleast: 75 }] } } : { ...c, department: '取り込み課' }));
    const household = { householdId: '0192d5c0-0000-7000-8000-00000000c0de', householdNumber: 'IMPORT-REFUSED', postalCode: null, address: '岐阜県美濃加茂市太田町1' };
    const refused = await importing({ ...exported, households: [household], residents: [], catalog, preApplications: [] });
    assert.equal(refused.statusCode, 400, refused.body);
    const body = refused.json() as { code: string; message: string; details: { conditions: { procedureId: string; path: string }[] } };
    assert.equal(body.code, 'invalid_catalog');
    assert.match(body.message, /late_elderly_loss/);
    // (zod may say two things about one spot: the unknown key, and that nothing known is left.)
    assert.deepEqual([...new Set(body.details.conditions.map((c) => `${c.procedureId} ${c.path}`))], [`late_elderly_loss catalog.${index}.condition.any.0`]);
    // Nothing of it landed: not the household, not the other (valid) catalog rows.
    assert.deepEqual(await backend.appQuery('212113', "SELECT 1 FROM households WHERE household_number = 'IMPORT-REFUSED'"), []);
    assert.deepEqual(await backend.appQuery('212113', "SELECT 1 FROM catalog_procedures WHERE department = '取り込み課'"), []);
  });

  it('refuses a condition that is not an object at all, and a row without one', async () => {
    const exported = (await get(admin, '/v1/admin/export')).json() as TenantExport;
    const [first, second] = exported.catalog;
    const notAnObject = await importing({ ...exported, households: [], residents: [], catalog: [second!, { ...first!, condition: 'always' }], preApplications: [] });
    assert.equal(notAnObject.statusCode, 400, notAnObject.body);
    assert.deepEqual(
      (notAnObject.json() as { details: { conditions: { procedureId: string; path: string }[] } }).details.conditions.map((c) => `${c.procedureId} ${c.path}`),
      [`${first!.procedureId} catalog.1.condition`],
    );
    const { condition: _dropped, ...withoutCondition } = second!;
    const missing = await importing({ ...exported, households: [], residents: [], catalog: [withoutCondition], preApplications: [] });
    assert.equal(missing.statusCode, 400, missing.body);
    assert.deepEqual(missing.json().details.fields, ['body.catalog.0.condition']);
  });

  it('keeps the catalog order: the export carries sort_order, an import sets it (or takes the array order)', async () => {
    const exported = (await get(admin, '/v1/admin/export')).json() as TenantExport;
    const moveOut = exported.catalog.filter((c) => c.lifeEvent === 'moving_out');
    assert.deepEqual(moveOut.map((c) => c.procedureId), await moveOutOrder(), 'the export lists the catalog in its order');
    assert.ok(moveOut.every((c) => typeof c.sortOrder === 'number'));

    const reversed = [...moveOut].reverse().map((c, i) => ({ ...c, sortOrder: i }));
    assert.equal((await importing({ ...exported, households: [], residents: [], catalog: reversed, preApplications: [] })).statusCode, 200);
    assert.deepEqual(await moveOutOrder(), reversed.map((c) => c.procedureId));
    assert.equal(
      (await backend.appQuery('212113', "SELECT count(*)::int AS n FROM catalog_procedures WHERE life_event = 'moving_out'"))[0]?.n,
      moveOut.length,
      're-importing replaces rows instead of adding them',
    );

    // An older export without sortOrder: its array order becomes the catalog order.
    const older = moveOut.map(({ sortOrder: _sortOrder, ...c }) => c);
    assert.equal((await importing({ ...exported, households: [], residents: [], catalog: older, preApplications: [] })).statusCode, 200);
    assert.deepEqual(await moveOutOrder(), moveOut.map((c) => c.procedureId));
  });
});
