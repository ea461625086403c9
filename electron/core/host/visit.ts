import { customerView, staffView } from '../../../shared/session/projection';
import { handle } from './handler';

/**
 * The visit itself: snapshots, starting and ending it, moving between steps, undo, the staff note and the
 * resident's language. Each change is one synchronous reducer action, held in the queue so it lands after
 * every command that arrived before it.
 */
export const visitHandlers = [
  // outside: pure reads.
  handle('getHostInfo', { queue: 'outside', run: (_input, ctx) => ({ ok: true, value: ctx.info }) }),
  handle('getStaffSnapshot', { queue: 'outside', run: (_input, ctx) => ({ ok: true, value: staffView(ctx.store.state) }) }),
  handle('getCustomerSnapshot', { queue: 'outside', run: (_input, ctx) => ({ ok: true, value: customerView(ctx.store.state) }) }),

  // hold: one reducer action each (the store drops the last visit's private data when the visit changes).
  handle('startVisit', { queue: 'hold', run: (_input, ctx) => ctx.store.apply({ type: 'startVisit', visitId: ctx.newId(), startedAt: ctx.now().toISOString() }) }),
  handle('endVisit', { queue: 'hold', run: (_input, ctx) => ctx.store.apply({ type: 'endVisit' }) }),
  handle('nextStep', { queue: 'hold', run: (_input, ctx) => ctx.store.apply({ type: 'nextStep' }) }),
  handle('previousStep', { queue: 'hold', run: (_input, ctx) => ctx.store.apply({ type: 'previousStep' }) }),
  handle('undo', { queue: 'hold', run: (_input, ctx) => ctx.store.apply({ type: 'undo' }) }),
  handle('setStaffNote', { queue: 'hold', run: ({ text }, ctx) => ctx.store.apply({ type: 'setStaffNote', text }) }),
  handle('setCustomerLanguage', { queue: 'hold', run: ({ language }, ctx) => ctx.store.apply({ type: 'setCustomerLanguage', language }) }),
  // The resident's own pick on the customer screen: the same change as the clerk's.
  handle('chooseLanguage', { queue: 'hold', run: ({ language }, ctx) => ctx.store.apply({ type: 'setCustomerLanguage', language }) }),
];
