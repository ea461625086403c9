import type { CatalogProcedure, Household } from '../../shared/api/schemas';
import type { z } from 'zod';
import { CloudError } from './cloud-client';
import { CounterHost, type CloudPort } from './counter-host';
import type { LogEntry } from './log';
import { DeviceError } from '../../shared/devices/errors';
import type { DevicesView } from '../../shared/contract/views';
import type { DevicePort, IdentityRead, PrintJobSummary, PrintRequest, ScanResult } from './devices/port';

type HouseholdData = z.infer<typeof Household>;
type CatalogData = z.infer<typeof CatalogProcedure>;

export const FAKE_PASSWORD = 'correct horse battery';

/** A minimal household: a 世帯主 (35, national insurance) and a 7-year-old child. */
export function fakeHousehold(): HouseholdData {
  const member = (residentId: string, name: string, birthDate: string, relation: string) => ({
    residentId, householdId: '10000000-0000-4000-8000-000000000001', relation, kind: 'japanese' as const, name, nameKana: null,
    furiganaStatus: 'confirmed' as const, alphabetName: null, alias: null, aliasKana: null, birthDate, sex: 1 as const, nationality: null,
    residenceCategory: null, residenceStatus: null, periodOfStay: null, stayExpiresOn: null, residenceCardNumber: null,
    healthInsurance: 'national' as const, pension: 'national' as const, careCertified: false, hasMyNumberCard: false,
    supportMeasure: false, becameResidentOn: '2020-04-01', status: 'active' as const, version: 1,
  });
  return {
    householdId: '10000000-0000-4000-8000-000000000001',
    householdNumber: 'T1',
    postalCode: null,
    address: '岐阜県美濃加茂市太田町1-1',
    members: [member('20000000-0000-4000-8000-000000000001', '山田　一郎', '1991-05-01', '世帯主'), member('20000000-0000-4000-8000-000000000002', '山田　翔', '2019-05-01', '子')],
  };
}

/** A second household (one 66-year-old): choosing it instead of the first one changes what is judged. */
export function otherHousehold(): HouseholdData {
  const [head] = fakeHousehold().members;
  const householdId = '10000000-0000-4000-8000-000000000002';
  return {
    householdId,
    householdNumber: 'T2',
    postalCode: null,
    address: '岐阜県美濃加茂市古井町2-2',
    members: [{ ...head!, residentId: '20000000-0000-4000-8000-000000000003', householdId, name: '佐藤　花子', birthDate: '1960-03-03', sex: 2 }],
  };
}

export function fakeCatalog(): CatalogData[] {
  const entry = (procedureId: string, condition: unknown, department: string, feeYen = 0, lifeEvent = 'moving_in'): CatalogData => ({
    procedureId, lifeEvent, department, condition, deadlineDays: 14, deadlineCountsEventDay: false, deadlineFrom: 'event', needsIndividualNumber: procedureId === 'national_pension', feeYen,
    texts: { ja: { title: procedureId, explanation: '', bring: '' } }, effectiveFrom: '2024-04-01', effectiveTo: null,
  });
  return [
    entry('moving_in_notification', { always: true }, '市民課'),
    entry('national_pension', { all: [{ ageBetween: [20, 59] }, { pension: 'national' }] }, '保険年金課'),
    entry('resident_certificate', { requested: true }, '市民課', 300),
    entry('death_notification', { deceased: true }, '市民課', 0, 'death'),
    entry('householder_change', { deceased: true, relation: '世帯主', remainingMembersAtLeast: 2 }, '市民課', 0, 'death'),
    entry('moving_out_notification', { always: true }, '市民課', 0, 'moving_out'),
  ];
}

const summary = (m: HouseholdData['members'][number]) => ({
  residentId: m.residentId, householdId: m.householdId, name: m.name, nameKana: m.nameKana, alphabetName: m.alphabetName, alias: m.alias,
  birthDate: m.birthDate, sex: m.sex, kind: m.kind, supportMeasure: m.supportMeasure, address: fakeHousehold().address,
});

