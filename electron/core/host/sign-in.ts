import { handle, noDevice } from './handler';

/** The clerk's sign-in to the cloud backend. The password and second factor pass through; nothing keeps them. */
export const signInHandlers = [
  // hold: the staff card read and the login are awaited in the queue, so no command runs on a half-signed-in counter.
  handle('signIn', {
    queue: 'hold',
    device: 'cardReader',
    run: async ({ loginId, password, secondFactor: given }, ctx) => {
      let secondFactor;
      if (given.kind === 'cardReader') {
        // The staff IC card on the counter's reader: its UID is the second factor (never shown or logged).
        if (!ctx.devices) return noDevice('cardReader');
        secondFactor = { kind: 'card' as const, uid: await ctx.devices.readStaffCardUid() };
      } else secondFactor = given;
      const answer = await ctx.cloud.login({ tenantId: ctx.tenantId, terminalId: ctx.terminalId, loginId, password, secondFactor });
      const { staffId, displayName, role, tenantId } = answer.staff;
      const result = ctx.store.apply({ type: 'signedIn', staff: { staffId, displayName, role, tenantId, tenantName: answer.tenant.nameJa } });
      // After an expired sign-in an open visit goes on only under the clerk who began it (the reducer's rule):
      // another clerk's fresh backend session is dropped at once.
      if (!result.ok && result.error.code === 'staff_mismatch') ctx.cloud.signOut();
      return result;
    },
  }),
  // hold: the reducer decides from the visit whether the clerk may leave.
  handle('signOut', {
    queue: 'hold',
    run: (_input, ctx) => {
      const result = ctx.store.apply({ type: 'signedOut' });
      if (result.ok) ctx.cloud.signOut();
      return result;
    },
  }),
];
