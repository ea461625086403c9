/**
 * Benchmark, not a test: reads the virtual My Number card through the real PC/SC stack (pcsc.ts → pcscd →
 * vpcd → the card in a worker thread) N times and prints JSON: APDUs per read and time per read.
 *
 *   tsx electron/core/devices/card/bench.ts [--reads 20] [--number] [--port 35963]
 *
 * --number also reads the 個人番号 (two more APDUs: SELECT EF 0001 and one READ BINARY). Needs pcscd with
 * vsmartcard-vpcd (scripts/ci-pcscd.sh). The card is synthetic; nothing read is printed.
 * Times through vpcd are dominated by its TCP round trips, not by the card code: compare runs, not readers.
 */
import { parseArgs } from 'node:util';
import { isDeviceError } from '../../../../shared/devices/errors';
import { readMyNumberCard } from './mynumber';
import { PcscDriver } from './pcsc';
import { VpcdCardThread } from './sim/card-thread';
import { SYNTHETIC_MYNUMBER_HOLDER } from './sim/virtual-mynumber-card';
import { isVpcdReader, VPCD_DEFAULT_PORT } from './sim/vpcd-link';

const MAX_READS = 500;
const DEADLINE_MS = 5 * 60_000;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

function summary(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? 0) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      reads: { type: 'string', default: '20' },
      number: { type: 'boolean', default: false },
      port: { type: 'string', default: String(VPCD_DEFAULT_PORT) },
    },
  });
  const reads = Number(values.reads);
  const port = Number(values.port);
  if (!Number.isInteger(reads) || reads < 1 || reads > MAX_READS) {
    console.error(`--reads must be 1..${MAX_READS}`);
    return 2;
  }
  const deadline = Date.now() + DEADLINE_MS;

  let driver: PcscDriver | undefined;
  let card: VpcdCardThread | undefined;
  let reader: string | undefined;
  try {
    driver = PcscDriver.open();
    card = await VpcdCardThread.start({ kind: 'mynumber' }, { port });
    await card.insert();
    ({ reader } = await driver.waitForCard({ reader: (name) => isVpcdReader(name, port), atr: card.atr }, 10_000));

    const cycleMs: number[] = [];
    const readMs: number[] = [];
    const apdus: number[] = [];
    let protocol = '';
    for (let i = 0; i < reads && Date.now() < deadline; i++) {
      const before = (await card.stats()).commandCount;
      const started = performance.now();
      const connection = await driver.connect(reader);
      protocol = connection.protocol;
      try {
        const readStarted = performance.now();
        await readMyNumberCard(connection, { pin: SYNTHETIC_MYNUMBER_HOLDER.pin, individualNumber: values.number });
        readMs.push(performance.now() - readStarted);
      } finally {
        await connection.disconnect();
      }
      cycleMs.push(performance.now() - started);
      apdus.push((await card.stats()).commandCount - before);
    }
    const perRead = [...new Set(apdus)];
    console.log(
      JSON.stringify(
        {
          bench: 'card:mynumber-text-ap',
          stack: 'pcsc.ts → pcscd → vpcd → virtual card',
          reader,
          protocol,
          individualNumber: values.number,
          reads: readMs.length,
          apdusPerRead: perRead.length === 1 ? perRead[0] : perRead,
          readMs: summary(readMs),
          connectReadDisconnectMs: summary(cycleMs),
        },
        null,
        2,
      ),
    );
    return readMs.length === reads ? 0 : 1;
  } catch (error) {
    console.log(JSON.stringify({ bench: 'card:mynumber-text-ap', error: isDeviceError(error) ? error.message : 'unexpected failure' }));
    return 1;
  } finally {
    await card?.close();
    if (reader && driver) await driver.waitForRemoval(reader, 5_000).catch(() => undefined);
    await driver?.close();
  }
}

process.exitCode = await main();
