import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { transform } from 'receiptline';
import {
  buildFeeReceipt,
  buildQueueTicket,
  escapeMarkup,
  formatIssuedAt,
  renderEscPos,
  renderPreviewSvg,
  renderText,
  withReprintMark,
  type QueueTicketInput,
} from './receipt';
import { sampleReceipt, sampleTicket } from './sim/fixtures';

const rasterTexts = (blocks: ReturnType<typeof buildFeeReceipt>['blocks']) => blocks.filter((b) => b.path === 'raster').map((b) => b.text);
const textTexts = (blocks: ReturnType<typeof buildFeeReceipt>['blocks']) => blocks.filter((b) => b.path === 'text').map((b) => b.text);

describe('receipt: receiptline documents', () => {
  it('ja + vi: Japanese lines in the printer font, Vietnamese lines as raster', () => {
    const doc = buildFeeReceipt(sampleReceipt('vi'));
    assert.deepEqual(rasterTexts(doc.blocks), ['Biên lai lệ phí', 'Bản sao phiếu cư trú', 'Giấy chứng nhận đăng ký con dấu', 'Tổng cộng', 'Xin cảm ơn. Vui lòng giữ biên lai này.']);
    const text = textTexts(doc.blocks);
    for (const ja of ['領収書', '架空市 市民課', '受付番号 2026-000123', '住民票の写し ×2 600円', '合計 900円', '上記の金額を領収しました。']) assert.ok(text.includes(ja), ja);
    assert.equal(doc.kind, 'receipt');
    assert.equal(doc.number, '2026-000123');
  });

  it('ja + pt: accented Portuguese does not survive Shift_JIS, so it is raster; the decision is per line', () => {
    const doc = buildFeeReceipt(sampleReceipt('pt-BR'));
    assert.deepEqual(rasterTexts(doc.blocks), ['Cópia do atestado de residência']);
    // Portuguese lines without accents round-trip, so they stay in the printer font.
    for (const line of ['Recibo de taxas', 'Certificado de registro de carimbo', 'Total pago', 'Obrigado. Guarde este recibo.']) {
      assert.ok(textTexts(doc.blocks).includes(line), line);
    }
  });

  it('printer-font lines end where a reader allows: no "(" at a line end, no date cut (receiptline alone cuts anywhere)', () => {
    const input = sampleReceipt('en');
    const doc = buildFeeReceipt(
      {
        ...input,
        items: [{ nameJa: 'マイナンバーカードの住所変更（継続利用）', name: 'Moving-in notification for the whole household (Tennyu Todoke)', quantity: 1, unitFeeYen: 0 }],
        resident: { lang: 'en', title: 'Receipt / acknowledgement', total: 'Total', note: 'Please come back by December 19, 2026 (Saturday) with the documents (see the guide).' },
      },
      { profile: { cpl: 32 }, reprint: { originalNumber: input.receiptNumber, reprintedAt: '2026-12-19T01:23:00Z' } },
    );
    const lines = renderText(doc.markup, { cpl: 32 }).split('\n').map((line) => line.trim());
    for (const line of lines) {
      assert.ok(!/[(（]$/.test(line), `a line ends with an opening bracket: ${line}`);
      assert.ok(!/^[)）、。,]/.test(line), `a line starts with closing punctuation: ${line}`);
    }
    assert.ok(lines.some((line) => line.includes('令和8年12月19日 10:23')), 'the reprint time is on one line');
    assert.ok(lines.some((line) => line.includes('December 19, 2026')), 'the date in the note is on one line');
  });

  it('ja + en: plain English stays in the printer font', () => {
    const doc = buildFeeReceipt(sampleReceipt('en'));
    assert.deepEqual(rasterTexts(doc.blocks), []);
    assert.ok(renderText(doc.markup).includes('Fee receipt'));
  });

  it('the receipt carries the amounts, the date in Japan time and a CODE128 of the receipt number', () => {
    const doc = buildFeeReceipt(sampleReceipt('en'));
    const text = renderText(doc.markup);
    assert.match(text, /受付番号\s+2026-000123/);
    assert.match(text, /発行日時\s+令和8年4月1日 10:23/);
    assert.match(text, /住民票の写し ×2\s+600円/);
    assert.match(text, /合計\s+900円/);
    assert.ok(doc.markup.includes('{code:2026-000123; option:code128,2,64,hri}'));
    assert.equal(formatIssuedAt('2026-03-31T15:00:00Z'), '令和8年4月1日 00:00');
  });

  it('data is escaped: an item name cannot become markup', () => {
    const input = sampleReceipt('en');
    const doc = buildFeeReceipt({ ...input, items: [{ nameJa: '{image:AAAA}|-', quantity: 1, unitFeeYen: 100 }] });
    assert.ok(!doc.markup.includes('{image:AAAA}'));
    assert.match(renderText(doc.markup), /\{image:AAAA\}\|-\s+100円/);
    assert.equal(escapeMarkup(' a|b{c}_d"e`f^g~h\\i-=\u0007 '), 'a\\|b\\{c\\}\\_d\\"e\\`f\\^g\\~h\\\\i\\-\\=');
  });

  it('rejects what cannot be a receipt', () => {
    const input = sampleReceipt('en');
    assert.throws(() => buildFeeReceipt({ ...input, receiptNumber: '12;34' }), RangeError);
    assert.throws(() => buildFeeReceipt({ ...input, items: [] }), RangeError);
    assert.throws(() => buildFeeReceipt({ ...input, items: [{ nameJa: 'x', quantity: -1, unitFeeYen: 1 }] }), RangeError);
    assert.throws(() => buildFeeReceipt({ ...input, issuedAt: 'yesterday' }), RangeError);
  });

  it('queue ticket: big number, counter, time, waiting count, a QR with the token only, one resident line', () => {
    const doc = buildQueueTicket(sampleTicket());
    const text = renderText(doc.markup);
    assert.ok(doc.markup.includes('^^^^^A\\-023'), 'the number at 4×4');
    assert.match(text, /3 番\s+窓\s+口/);
    assert.match(text, /発券時刻\s+令和8年4月1日 10:23/);
    assert.match(text, /お待ちの人数\s+5人/);
    const codes = [...doc.markup.matchAll(/\{code:([^;]*);/g)].map((m) => m[1]);
    assert.deepEqual(codes, ['tk_7Qm2xZp9LwR4']);
    assert.deepEqual(rasterTexts(doc.blocks), ['Vui lòng chờ đến khi số của bạn hiện trên màn hình.']);
    assert.equal(doc.kind, 'ticket');
  });

  it('queue ticket: the input type has no room for personal data, and the token must be opaque', () => {
    const keys: (keyof QueueTicketInput)[] = ['officeName', 'ticketNumber', 'counterName', 'issuedAt', 'waitingCount', 'statusToken', 'resident'];
    assert.deepEqual(Object.keys(sampleTicket()).sort(), [...keys].sort());
    assert.throws(() => buildQueueTicket({ ...sampleTicket(), statusToken: 'https://x.example/?name=山田' }), RangeError);
    assert.throws(() => buildQueueTicket({ ...sampleTicket(), ticketNumber: '山田' }), RangeError);
  });

  it('REPRINT variant: 「再発行 / REPRINT」 with the original number, before the unchanged document', () => {
    const original = buildFeeReceipt(sampleReceipt('en'));
    const reprint = buildFeeReceipt(sampleReceipt('en'), { reprint: { originalNumber: '2026-000123', reprintedAt: '2026-04-02T00:00:00Z' } });
    const text = renderText(reprint.markup);
    assert.match(text, /再\s*発\s*行\s*\/\s*R\s*E\s*P\s*R\s*I\s*N\s*T/);
    assert.match(text, /原本番号 \/ Original No\. 2026-000123/);
    assert.match(text, /再発行日時 令和8年4月2日 09:00/);
    assert.ok(reprint.markup.endsWith(original.markup.slice(original.markup.indexOf('{width:auto; align:center'))));
    assert.equal(withReprintMark(original.markup, { originalNumber: '2026-000123', reprintedAt: '2026-04-02T00:00:00Z' }), reprint.markup);
  });

  it('ESC/POS bytes: Shift_JIS kanji mode, ends with cut and GS r 1', () => {
    const bytes = renderEscPos(buildFeeReceipt(sampleReceipt('vi')).markup);
    assert.deepEqual([...bytes.subarray(0, 5)], [0x1b, 0x40, 0x1d, 0x61, 0x00]);
    assert.ok(bytes.includes(Buffer.from([0x1c, 0x43, 0x31])), 'FS C 1: Shift_JIS code system');
    assert.deepEqual([...bytes.subarray(-7)], [0x1d, 0x56, 0x42, 0x00, 0x1d, 0x72, 0x31]);
    assert.ok(bytes.includes(Buffer.from('領収書', 'latin1')) === false);
    assert.ok(bytes.includes(Buffer.from([0x97, 0xcc, 0x8e, 0xfb, 0x8f, 0x91])), '領収書 in Shift_JIS');
  });

  it('a 42-column (180 dpi) profile draws raster blocks 504 dots wide', () => {
    const doc = buildFeeReceipt(sampleReceipt('vi'), { profile: { cpl: 42 } });
    for (const block of doc.blocks) if (block.path === 'raster') assert.equal(block.width, 504);
    assert.throws(() => buildFeeReceipt(sampleReceipt('vi'), { profile: { cpl: 42, widthDots: 576 } }), RangeError);
  });

  it('staff preview: SVG with the raster blocks embedded, no external font import', () => {
    const doc = buildFeeReceipt(sampleReceipt('ne'));
    const svg = renderPreviewSvg(doc.markup);
    assert.ok(svg.startsWith('<svg'));
    assert.ok(!/@import|fonts\.googleapis|<style/.test(svg));
    assert.equal((svg.match(/data:image\/png;base64,/g) ?? []).length, doc.blocks.filter((b) => b.path === 'raster').length);
    assert.ok(svg.includes("font-family=\"'BIZ UDPGothic'"));
    // receiptline's own output still has the import we strip
    assert.ok(transform(doc.markup, { command: 'svg', encoding: 'shiftjis' }).includes('@import'));
  });
});
