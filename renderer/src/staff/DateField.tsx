import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readDateEntry, eraYearOf, type DateEntry } from '../../../shared/domain/date-entry';
import { dateInJapan } from '../../../shared/domain/dates';
import { formatWareki } from '../../../shared/domain/wareki';
import { useStaffDate } from './staff-date';

/**
 * One text field for a date — one Tab stop, typed straight through — instead of `<input type="date">` (year,
 * month, day and a calendar button: four stops, and the year does not move on after four digits). It takes 西暦
 * and 和暦 as clerks write them (shared/domain/date-entry), shows under the field what it understood
 * (「2026年12月19日（令和8年）」) and says plainly when it cannot read the text; the form cannot be sent with an
 * unreadable date. The parent holds the ISO date ('' while there is none).
 *
 * `kind` says what date it is, so the field reads and hints accordingly: `recent` (the dates of a visit — 転出予定日,
 * 転入日, the event's day) also takes a month and day alone (`11.30`: the nearest such day to today, three
 * keys fewer, the year shown under it); `birth` hints the short 和暦 clerks copy from a certificate (S63.4.2).
 */
export function DateField({
  label,
  value,
  onChange,
  required = false,
  kind = 'any',
  compact = false,
}: {
  label: string;
  value: string;
  onChange: (iso: string) => void;
  required?: boolean;
  kind?: 'any' | 'recent' | 'birth';
  /** A narrow field (a row of the intake form): the hint gives the date in the other calendar only, so it is not cut. */
  compact?: boolean;
}) {
  const { t } = useTranslation('staff');
  const staffDate = useStaffDate();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState(value);
  // An error is said once the clerk has left the field or tried to send the form, not while they type.
  const [shown, setShown] = useState(false);
  const read = (text: string) => readDateEntry(text, kind === 'recent' ? dateInJapan(new Date()) : undefined);
  // A date set from outside (a pre-application, undo) replaces what was typed unless that already means it.
  const text = isoOf(read(typed)) === value ? typed : value;
  const entry = read(text);
  const message = problemText(entry, staffDate, t);
  useEffect(() => {
    input.current?.setCustomValidity(message ?? '');
  }, [message]);
  const era = entry.ok ? eraYearOf(entry.iso) : null;
  const understood = !entry.ok ? null : compact ? otherCalendar(text, entry.iso, staffDate) : era ? t('dateEntry.understood', { date: staffDate(entry.iso), era }) : staffDate(entry.iso);
  const invalid = message !== null && shown;
  return (
    <label className="date-field">
      <span id={`${id}-label`}>{label}</span>
      <input
        ref={input}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-hint`}
        aria-invalid={invalid || undefined}
        value={text}
        required={required}
        maxLength={20}
        autoComplete="off"
        onChange={(event) => {
          setTyped(event.target.value);
          onChange(isoOf(read(event.target.value)));
        }}
        onBlur={() => setShown(true)}
        onInvalid={() => setShown(true)}
      />
      <span id={`${id}-hint`} className={invalid ? 'flag' : 'hint'} data-testid="date-understood">
        {invalid ? message : (understood ?? t(FORMATS[kind], { wareki: WAREKI_EXAMPLE }))}
      </span>
    </label>
  );
}

/**
 * The date in the calendar the clerk did not type it in — what checking it needs: `S63.4.2` → 1988年4月2日,
 * `19880402` → 昭和63年4月2日 (short enough for a narrow field, where both would be cut).
 */
function otherCalendar(typed: string, iso: string, staffDate: (iso: string) => string): string {
  const typedInEra = /^[A-Z明大昭平令]/.test(typed.normalize('NFKC').trim().toUpperCase());
  if (typedInEra || !eraYearOf(iso)) return staffDate(iso);
  return formatWareki(iso);
}

/** The hint before anything is typed: short enough for the narrow fields of the intake form at 1366×768. */
const FORMATS = { any: 'dateEntry.formats', recent: 'dateEntry.formatsRecent', birth: 'dateEntry.formatsBirth' } as const;

const isoOf = (entry: DateEntry) => (entry.ok ? entry.iso : '');
/** The 和暦 way of writing a date, shown as an example in every staff language (the clerk types it so). */
const WAREKI_EXAMPLE = '令和8年12月19日';

/** Why the text is not a usable date, in words; null when it is one (or is empty and may be). */
function problemText(entry: DateEntry, date: (iso: string) => string, t: (key: string, params?: Record<string, string>) => string): string | null {
  if (entry.ok) return null;
  switch (entry.problem) {
    case 'empty':
      // The browser's own "fill in this field" covers a required empty field.
      return null;
    case 'unreadable':
      return t('dateEntry.unreadable', { wareki: WAREKI_EXAMPLE });
    case 'no_such_day':
      return t('dateEntry.noSuchDay');
    case 'outside_era':
      return t('dateEntry.outsideEra', { era: entry.era, first: date(entry.first), last: entry.last ? date(entry.last) : 'none' });
  }
}
