import type { CustomerView } from '../../../shared/contract';

type Procedure = Extract<CustomerView, { mode: 'visit' }>['procedures'][number];

/** One procedure as the resident reads it: the members it is for (null = the whole household) and its deadlines. */
export interface ProcedureGroup {
  procedureId: string;
  department: string;
  members: (number | null)[];
  deadlines: string[];
}

/**
 * One card per procedure with its members listed, not one per person per procedure: a family of five moving in
 * has 23 procedure lines but 7 procedures. Order of first appearance is kept (the catalog's order).
 */
export function groupProcedures(procedures: readonly Procedure[]): ProcedureGroup[] {
  const groups = new Map<string, ProcedureGroup>();
  for (const line of procedures) {
    let group = groups.get(line.procedureId);
    if (!group) {
      group = { procedureId: line.procedureId, department: line.department, members: [], deadlines: [] };
      groups.set(line.procedureId, group);
    }
    if (!group.members.includes(line.member)) group.members.push(line.member);
    if (line.deadline && !group.deadlines.includes(line.deadline)) group.deadlines.push(line.deadline);
  }
  for (const group of groups.values()) group.deadlines.sort();
  return [...groups.values()];
}
