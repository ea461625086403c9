import { proxyNoteMissing } from '../../../shared/api/schemas';
import { hostError } from '../../../shared/contract';
import { handle } from './handler';

/**
 * The resident confirms and signs on the customer screen; a 代筆 is the clerk's, for a resident who cannot
 * sign. hold: each is one reducer action checked against the visit as it is when its turn comes (a procedure
 * change queued before it has already asked for a new confirmation).
 */
export const confirmSignHandlers = [
  handle('confirm', { queue: 'hold', run: (_input, ctx) => ctx.store.apply({ type: 'customerConfirmed', at: ctx.now().toISOString() }) }),
  handle('sign', { queue: 'hold', run: ({ svg }, ctx) => ctx.store.apply({ type: 'signatureCaptured', svg }) }),
  handle('signByProxy', {
    queue: 'hold',
    run: ({ reason, note, writtenName }, ctx) => {
      if (proxyNoteMissing({ reason, note })) return hostError('invalid_input', 'a 代筆 for another reason needs a note saying what it is', { fields: ['note'] });
      return ctx.store.apply({ type: 'signedByProxy', reason, note, writtenName, at: ctx.now().toISOString() });
    },
  }),
];