/** An in-memory cloud backend: one account, two households (searches find the first), a small catalog; records what was submitted. */
export class FakeCloud implements CloudPort {
  signedIn = false;
  /** What the backend answers a signed-in request after its session ended (server/http/errors.ts `unauthenticated`). */
  static readonly SESSION_ENDED = { code: 'unauthenticated', message: 'ログインしてください。セッションの有効期限が切れた場合は、もう一度ログインしてください。' };
  /** The backend session ends (idle too long): every signed-in call answers 401 until the next login. */
  expire(): void {
    this.signedIn = false;
  }
  private session(): void {
    if (!this.signedIn) throw new CloudError('session_expired', 401, FakeCloud.SESSION_ENDED);
  }
  readonly visits = new Map<string, unknown>();
  readonly submissions = new Map<string, unknown>();
  preApplication = async (applicationId: string) => {
    this.session();
    if (applicationId !== 'YAMADAAAAAAA') throw new CloudError('rejected', 404, { code: 'not_found', message: '事前申請が見つかりません。' });
    return { applicationId, lifeEvent: 'moving_in', name: '山田　一郎', birthDate: '1991-05-01', eventDate: '2026-11-20', newAddress: '美濃加茂市太田町9-9', previousAddress: '浜松市', language: 'pt-BR', createdAt: '2026-11-26T00:00:00.000Z' };
  };
  household = async (householdId: string) => {
    this.session();
    const household = [fakeHousehold(), otherHousehold()].find((h) => h.householdId === householdId);
    if (!household) throw new CloudError('rejected', 404, { code: 'not_found', message: '世帯が見つかりません。' });
    return household;
  };
  login = async (request: { loginId: string; password: string; tenantId: string; terminalId: string }) => {
    if (request.password !== FAKE_PASSWORD) throw new CloudError('rejected', 401, { code: 'invalid_credentials', message: 'ログインIDまたはパスワードが正しくありません。' });
    this.signedIn = true;
    return {
      token: 'fake',
      expiresAt: '2099-01-01T00:00:00.000Z',
      idleTimeoutSeconds: 900,
      // Each login id its own clerk ('counter' is the one the tests sign in with).
      staff: { staffId: request.loginId === 'counter' ? '00000000-0000-4000-8000-000000000009' : '00000000-0000-4000-8000-000000000010', tenantId: request.tenantId, displayName: '窓口 花子', role: 'counter' as const, department: '市民課', terminalId: request.terminalId },
      tenant: { tenantId: request.tenantId, nameJa: '美濃加茂市', nameEn: 'Minokamo City' },
    };
  };
  signOut = () => {
    this.signedIn = false;
  };
  readonly searches: { q?: string; birthDate?: string; residenceCardNumber?: string }[] = [];
  searchResidents = async (q: string, birthDate?: string) => {
    this.session();
    this.searches.push({ q, ...(birthDate ? { birthDate } : {}) });
    return { results: fakeHousehold().members.filter((m) => m.name.includes(q) && (!birthDate || m.birthDate === birthDate)).map(summary) };
  };
  /** The fake household's head holds residence card AB12345678CD. */
  searchByResidenceCard = async (residenceCardNumber: string) => {
    this.session();
    this.searches.push({ residenceCardNumber });
    return { results: residenceCardNumber.toUpperCase() === 'AB12345678CD' ? [summary(fakeHousehold().members[0]!)] : [] };
  };
  catalog = async () => (this.session(), { procedures: fakeCatalog() });
  /** The households moving in that visits brought (`newHousehold`), registered when the visit is submitted. */
  readonly newHouseholds = new Map<string, { householdId: string; members: { residentId: string }[] }>();
  readonly registered: { householdId: string; residentIds: string[] }[] = [];
  createVisit = async (body: unknown, key: string) => {
    this.session();
    this.visits.set(key, body);
    const newHousehold = (body as { newHousehold?: { householdId: string; members: { residentId: string }[] } }).newHousehold;
    if (newHousehold) this.newHouseholds.set('30000000-0000-4000-8000-000000000001', newHousehold);
    return { visitId: '30000000-0000-4000-8000-000000000001', lifeEvent: 'moving_in', householdId: null, status: 'open' as const, language: 'ja', createdAt: '2026-11-27T00:00:00.000Z', procedures: [], submissions: [] };
  };
  readonly prints: unknown[] = [];
  recordPrint = async (body: { document: string; residentIds: string[] }) => {
    this.session();
    this.prints.push(body);
    return { entries: body.residentIds.length };
  };
  submit = async (visitId: string, body: unknown, key: string) => {
    this.session();
    const first = !this.submissions.has(key);
    this.submissions.set(key, body);
    // Like the backend: the visit's pending household is registered by its (first) submission, under the counter's ids.
    const pending = this.newHouseholds.get(visitId);
    const registered = pending ? { householdId: pending.householdId, residentIds: pending.members.map((m) => m.residentId) } : { householdId: null, residentIds: [] };
    if (pending && first) this.registered.push({ householdId: pending.householdId, residentIds: registered.residentIds });
    return { submissionId: '40000000-0000-4000-8000-000000000001', visitId, receiptNumber: '2026-000001', feeYen: 0, createdAt: '2026-11-27T00:00:00.000Z', registered };
  };
  readonly handoffs = new Map<string, unknown>();
  /** The next createHandoff calls that fail as the network would (the backend never saw them). */
  handoffOutages = 0;
  /** Like the backend: one handoff per visit; a repeat of its request (same Idempotency-Key) answers the same code. */
  createHandoff = async (body: { visitId: string; destinationTenantId: string; residentIds: string[] }, key: string) => {
    this.session();
    if (this.handoffOutages > 0) {
      this.handoffOutages -= 1;
      throw new CloudError('unavailable', 0, null);
    }
    const made = [...this.handoffs].find(([, b]) => (b as { visitId: string }).visitId === body.visitId);
    if (made && made[0] !== key) throw new CloudError('rejected', 409, { code: 'handoff_exists', message: 'この来庁の引継ぎはすでに作成されています。' });
    this.handoffs.set(key, body);
    return { handoffId: '50000000-0000-4000-8000-000000000001', visitId: body.visitId, destinationTenantId: body.destinationTenantId, code: 'ABCDE-FGHJK', expiresOn: '2027-01-04', members: body.residentIds.length };
  };
  memberTowns = async () => (this.session(), { towns: [{ tenantId: '215015', nameJa: '坂祝町', nameEn: 'Sakahogi Town' }] });
  /** One page of a supervisor's security events (ids and codes only), as the backend lists them. */
  securityEvents = async (before?: string) => (
    this.session(),
    {
      events: before
        ? []
        : [{ eventId: '60000000-0000-4000-8000-000000000001', at: '2026-11-27T01:00:00.000Z', code: 'login_failed' as const, severity: 'warning' as const, staffId: null, terminalId: null, source: '203.0.113.9', count: null, detail: { reason: 'unknown_login' } }],
      next: null,
    }
  );
  /** Claims answered by Idempotency-Key (a repeat gets the stored answer, as from the backend). */
  private readonly claims = new Map<string, unknown>();
  private claimed = false;
  /**
   * The fake backend holds one handoff: code ABCDE-FGHJK with 山田 一郎 (born 1991-05-01, 世帯主) and his son, both
   * Japanese, from 坂祝町; claimed once. An unknown code or a wrong date answers the backend's one 404.
   */
  claimHandoff = async (body: { code: string; birthDate: string }, key: string) => {
    this.session();
    if (this.claims.has(key)) return this.claims.get(key) as never;
    if (body.code.toUpperCase().replace(/[^0-9A-Z]/g, '') !== 'ABCDEFGHJK' || !['1991-05-01', '2020-02-02'].includes(body.birthDate)) {
      throw new CloudError('rejected', 404, { code: 'handoff_not_found', message: 'コードと生年月日に合う引継ぎがありません。' });
    }
    if (this.claimed) throw new CloudError('rejected', 409, { code: 'handoff_claimed', message: 'この引継ぎはすでに受け取られています。' });
    this.claimed = true;
    const common = { kind: 'japanese' as const, alphabetName: null, nationality: null, residenceCategory: null, residenceStatus: null, periodOfStay: null, stayExpiresOn: null, residenceCardNumber: null, previousAddress: '岐阜県加茂郡坂祝町取組46番地18', movedOutOn: '2026-11-25', honseki: '岐阜県加茂郡坂祝町取組46番地', hittousha: '山田　一郎', landingPermission: null };
    const answer = {
      handoffId: '50000000-0000-4000-8000-000000000001',
      sourceTenantId: '215015',
      members: [
        { ...common, residentId: '60000000-0000-4000-8000-000000000001', relation: '世帯主', name: '山田　一郎', nameKana: 'ヤマダ　イチロウ', birthDate: '1991-05-01', sex: 1 as const, hasMyNumberCard: true },
        { ...common, residentId: '60000000-0000-4000-8000-000000000002', relation: '子', name: '山田　翔', nameKana: 'ヤマダ　ショウ', birthDate: '2020-02-02', sex: 1 as const, hasMyNumberCard: false },
      ],
    };
    this.claims.set(key, answer);
    return answer;
  };
}

