import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualMyNumberCard, attributesFile, MYNUMBER_CARD_ATR } from './virtual-mynumber-card';
import { STAFF_CARD_ATR, VirtualStaffCard } from './virtual-staff-card';
import { withTck } from './command-apdu';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const bytes = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const send = (card: { process(apdu: Uint8Array): Uint8Array }, apdu: string) => hex(card.process(bytes(apdu)));

const SELECT_AP = '00A4040C0AD3921000310001010408';
const SELECT_PIN = '00A4020C020011';
const QUERY = '00200080';
const VERIFY_1234 = '002000800431323334';
const VERIFY_9999 = '002000800439393939';

function openPin(card: VirtualMyNumberCard) {
  assert.equal(send(card, SELECT_AP), '9000');
  assert.equal(send(card, SELECT_PIN), '9000');
}

describe('VirtualMyNumberCard', () => {
  it('presents a contactless Type B ATR (3B 88 80 01) with a valid TCK', () => {
    assert.equal(hex(MYNUMBER_CARD_ATR.subarray(0, 4)), '3B888001');
    assert.equal(MYNUMBER_CARD_ATR.length, 13);
    assert.equal(MYNUMBER_CARD_ATR.subarray(1).reduce((x, b) => x ^ b, 0), 0, 'XOR of T0..TCK is 0');
    assert.equal(hex(withTck([...STAFF_CARD_ATR.subarray(0, -1)])), hex(STAFF_CARD_ATR));
  });

  it('answers the whole read (select, retry query, VERIFY, READ BINARY) as a card does', () => {
    const card = new VirtualMyNumberCard();
    card.reset();
    openPin(card);
    assert.equal(send(card, QUERY), '63C3');
    assert.equal(send(card, VERIFY_1234), '9000');
    assert.equal(send(card, '00A4020C020001'), '9000');
    assert.equal(send(card, '00B0000011'), 'FF100C3132333435363738393031380000' + '9000');
    assert.equal(send(card, '00A4020C020002'), '9000');
    const header = send(card, '00B0000007');
    assert.match(header, /^FF20(81[0-9A-F]{2}|[0-7][0-9A-F])DF2108[0-9A-F]*9000$/);
    assert.equal(header.length, 7 * 2 + 4);
  });

  it('refuses reads before VERIFY with 6982, and after a reset again', () => {
    const card = new VirtualMyNumberCard();
    openPin(card);
    assert.equal(send(card, '00A4020C020002'), '9000');
    assert.equal(send(card, '00B0000007'), '6982');
    openPin(card);
    send(card, VERIFY_1234);
    send(card, '00A4020C020002');
    assert.notEqual(send(card, '00B0000007'), '6982');
    card.reset();
    send(card, SELECT_AP);
    send(card, '00A4020C020002');
    assert.equal(send(card, '00B0000007'), '6982');
  });

  it('counts down 63C2, 63C1, 63C0, then 6984 for every later attempt, across resets', () => {
    const card = new VirtualMyNumberCard();
    openPin(card);
    assert.equal(send(card, VERIFY_9999), '63C2');
    card.reset();
    openPin(card);
    assert.equal(send(card, QUERY), '63C2', 'the counter survives a reset');
    assert.equal(send(card, VERIFY_9999), '63C1');
    assert.equal(send(card, VERIFY_9999), '63C0');
    assert.equal(send(card, QUERY), '6984');
    assert.equal(send(card, VERIFY_1234), '6984', 'even the right PIN');
    assert.equal(send(card, VERIFY_9999), '6984');
    assert.equal(card.triesLeft, 0);
    assert.equal(card.verifyCount, 5);
    assert.equal(card.retryQueryCount, 2);
  });

  it('resets the counter to 3 on the right PIN; the query uses up nothing', () => {
    const card = new VirtualMyNumberCard({ triesLeft: 2 });
    openPin(card);
    for (let i = 0; i < 5; i++) assert.equal(send(card, QUERY), '63C2');
    assert.equal(send(card, VERIFY_1234), '9000');
    assert.equal(card.triesLeft, 3);
    assert.equal(send(card, QUERY), '9000', 'verified in this session');
  });

  it('uses 81 xx for a long attributes object and fills with FF when asked', () => {
    const address = '北海道札幌市中央区北一条西二丁目１番地　'.repeat(2);
    const file = attributesFile({ name: '番号　太郎', address, birthDate: '1990-12-31', sex: 1 }, 0xff);
    assert.equal(file[2], 0x81);
    assert.equal(hex(file.subarray(-4)), 'FFFFFFFF');
    const longer = attributesFile({ name: '番号　太郎', address: address.repeat(3), birthDate: '1990-12-31', sex: 1 });
    assert.equal(longer[2], 0x82);
  });

  it('answers 6A82 to unknown AIDs and files, 6D00 to unknown instructions, 6700 to broken APDUs', () => {
    const card = new VirtualMyNumberCard();
    assert.equal(send(card, '00A4040C10D392F0004F0200000000000000000000'), '6A82');
    assert.equal(send(card, '00A4020C020001'), '6A82', 'no EF before the AP is selected');
    send(card, SELECT_AP);
    assert.equal(send(card, '00A4020C020099'), '6A82');
    assert.equal(send(card, '00840000 08'.replace(' ', '')), '6D00');
    assert.equal(send(card, '00A4'), '6700');
    assert.equal(send(card, '00A4040C0AD392'), '6700');
    assert.equal(send(card, 'FFCA000000'), '6E00');
  });

  it('can answer in parts announced by 61xx', () => {
    const card = new VirtualMyNumberCard({ responseChunk: 8 });
    openPin(card);
    send(card, VERIFY_1234);
    send(card, '00A4020C020001');
    assert.equal(send(card, '00B0000011'), 'FF100C3132333435' + '6109');
    assert.equal(send(card, '00C0000009'), '3637383930313800' + '6101');
    assert.equal(send(card, '00C0000001'), '00' + '9000');
  });
});

describe('VirtualStaffCard', () => {
  it('answers GET DATA UID, 6Cxx to a short Le, and nothing ISO', () => {
    const card = new VirtualStaffCard({ uid: bytes('0102030405060708') });
    assert.equal(send(card, 'FFCA000000'), '0102030405060708' + '9000');
    assert.equal(send(card, 'FFCA000004'), '6C08');
    assert.equal(send(card, '00A4040C0AD3921000310001010408'), '6E00');
    assert.equal(card.commandCount, 3);
  });
});
