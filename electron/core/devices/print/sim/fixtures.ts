import type { FeeReceiptInput, QueueTicketInput } from '../receipt';

/**
 * Sample documents for tests, the benchmark and the emulator: invented fees and numbers, no resident data
 * (receipts and tickets have no field for any). The resident-language lines are the kind of text the i18n
 * resources would supply; they are here so each script's path (printer font or raster) is exercised.
 */

type ResidentLines = NonNullable<FeeReceiptInput['resident']> & { items: [string, string] };

export const RESIDENT_LINES = {
  'pt-BR': {
    lang: 'pt-BR',
    title: 'Recibo de taxas',
    total: 'Total pago',
    note: 'Obrigado. Guarde este recibo.',
    items: ['Cópia do atestado de residência', 'Certificado de registro de carimbo'],
  },
  vi: {
    lang: 'vi',
    title: 'Biên lai lệ phí',
    total: 'Tổng cộng',
    note: 'Xin cảm ơn. Vui lòng giữ biên lai này.',
    items: ['Bản sao phiếu cư trú', 'Giấy chứng nhận đăng ký con dấu'],
  },
  ne: {
    lang: 'ne',
    title: 'शुल्क रसिद',
    total: 'जम्मा',
    note: 'धन्यवाद। यो रसिद सुरक्षित राख्नुहोस्।',
    items: ['बसोबास प्रमाणपत्रको प्रतिलिपि', 'छाप दर्ता प्रमाणपत्र'],
  },
  en: {
    lang: 'en',
    title: 'Fee receipt',
    total: 'Total paid',
    note: 'Thank you. Please keep this receipt.',
    items: ['Copy of residence certificate', 'Seal registration certificate'],
  },
} as const satisfies Record<string, ResidentLines>;

export type SampleLanguage = keyof typeof RESIDENT_LINES;

export function sampleReceipt(lang: SampleLanguage, receiptNumber = '2026-000123'): FeeReceiptInput {
  const r = RESIDENT_LINES[lang];
  return {
    tenantName: '架空市 市民課',
    receiptNumber,
    issuedAt: '2026-04-01T01:23:00Z',
    items: [
      { nameJa: '住民票の写し', name: r.items[0], quantity: 2, unitFeeYen: 300 },
      { nameJa: '印鑑登録証明書', name: r.items[1], quantity: 1, unitFeeYen: 300 },
    ],
    resident: { lang: r.lang, title: r.title, total: r.total, note: r.note },
  };
}

export function sampleTicket(ticketNumber = 'A-023'): QueueTicketInput {
  return {
    officeName: '架空市役所 市民課',
    ticketNumber,
    counterName: '3番窓口 転入・転出',
    issuedAt: '2026-04-01T01:23:00Z',
    waitingCount: 5,
    statusToken: 'tk_7Qm2xZp9LwR4',
    resident: { lang: 'vi', line: 'Vui lòng chờ đến khi số của bạn hiện trên màn hình.' },
  };
}