/** A CounterHost with deterministic ids and clock, a fake cloud, and its log captured, for tests. */
export function testHost(
  terminalId = 'test-terminal',
  extra: { renderPdf?: (page: 'guide') => Promise<Uint8Array>; devices?: DevicePort; newId?: () => string } = {},
): { host: CounterHost; logs: LogEntry[]; cloud: FakeCloud } {
  let counter = 0;
  const logs: LogEntry[] = [];
  const cloud = new FakeCloud();
  const host = new CounterHost({
    terminalId,
    tenantId: '212113',
    info: { platform: 'browser', version: 'test' },
    newId: () => `visit-${++counter}`,
    now: () => new Date('2026-11-27T00:00:00.000Z'),
    cloud,
    log: (entry) => logs.push(entry),
    ...extra,
  });
  return { host, logs, cloud };
}

let requestCounter = 0;
/** A valid, unique idempotency key. */
export function requestId(): string {
  requestCounter += 1;
  return `00000000-0000-4000-8000-${requestCounter.toString().padStart(12, '0')}`;
}

/** Signs the host in through the contract, as the staff window would. */
export async function signIn(host: CounterHost): Promise<void> {
  const result = await host.invoke('staff', 'signIn', { requestId: requestId(), loginId: 'counter', password: FAKE_PASSWORD, secondFactor: { kind: 'card', uid: '04A1B2C3D4E5F6' } });
  if (!result.ok) throw new Error(`sign-in failed: ${JSON.stringify(result.error)}`);
}

