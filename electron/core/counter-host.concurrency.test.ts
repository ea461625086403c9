import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CustomerView, HostResult, StaffView } from '../../shared/contract';
import { FakeDevices, type FakeCloud, fakeHousehold, otherHousehold, requestId, signIn, testHost } from './test-support';

/**
 * Invariant 6: commands that read and then write the session run one at a time. Whatever the timing of the
 * backend's and the card reader's answers, and whatever order the calls arrive in, a burst of commands must
 * end exactly as the same commands would, run one by one in SOME order: the same staff view, the same answer
 * to each command and the same submissions at the backend. And every push a window gets is newer than the last.
 */

interface Command {
  label: string;
  role: 'staff' | 'customer';
  channel: string;
  input?: Record<string, unknown>;
}
interface Scenario {
  name: string;
  devices?: boolean;
  /** Run one by one, untimed, before the race. */
  setup: Command[];
  /** Raced. */
  race: Command[];
}

const staff = (channel: string, input?: Record<string, unknown>, label = channel): Command => ({ label, role: 'staff', channel, ...(input ? { input } : {}) });
const customer = (channel: string, input?: Record<string, unknown>, label = channel): Command => ({ label, role: 'customer', channel, ...(input ? { input } : {}) });

const head = fakeHousehold().members[0]!.residentId;
const MOVING_IN = { lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町2-2', previousAddress: '浜松市' } };
const HEAD_DIED = { lifeEvent: 'death', details: { eventDate: '2026-11-20', newAddress: '', previousAddress: '', deceasedResidentId: head } };
const DROP_PENSION = { procedureId: 'national_pension', residentId: head, included: false, note: '本人が後日手続き' };
const TO_REVIEW = [staff('startVisit'), staff('selectHousehold', { householdId: fakeHousehold().householdId }), staff('nextStep'), staff('chooseLifeEvent', MOVING_IN), staff('nextStep'), staff('nextStep')];

const SCENARIOS: Scenario[] = [
  {
    name: 'another household chosen while the life event is judged',
    setup: [staff('startVisit'), staff('selectHousehold', { householdId: fakeHousehold().householdId })],
    race: [staff('chooseLifeEvent', MOVING_IN, 'judge moving in'), staff('selectHousehold', { householdId: otherHousehold().householdId }), staff('chooseLifeEvent', HEAD_DIED, 'judge death')],
  },
  {
    name: 'two confirmations from the resident racing a procedure change and the next step',
    setup: TO_REVIEW,
    race: [customer('confirm', undefined, 'confirm 1'), customer('confirm', undefined, 'confirm 2'), staff('setProcedure', DROP_PENSION), staff('nextStep')],
  },
  {
    name: 'the signature racing a procedure change and the submission',
    setup: [...TO_REVIEW, customer('confirm'), staff('nextStep')],
    race: [customer('sign', { svg: 'M 0 0 L 10 10' }), staff('setProcedure', DROP_PENSION), staff('submitVisit')],
  },
  {
    name: 'a card read (PIN) racing the household choice and the next step',
    devices: true,
    setup: [staff('startVisit')],
    race: [staff('readMyNumberCard', { pin: '1234' }), staff('selectHousehold', { householdId: fakeHousehold().householdId }), staff('nextStep')],
  },
];

function invoke(host: ReturnType<typeof testHost>['host'], command: Command): Promise<HostResult<unknown>> {
  return host.invoke(command.role, command.channel, { requestId: requestId(), ...command.input });
}

async function prepared(scenario: Scenario) {
  const devices = new FakeDevices();
  const { host, cloud } = testHost('test-terminal', scenario.devices ? { devices } : {});
  await signIn(host);
  for (const command of scenario.setup) {
    const answer = await invoke(host, command);
    assert.ok(answer.ok, `setup ${command.label}: ${JSON.stringify(answer)}`);
  }
  return { host, cloud, devices };
}

/** What a run ended with, as text with sorted keys: the staff view, each command's answer, what the backend got. */
async function outcome(host: ReturnType<typeof testHost>['host'], cloud: FakeCloud, race: Command[], answers: HostResult<unknown>[]): Promise<string> {
  const view = (await host.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView };
  const answered = Object.fromEntries(race.map((command, i) => [command.label, answers[i]!.ok ? 'ok' : answers[i]!.error.code]));
  return JSON.stringify({ view: view.value, answered, submissions: [...cloud.submissions.values()] }, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value,
  );
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** Every outcome the race may have: its commands run one by one, in each order, on fresh hosts. */
async function serialOutcomes(scenario: Scenario): Promise<Set<string>> {
  const outcomes = new Set<string>();
  for (const order of permutations(scenario.race.map((_, i) => i))) {
    const { host, cloud } = await prepared(scenario);
    const answers: HostResult<unknown>[] = [];
    for (const i of order) answers[i] = await invoke(host, scenario.race[i]!);
    outcomes.add(await outcome(host, cloud, scenario.race, answers));
  }
  return outcomes;
}

/** The backend's and the card reader's answers arrive when the scheduler says. */
function timedBy(s: fc.Scheduler, cloud: FakeCloud, devices: FakeDevices): void {
  for (const name of ['household', 'catalog', 'createVisit', 'submit', 'searchResidents', 'searchByResidenceCard'] as const) {
    const untimed = cloud[name] as (...args: unknown[]) => Promise<unknown>;
    (cloud as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => s.schedule(untimed(...args), name);
  }
  const read = devices.readMyNumberCard;
  devices.readMyNumberCard = (pin) => s.schedule(read(pin), 'readMyNumberCard');
}

describe('CounterHost under concurrent commands', () => {
  for (const scenario of SCENARIOS) {
    it(`ends as some serial order would: ${scenario.name}`, async () => {
      const serial = await serialOutcomes(scenario);
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), async (s) => {
          const { host, cloud, devices } = await prepared(scenario);
          timedBy(s, cloud, devices);
          const revs = { staff: [] as number[], customer: [] as number[] };
          host.subscribe('staff', (event, payload) => event === 'staffViewChanged' && revs.staff.push((payload as StaffView).rev));
          host.subscribe('customer', (event, payload) => event === 'customerViewChanged' && revs.customer.push((payload as CustomerView).rev));
          // Each call arrives when the scheduler lets it: any arrival order, interleaved with the I/O.
          const answers = await s.waitFor(Promise.all(scenario.race.map((command) => s.schedule(Promise.resolve(), `arrive ${command.label}`).then(() => invoke(host, command)))));
          const ended = await outcome(host, cloud, scenario.race, answers);
          assert.ok(serial.has(ended), `no serial order ends like this:\n${ended}\nschedule: ${s.report().map((task) => task.label).join(' → ')}`);
          for (const [role, seen] of Object.entries(revs)) {
            assert.ok(seen.every((rev, i) => i === 0 || rev > seen[i - 1]!), `${role} pushes out of order: ${seen.join(',')}`);
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('drops a card read that finishes after its visit ended: the new visit gets nothing from it', async () => {
    const { host, devices } = await prepared({ name: 'slow card', devices: true, setup: [staff('startVisit')], race: [] });
    const read = devices.readMyNumberCard;
    let finish!: () => void;
    devices.readMyNumberCard = async (pin) => {
      await new Promise<void>((resolve) => (finish = resolve));
      return read(pin);
    };
    const reading = invoke(host, staff('readMyNumberCard', { pin: '1234' }));
    // The clerk ends the visit and starts the next one while the reader still works (the read holds no queue).
    assert.ok((await invoke(host, staff('endVisit'))).ok);
    assert.ok((await invoke(host, staff('startVisit'))).ok);
    finish();
    const answer = await reading;
    assert.equal(!answer.ok && answer.error.code, 'invalid_state');
    const view = (await host.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView };
    assert.equal(view.value.visit?.visitId, 'visit-2');
    assert.equal(view.value.visit?.identification, null);
  });
});
