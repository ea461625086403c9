import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupProcedures } from './procedure-groups';

const line = (procedureId: string, member: number | null, deadline: string | null = '2026-12-11') => ({ procedureId, member, department: '市民課', deadline, feeYen: 0 });

describe('procedure groups on the customer display', () => {
  it('makes one group per procedure with every member listed once, in order', () => {
    const groups = groupProcedures([line('moving_in_notification', 0), line('moving_in_notification', 1), line('child_allowance', null, null), line('moving_in_notification', 1)]);
    assert.deepEqual(groups, [
      { procedureId: 'moving_in_notification', department: '市民課', members: [0, 1], deadlines: ['2026-12-11'] },
      { procedureId: 'child_allowance', department: '市民課', members: [null], deadlines: [] },
    ]);
  });

  it('keeps different deadlines of one procedure, earliest first', () => {
    assert.deepEqual(groupProcedures([line('school_transfer', 0, '2026-12-20'), line('school_transfer', 1, '2026-12-01')])[0]?.deadlines, ['2026-12-01', '2026-12-20']);
  });
});