/**
 * A scripted device port: a My Number card for the fake household's head (PIN 1234, 3 tries), a residence
 * card AB12345678CD, a staff card. `nextFailure` makes the next read fail with that DeviceError.
 */
export class FakeDevices implements DevicePort {
  triesLeft = 3;
  nextFailure: DeviceError | null = null;
  readonly pinsTried: string[] = [];
  private readonly changeListeners = new Set<(view: DevicesView) => void>();
  private readonly scanListeners = new Set<(scan: ScanResult) => void>();
  view: DevicesView = {
    cardReader: { status: 'ready', driver: 'fake', reader: 'Fake Reader 00', card: 'mynumber' },
    scanner: { status: 'ready', driver: 'fake', wedgeLayout: 'jis', hotplug: null },
    printer: { status: 'ready', driver: 'fake', address: 'fake://printer', unknownJobs: 0 },
    simulator: null,
    lastError: null,
  };
  snapshot = () => structuredClone(this.view);
  refreshes = 0;
  refresh = async () => (this.refreshes++, this.snapshot());
  onChange = (listener: (view: DevicesView) => void) => (this.changeListeners.add(listener), () => void this.changeListeners.delete(listener));
  onScan = (listener: (scan: ScanResult) => void) => (this.scanListeners.add(listener), () => void this.scanListeners.delete(listener));
  change(patch: Partial<DevicesView>): void {
    this.view = { ...this.view, ...patch };
    for (const listener of this.changeListeners) listener(this.snapshot());
  }
  scan(result: ScanResult): void {
    for (const listener of this.scanListeners) listener(result);
  }
  private failIfScripted(): void {
    const failure = this.nextFailure;
    this.nextFailure = null;
    if (failure) throw failure;
  }
  pinTriesLeft = async () => ({ triesLeft: this.triesLeft, locked: this.triesLeft === 0 });
  readMyNumberCard = async (pin: string): Promise<IdentityRead> => {
    this.failIfScripted();
    if (this.triesLeft === 0) throw new DeviceError('pin_locked');
    this.pinsTried.push(pin);
    if (pin !== '1234') {
      this.triesLeft -= 1;
      throw this.triesLeft === 0 ? new DeviceError('pin_locked') : new DeviceError('pin_wrong', { triesLeft: this.triesLeft });
    }
    this.triesLeft = 3;
    const head = fakeHousehold().members[0]!;
    return { source: 'mynumber_card', name: head.name, alphabetName: null, birthDate: head.birthDate, sex: 1, address: '岐阜県美濃加茂市太田町1-1', signature: null };
  };
  /** What the residence card's signature check says (a test sets 'invalid' for an altered card). */
  residenceSignature: 'valid' | 'invalid' | 'untrusted-issuer' = 'valid';
  readResidenceCard = async (cardNumber: string): Promise<IdentityRead> => {
    this.failIfScripted();
    if (cardNumber !== 'AB12345678CD') throw new DeviceError('card_number_mismatch');
    return { source: 'residence_card', name: null, alphabetName: null, birthDate: '1991-05-01', sex: 1, address: null, signature: this.residenceSignature, residenceCardNumber: cardNumber, images: this.cardImages };
  };
  /** The residence card's pictures as the station hands them over (1×1 PNGs). */
  readonly cardImages = {
    generation: 2 as const,
    face: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
    name: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAG7buVgAAAABJRU5ErkJggg==',
    address: null,
    front: null,
  };
  testCardRead = async () => ({ kind: 'mynumber' as const, atr: '3B888001', pinTriesLeft: this.triesLeft });
  /** The head's card carries this 個人番号 (a valid synthetic number). */
  readonly individualNumber = '123456789018';
  readIndividualNumber = async (pin: string) => ({ identity: await this.readMyNumberCard(pin), individualNumber: this.individualNumber });
  readStaffCardUid = async () => {
    this.failIfScripted();
    return '04A1B2C3D4E5F6';
  };
  parseScan = (text: string): ScanResult => {
    if (text.startsWith('MDG1-')) return { kind: 'pre_application', applicationId: text.split('-')[1]! };
    if (text.startsWith('P<')) return { kind: 'identity', identity: { source: 'passport_mrz', name: null, alphabetName: 'YAMADA ICHIRO', birthDate: '1991-05-01', sex: 1, address: null, signature: null } };
    throw new DeviceError('scan_garbled');
  };
  readonly jobs = new Map<string, PrintJobSummary & { markup: string }>();
  print = async (request: PrintRequest): Promise<PrintJobSummary> => {
    const job = this.jobs.get(request.jobId) ?? { jobId: request.jobId, kind: request.kind, number: request.number, state: 'CONFIRMED' as const, reprintOf: null, warnings: [], error: null, markup: request.markup };
    this.jobs.set(request.jobId, job);
    return job;
  };
  reprint = async (originalJobId: string, newJobId: string): Promise<PrintJobSummary> => {
    const original = this.jobs.get(originalJobId);
    if (!original) throw new DeviceError('printer_error', { reason: 'not_reprintable' });
    const job = { ...original, jobId: newJobId, reprintOf: originalJobId, markup: `再発行 / REPRINT\n${original.markup}` };
    this.jobs.set(newJobId, job);
    return job;
  };
  printJob = (jobId: string) => this.jobs.get(jobId) ?? null;
  close = async () => {};
}
