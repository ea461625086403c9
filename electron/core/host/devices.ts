import { hostError } from '../../../shared/contract';
import type { DevicesView } from '../../../shared/contract/views';
import { buildQueueTicket, type PrintDocument } from '../devices/print/receipt';
import { handle, type HostContext } from './handler';

/** What the staff window is told when the host drives no devices at all. */
const NO_DEVICES: DevicesView = {
  cardReader: { status: 'disabled', driver: 'none', reader: null, card: 'none' },
  scanner: { status: 'disabled', driver: 'none', wedgeLayout: null, hotplug: null },
  printer: { status: 'disabled', driver: 'none', address: null, unknownJobs: 0 },
  simulator: null,
  lastError: null,
};

/** The diagnostics test slip: the printer's fonts, raster path and cutter, and no personal data at all. */
function testSlip(terminalId: string, issuedAt: string, requestId: string): PrintDocument {
  return buildQueueTicket({
    officeName: '印刷テスト / Test print',
    ticketNumber: 'TEST',
    counterName: terminalId.replace(/[^0-9A-Za-z_-]/g, '-'),
    issuedAt,
    waitingCount: 0,
    statusToken: requestId.replace(/-/g, ''),
    resident: { lang: 'vi', line: 'Kiểm tra máy in — नेपाली — 中文 — 한국어' },
  });
}

/** Device changes go to the staff window as they happen. */
export function relayDeviceChanges(ctx: HostContext): void {
  ctx.devices?.onChange((view) => ctx.store.emit('devicesChanged', view));
}

/** Device status and diagnostics. All outside the queue: none of them reads or writes the session. */
export const deviceHandlers = [
  handle('getDevices', { queue: 'outside', run: (_input, ctx) => ({ ok: true, value: ctx.devices?.snapshot() ?? NO_DEVICES }) }),
  handle('refreshDevices', {
    queue: 'outside',
    needs: ['staff'],
    run: async (_input, ctx) => ({ ok: true, value: ctx.devices ? await ctx.devices.refresh() : NO_DEVICES }),
  }),
  handle('testPrint', {
    queue: 'outside',
    needs: ['staff', 'devices'],
    device: 'printer',
    run: async ({ requestId }, ctx) => {
      const document = testSlip(ctx.terminalId, ctx.now().toISOString(), requestId);
      return { ok: true, value: await ctx.devices.print({ jobId: `test:${requestId}`, kind: 'ticket', number: document.number, markup: document.markup }) };
    },
  }),
  handle('testCardRead', { queue: 'outside', needs: ['devices'], device: 'cardReader', run: async (_input, ctx) => ({ ok: true, value: await ctx.devices.testCardRead() }) }),
  handle('simulateCard', {
    queue: 'outside',
    run: ({ card }, ctx) => {
      const simulator = ctx.devices?.simulator;
      if (!simulator) return hostError('invalid_state', 'this counter has no simulated card reader');
      simulator.putCard(card);
      return { ok: true, value: { rev: ctx.store.state.rev } };
    },
  }),
];
