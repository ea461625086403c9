/**
 * The official test values of 第２世代在留カード等仕様書（一般公開用） Ver 1.1, appendix 2 (pp. 36–38), for tests.
 * cardNo … VERIFY are the appendix's own values; E.ICC, M.ICC and K.ICC (the card's side, needed to check KSenc)
 * are from the same appendix as digested in github.com/eringoio/zairyu-card-reader
 * docs/specs/moj/rc2_second_generation_implementation_spec.md (Apache-2.0). A made-up card number, no real card.
 */
export const OFFICIAL = {
  cardNumber: 'AA12345678BB',
  kenc: '6522B4E171195BB218223A976C040111',
  rndIfd: '1122334455667788',
  kIfd: '404142434445464748494A4B4C4D4E4F',
  rndIcc: '921CE277323DA057',
  eIfd: '4AD3C7B6BB484A52771977DED618B41DF841FA0476A05FBE041DEAD6109E773B',
  mIfd: 'AC854617634F5397',
  mutualAuthenticate: '0082000028' + '4AD3C7B6BB484A52771977DED618B41DF841FA0476A05FBE041DEAD6109E773B' + 'AC854617634F5397' + '00',
  eIcc: '289A96B1DA6AE3DA87770419BFD14F0BDAD15F36432B5A946C188C7221759A62',
  mIcc: 'FA942EC51E62FF5F',
  kIcc: '2CC6AF9B8B607C662FDCAD27B401D08B',
  ksEnc: 'C19CF13D3D7FBEE9EA293D834C88952F',
  verify: '0820008613861101EE0B31EF877F68D071C56D58C72E6748',
} as const;
