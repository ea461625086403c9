import { handle } from './handler';

export const securityEventHandlers = [
  // outside: a read of the backend's list for the supervisor's screen; nothing in the session. The backend
  // decides who may see it (supervisor, tenant admin): a clerk's call is refused there, not guessed here.
  handle('listSecurityEvents', {
    queue: 'outside',
    needs: ['staff'],
    run: async ({ before }, ctx) => ({ ok: true, value: await ctx.cloud.securityEvents(before) }),
  }),
];
