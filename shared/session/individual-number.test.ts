import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { individualNumberNeeds, membersToRead } from './individual-number';

const member = (residentId: string, hasMyNumberCard: boolean) => ({ residentId, hasMyNumberCard }) as never;
const line = (procedureId: string, residentId: string | null, extra: { included?: boolean; needsIndividualNumber?: boolean } = {}) => ({
  procedureId,
  residentId,
  included: extra.included ?? true,
  needsIndividualNumber: extra.needsIndividualNumber ?? true,
});

describe('individualNumberNeeds', () => {
  const household = { members: [member('father', true), member('mother', false), member('child', false)] };
  const procedures = [
    line('national_health_insurance_join', 'father'),
    line('national_health_insurance_join', 'mother'),
    line('national_pension', 'father'),
    line('child_allowance', 'child', { included: false }),
    line('moving_in', 'father', { needsIndividualNumber: false }),
    line('waste_collection', null),
  ];

  it('asks for a read only from members who hold a My Number card; the others are forms without the number', () => {
    const needs = individualNumberNeeds({ household, procedures, individualNumberRead: [] });
    assert.deepEqual(
      needs.map((n) => `${n.procedureId}:${n.residentId}:${n.state}`),
      ['national_health_insurance_join:father:to_read', 'national_health_insurance_join:mother:no_card', 'national_pension:father:to_read'],
    );
    assert.deepEqual(membersToRead({ household, procedures, individualNumberRead: [] }), ['father']);
  });

  it('a read member is read for every form of theirs, and no one is left to ask', () => {
    const visit = { household, procedures, individualNumberRead: ['father'] };
    assert.deepEqual(individualNumberNeeds(visit).filter((n) => n.residentId === 'father').map((n) => n.state), ['read', 'read']);
    assert.deepEqual(membersToRead(visit), []);
  });
});
