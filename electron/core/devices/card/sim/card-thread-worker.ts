/**
 * Worker side of VpcdCardThread: builds the card from its spec, keeps it on the vpcd reader, and answers the
 * main thread's requests. The card answers vpcd from here, whatever the main thread is blocked in.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DeviceError } from '../../../../../shared/devices/errors';
import { asDeviceError } from '../device-error';
import type { CardThreadData, CardThreadReply, CardThreadRequest, VirtualCardStats } from './card-thread';
import { VirtualMyNumberCard } from './virtual-mynumber-card';
import { VirtualStaffCard } from './virtual-staff-card';
import { VpcdLink } from './vpcd-link';
import type { VirtualCard } from '../transport';
import { syntheticFirstGenerationCard, syntheticSecondGenerationCard } from '../residence/sim/synthetic-cards';
import { VirtualResidenceCard } from '../residence/sim/virtual-residence-card';

const port = parentPort;
if (!port) throw new DeviceError('card_io', {}, 'card-thread-worker runs only as a worker');

const data = workerData as CardThreadData;
function makeCard(spec: CardThreadData['spec']): VirtualCard {
  switch (spec.kind) {
    case 'mynumber':
      return new VirtualMyNumberCard(spec.options);
    case 'staff':
      return new VirtualStaffCard(spec.options);
    case 'residence': {
      if (spec.cardType === '05' || spec.cardType === '06') return new VirtualResidenceCard(syntheticSecondGenerationCard(spec.cardType, spec.holder).profile);
      return new VirtualResidenceCard(syntheticFirstGenerationCard(spec.cardType).profile);
    }
  }
}
const card = makeCard(data.spec);
const link = new VpcdLink(card, data.link);

function stats(): VirtualCardStats {
  if (card instanceof VirtualMyNumberCard) {
    return {
      commandCount: card.commandCount,
      verifyCount: card.verifyCount,
      retryQueryCount: card.retryQueryCount,
      triesLeft: card.triesLeft,
      resetCount: card.resetCount,
    };
  }
  return { commandCount: card instanceof VirtualStaffCard ? card.commandCount : 0, verifyCount: 0, retryQueryCount: 0, triesLeft: 0, resetCount: 0 };
}

async function handle(request: CardThreadRequest): Promise<VirtualCardStats | undefined> {
  switch (request.op) {
    case 'insert':
      return void (await link.insert());
    case 'remove':
      return void (await link.remove());
    case 'removeAfter':
      return void link.removeAfter(request.count);
    case 'stats':
      return stats();
  }
}

port.on('message', (request: CardThreadRequest) => {
  handle(request).then(
    (value): void => port.postMessage({ id: request.id, ok: true, value } satisfies CardThreadReply),
    (error: unknown): void => {
      const failure = asDeviceError(error);
      port.postMessage({ id: request.id, ok: false, code: failure.code, detail: failure.message } satisfies CardThreadReply);
    },
  );
});

port.postMessage({ atr: card.atr });
