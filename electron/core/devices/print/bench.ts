import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { printFontCoverage } from './fonts';
import { framedJob, printJob, type PrintResult } from './printer';
import { buildFeeReceipt, renderEscPos } from './receipt';
import { EscPosEmulator } from './sim/escpos-emulator';
import { RESIDENT_LINES, sampleReceipt, type SampleLanguage } from './sim/fixtures';
import { parsePrinterAddress } from './transport';

/**
 * Receipt printing benchmark (not a test): prints one bilingual receipt to the emulator on 127.0.0.1 N times,
 * one connection per job as in production, and prints JSON with the time from the print command (first job
 * byte written) to the printer's completion reply (GS r 1), and the bytes per job.
 *
 *   tsx electron/core/devices/print/bench.ts [--runs 20] [--lang vi] [--completion-delay-ms 0]
 *
 * The emulator prints instantly unless --completion-delay-ms is given, so the numbers measure our side
 * (framing, link, status protocol), not a print head. Runs are capped at 200 and each job at 10 s.
 */

const MAX_RUNS = 200;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

const round = (n: number) => Math.round(n * 100) / 100;

function summary(values: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? NaN) };
}

export async function runBench(options: { runs: number; lang: SampleLanguage; completionDelayMs: number }): Promise<Record<string, unknown>> {
  const runs = Math.max(1, Math.min(MAX_RUNS, Math.floor(options.runs)));
  const renderStart = performance.now();
  const doc = buildFeeReceipt(sampleReceipt(options.lang));
  const bytes = renderEscPos(doc.markup);
  const renderMs = performance.now() - renderStart;
  const emulator = await EscPosEmulator.start({ completionDelayMs: options.completionDelayMs });
  const results: PrintResult[] = [];
  try {
    const address = parsePrinterAddress(emulator.url);
    for (let i = 0; i < runs; i++) {
      results.push(await printJob(address, bytes, { statusTimeoutMs: 2000, asbTimeoutMs: 2000, completionTimeoutMs: 10_000 }));
    }
  } finally {
    await emulator.close();
  }
  const confirmed = results.filter((r) => r.outcome === 'confirmed');
  return {
    bench: 'print',
    printer: 'emulator (127.0.0.1, instant mechanism unless completionDelayMs)',
    lang: options.lang,
    runs,
    confirmed: confirmed.length,
    completionDelayMs: options.completionDelayMs,
    bytesPerJob: framedJob(bytes).length,
    rasterBlocks: doc.blocks.filter((b) => b.path === 'raster').length,
    firstRenderMs: round(renderMs),
    printToCompletionMs: summary(confirmed.map((r) => r.timings.completionMs ?? NaN)),
    totalPerJobMs: summary(confirmed.map((r) => r.timings.totalMs)),
    fonts: printFontCoverage([options.lang, 'ja']),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '20' }, lang: { type: 'string', default: 'vi' }, 'completion-delay-ms': { type: 'string', default: '0' } },
  });
  const lang = values.lang as SampleLanguage;
  if (!(lang in RESIDENT_LINES)) throw new Error(`--lang must be one of ${Object.keys(RESIDENT_LINES).join(', ')}`);
  const report = await runBench({ runs: Number(values.runs), lang, completionDelayMs: Number(values['completion-delay-ms']) });
  console.log(JSON.stringify(report, null, 2));
  if (report.confirmed !== report.runs) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
