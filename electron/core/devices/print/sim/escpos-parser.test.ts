import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { buildFeeReceipt, buildQueueTicket, renderEscPos } from '../receipt';
import { EscPosParser, type EscPosCommand } from './escpos-parser';
import { sampleReceipt, sampleTicket } from './fixtures';
import { PaperModel, decodeCode128 } from './paper-model';

function parseAll(bytes: Uint8Array, chunkSizes: number[] = [bytes.length]): EscPosCommand[] {
  const parser = new EscPosParser();
  const out: EscPosCommand[] = [];
  let off = 0;
  for (let i = 0; off < bytes.length; i++) {
    const size = Math.max(1, chunkSizes[i % chunkSizes.length] as number);
    out.push(...parser.push(bytes.subarray(off, off + size)));
    off += size;
  }
  return out;
}

/** Text runs may split at chunk boundaries; join adjacent runs to compare streams. */
function normalise(cmds: EscPosCommand[]): EscPosCommand[] {
  const out: EscPosCommand[] = [];
  for (const c of cmds) {
    const last = out[out.length - 1];
    if (c.op === 'text' && last?.op === 'text') out[out.length - 1] = { op: 'text', bytes: Uint8Array.from([...last.bytes, ...c.bytes]) };
    else out.push(c);
  }
  return out;
}

function paperOf(bytes: Uint8Array): PaperModel {
  const paper = new PaperModel();
  for (const cmd of parseAll(bytes)) paper.apply(cmd);
  paper.flush();
  return paper;
}

