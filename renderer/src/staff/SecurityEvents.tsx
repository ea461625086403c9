import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SecurityEventsResponse } from '../../../shared/api/schemas';
import type { HostApi } from '../../../shared/contract';

type SecurityEvent = z.infer<typeof SecurityEventsResponse>['events'][number];

/**
 * The supervisor's screen (監督者): this tenant's security events, newest first, as the backend keeps them for
 * the operator's monitoring — ids and codes only, so nothing here is personal data. Loaded on request (a
 * button, reachable by Tab), paged with "more".
 */
export function SecurityEvents({ api }: { api: HostApi<'staff'> }) {
  const { t } = useTranslation('staff');
  const [events, setEvents] = useState<SecurityEvent[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    (before?: string) => {
      setLoading(true);
      setFailed(false);
      api.call.listSecurityEvents(before ? { before } : {}).then(
        (page) => {
          setEvents((shown) => (before && shown ? [...shown, ...page.events] : page.events));
          setNext(page.next);
          setLoading(false);
        },
        () => {
          setFailed(true);
          setLoading(false);
        },
      );
    },
    [api],
  );

  return (
    <section className="security-events" aria-labelledby="security-events-heading">
      <h2 id="security-events-heading">{t('securityEvents.heading')}</h2>
      <p className="hint">{t('securityEvents.hint')}</p>
      <button onClick={() => load()} disabled={loading} data-testid="security-events-load">
        {events ? t('securityEvents.reload') : t('securityEvents.load')}
      </button>
      <div role="status" aria-live="polite">
        {failed && <p className="notice error">{t('securityEvents.failed')}</p>}
        {events && events.length === 0 && <p>{t('securityEvents.none')}</p>}
      </div>
      {events && events.length > 0 && (
        <table className="security-events-table" data-testid="security-events-table">
          <thead>
            <tr>
              <th scope="col">{t('securityEvents.at')}</th>
              <th scope="col">{t('securityEvents.event')}</th>
              <th scope="col">{t('securityEvents.staff')}</th>
              <th scope="col">{t('securityEvents.terminal')}</th>
              <th scope="col">{t('securityEvents.source')}</th>
              <th scope="col">{t('securityEvents.count')}</th>
              <th scope="col">{t('securityEvents.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.eventId} className={`severity-${event.severity}`} data-code={event.code}>
                <td>{new Date(event.at).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })}</td>
                <td>{t(`securityEvents.codes.${event.code}`)}</td>
                <td className="id">{event.staffId?.slice(-12) ?? '—'}</td>
                <td>{event.terminalId ?? '—'}</td>
                <td>{event.source ?? '—'}</td>
                <td>{event.count ?? '—'}</td>
                <td className="id">
                  {Object.entries(event.detail)
                    .map(([key, value]) => `${key}=${String(value)}`)
                    .join(' ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button onClick={() => load(next)} disabled={loading}>
          {t('securityEvents.more')}
        </button>
      )}
    </section>
  );
}
