/**
 * Calendar dates as a reader of each language expects them. Dates travel as ISO 'YYYY-MM-DD' (calendar days,
 * no time zone); only the screen and paper turn them into words. Japanese and やさしい日本語 read 2026年12月19日
 * (furigana readers know 年/月/日 better than any slash order); every other language gets its own CLDR long
 * format through Intl (so "19 de dezembro de 2026", "19 tháng 12, 2026", "2026년 12월 19일"). 和暦 stays in
 * `wareki.ts`, for the Japanese side of forms and paper.
 */
import { htmlLang, type LanguageCode } from './languages';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(language: LanguageCode): Intl.DateTimeFormat {
  let formatter = formatters.get(language);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(htmlLang(language), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    formatters.set(language, formatter);
  }
  return formatter;
}

/**
 * Nepali's CLDR long date ("y MMMM d", Devanagari digits), written out for runtimes whose ICU data lacks
 * Nepali: Chromium's (and so Electron's renderer and the PDF of the 手続き案内書) falls back to English there.
 * dates.test.ts checks it against full ICU (Node).
 */
const NEPALI_MONTHS = ['जनवरी', 'फेब्रुअरी', 'मार्च', 'अप्रिल', 'मे', 'जुन', 'जुलाई', 'अगस्ट', 'सेप्टेम्बर', 'अक्टोबर', 'नोभेम्बर', 'डिसेम्बर'];
const devanagariDigits = (n: number) => String(n).replace(/\d/g, (d) => String.fromCodePoint(0x0966 + Number(d)));
export function nepaliLongDate(year: number, month: number, day: number): string {
  return `${devanagariDigits(year)} ${NEPALI_MONTHS[month - 1]} ${devanagariDigits(day)}`;
}

/** True for a real calendar day written as ISO 'YYYY-MM-DD' (2026-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The calendar day in Japan at an instant, as ISO 'YYYY-MM-DD' (JST is UTC+9 all year: Japan has no daylight saving). */
export function dateInJapan(instant: Date): string {
  return new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** An ISO date in the words of `language`. Anything that is not an ISO date is returned as it is. */
export function formatDate(isoDate: string, language: LanguageCode): string {
  if (!isIsoDate(isoDate)) return isoDate;
  const [, y, m, d] = ISO_DATE.exec(isoDate)!;
  if (language === 'ja' || language === 'ja-x-easy') return `${Number(y)}年${Number(m)}月${Number(d)}日`;
  if (language === 'ne' && Intl.DateTimeFormat.supportedLocalesOf('ne').length === 0) return nepaliLongDate(Number(y), Number(m), Number(d));
  return formatterFor(language).format(new Date(`${isoDate}T00:00:00Z`));
}