const b = (...parts: (number | string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

const KNOWN_OPS = new Set<string>([
  'text', 'lf', 'cr', 'ht', 'init', 'codepage', 'intl', 'kanji-code-system', 'kanji-on', 'kanji-off', 'kanji-print-mode', 'print-mode', 'char-size',
  'align', 'abs-pos', 'rel-pos', 'left-margin', 'area-width', 'right-spacing', 'kanji-spacing', 'feed', 'raster', 'graphics-store', 'graphics-print',
  'barcode', 'qr-store', 'qr-print', 'qr-setting', 'cut', 'asb', 'status-request', 'printer-id', 'process-id', 'rt-status', 'rt-recover', 'rt-other',
  'ignored', 'garbage', 'oversize',
]);

describe('escpos-parser and paper model', () => {
  it('decodes a receiptline receipt: Shift_JIS text lines, raster blocks, the barcode, the cut', () => {
    const doc = buildFeeReceipt(sampleReceipt('vi'));
    const paper = paperOf(renderEscPos(doc.markup));
    const text = paper.lines.flatMap((l) => (l.kind === 'text' ? [l.text] : []));
    assert.ok(text.some((l) => l.includes('領') && l.includes('収') && l.includes('書')));
    assert.ok(text.some((l) => /受付番号\s+2026-000123/.test(l)));
    assert.ok(text.some((l) => /合計\s+900円/.test(l)));
    assert.ok(!text.join('\n').includes('Biên'), 'Vietnamese never reaches the printer font');
    const rasters = paper.lines.filter((l) => l.kind === 'raster');
    assert.equal(rasters.length, doc.blocks.filter((x) => x.path === 'raster').length);
    for (const r of rasters) assert.equal(r.kind === 'raster' && r.width, 576);
    assert.deepEqual(paper.lines.filter((l) => l.kind === 'barcode'), [{ kind: 'barcode', symbology: 'CODE128', data: '2026-000123' }]);
    assert.deepEqual(paper.lines.at(-1), { kind: 'cut' });
  });

  it('the ticket\'s QR (receiptline draws it as a graphic) is a square raster, the number is 4×4 text', () => {
    const paper = paperOf(renderEscPos(buildQueueTicket(sampleTicket()).markup));
    const big = paper.lines.find((l) => l.kind === 'text' && l.text.replace(/\s/g, '') === 'A-023');
    assert.ok(big && big.kind === 'text' && big.widthScale === 4 && big.heightScale === 4);
    const squares = paper.rasters.filter((r) => r.width === r.height && r.width < 576);
    assert.equal(squares.length, 1);
  });

  it('the same commands whatever the chunking (byte by byte, odd sizes)', () => {
    const bytes = renderEscPos(buildFeeReceipt(sampleReceipt('ne')).markup);
    const whole = normalise(parseAll(bytes));
    assert.deepEqual(normalise(parseAll(bytes, [1])), whole);
    assert.deepEqual(normalise(parseAll(bytes, [7, 3, 4096, 1, 13])), whole);
  });

  it('raster commands: GS v 0, ESC *, GS ( L store + print, GS 8 L', () => {
    const rows = [0xff, 0x00, 0x81, 0x7e];
    const paper = paperOf(
      b(
        [0x1d, 0x76, 0x30, 0, 1, 0, 4, 0], rows, // GS v 0: 8×4
        [0x1b, 0x2a, 0, 2, 0, 0x80, 0x01], // ESC * m=0: 2 columns × 8 dots
        [0x1d, 0x28, 0x4c, 14, 0, 48, 112, 48, 1, 1, 49, 8, 0, 4, 0], rows, [0x1d, 0x28, 0x4c, 2, 0, 48, 50],
        [0x1d, 0x38, 0x4c, 14, 0, 0, 0, 48, 112, 48, 1, 1, 49, 8, 0, 4, 0], rows, [0x1d, 0x28, 0x4c, 2, 0, 48, 2],
      ),
    );
    assert.deepEqual(paper.rasters.map((r) => [r.source, r.width, r.height]), [['GS v 0', 8, 4], ['ESC *', 2, 8], ['GS ( L', 8, 4], ['GS 8 L', 8, 4]]);
    assert.deepEqual([...(paper.rasters[0]?.bits ?? [])], rows);
    assert.deepEqual([...(paper.rasters[1]?.bits ?? [])], [0x80, 0, 0, 0, 0, 0, 0, 0x40]);
  });

  it('text: JIS kanji mode (FS &), half-width katakana, ¥ under ESC R 8, sizes, alignment', () => {
    const jis = iconv.encode('住民', 'eucjp').map((x) => x & 0x7f);
    const paper = paperOf(
      b([0x1c, 0x43, 0x30, 0x1c, 0x26], [...jis], [0x1c, 0x2e], 'A', 0x0a, // JIS code system, kanji on/off
        [0x1b, 0x74, 0x01], [0xb1, 0xb2], 0x0a, // ESC t 1: katakana page
        [0x1b, 0x52, 0x08], '\\100~', 0x0a, // Japan: 0x5C = ¥, 0x7E = ‾
        [0x1d, 0x21, 0x11], 'W', [0x1d, 0x21, 0x00], 0x0a,
        [0x1b, 0x61, 0x01], 'mid', 0x0a,
      ),
    );
    assert.deepEqual(paper.lines.map((l) => (l.kind === 'text' ? l.text.trim() : l.kind)), ['住民A', 'ｱｲ', '¥100‾', 'W', 'mid']);
    const w = paper.lines[3];
    assert.ok(w?.kind === 'text' && w.widthScale === 2 && w.heightScale === 2);
    const mid = paper.lines[4];
    assert.ok(mid?.kind === 'text' && mid.text.startsWith(' '.repeat(20)));
  });

  it('barcodes and QR as placeholders with their data; GS ( H and status commands are recognised', () => {
    const qr = Buffer.from('tk_opaque');
    const cmds = parseAll(
      b(
        [0x1d, 0x6b, 73, 13, 0x7b, 0x42], '2026-000123', // GS k CODE128 {B
        [0x1d, 0x6b, 4], 'ABC', 0, // GS k m=4 CODE39, NUL-terminated
        [0x1d, 0x28, 0x6b, qr.length + 3, 0, 49, 80, 48], [...qr], [0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48],
        [0x1d, 0x28, 0x48, 6, 0, 48, 48], 'JOB1',
        [0x10, 0x04, 0x02, 0x1d, 0x61, 0xff, 0x1d, 0x72, 0x31, 0x10, 0x05, 0x02],
      ),
    );
    const paper = new PaperModel();
    for (const c of cmds) paper.apply(c);
    assert.deepEqual(paper.lines, [
      { kind: 'barcode', symbology: 'CODE128', data: '2026-000123' },
      { kind: 'barcode', symbology: 'CODE39', data: 'ABC' },
      { kind: 'qr', data: 'tk_opaque' },
    ]);
    assert.deepEqual(cmds.slice(-5).map((c) => c.op), ['process-id', 'rt-status', 'asb', 'status-request', 'rt-recover']);
    assert.equal(decodeCode128(Uint8Array.from([0x7b, 0x43, 20, 26, 0x7b, 0x42, 0x2d])), '2026-');
  });

  it('a command announcing more data than the limit is reported and skipped, and parsing goes on after it', () => {
    const parser = new EscPosParser(1000);
    const huge = b([0x1d, 0x76, 0x30, 0, 100, 0, 100, 0]); // 100 × 100 = 10,000 bytes of raster
    const out = [...parser.push(huge), ...parser.push(new Uint8Array(6000)), ...parser.push(new Uint8Array(4000)), ...parser.push(b('ok', 0x0a))];
    assert.deepEqual(out[0], { op: 'oversize', name: 'GS v 0', bytes: 10_008 });
    assert.deepEqual(out.slice(1).map((c) => c.op), ['text', 'lf']);
    assert.ok(parser.pendingBytes < 1000);
  });

  it('property: random bytes in random chunks give only known commands; memory stays bounded; the paper model never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }), (bytes, sizes) => {
        const parser = new EscPosParser(4096);
        const paper = new PaperModel();
        let off = 0;
        for (let i = 0; off < bytes.length; i++) {
          const size = sizes[i % sizes.length] as number;
          for (const cmd of parser.push(bytes.subarray(off, off + size))) {
            assert.ok(KNOWN_OPS.has(cmd.op), cmd.op);
            paper.apply(cmd);
          }
          off += size;
          assert.ok(parser.pendingBytes <= 4096 + 64);
        }
        paper.flush();
        assert.equal(typeof paper.toText(), 'string');
      }),
      { numRuns: 3000 },
    );
  });

  it('property: garbage spliced into a real receipt never throws, and the paper renders', () => {
    const receipt = renderEscPos(buildFeeReceipt(sampleReceipt('en')).markup);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: receipt.length }), fc.uint8Array({ maxLength: 40 }), (at, junk) => {
        const bytes = Buffer.concat([receipt.subarray(0, at), junk, receipt.subarray(at)]);
        const paper = paperOf(bytes);
        assert.ok(paper.lines.length >= 0);
      }),
      { numRuns: 2000 },
    );
  });
});
