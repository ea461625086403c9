/**
 * 和暦 (Japanese era) dates for the Japanese side of forms and the guidance sheet, which residents and
 * departments read in 令和/平成/昭和. Uses the platform's Intl Japanese calendar (ICU/CLDR keep the era table,
 * including 元年), so no era table is maintained here. Dates are ISO 'YYYY-MM-DD' and read as calendar days.
 */
const formatter = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

export function formatWareki(isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`not an ISO date: ${isoDate}`);
  return formatter.format(new Date(`${isoDate}T00:00:00Z`));
}
