import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi, PrintJobView } from '../../../shared/contract';
import { newRequestId } from '../common/host-view';
import { deviceErrorOf, ReaderCardState, useDevices } from './CardReader';

/**
 * The finished visit's receipt on the counter's printer: a preview as the printer will print it, one print
 * per receipt number, and the job's state from the print ledger. UNKNOWN means the printer may or may not
 * have printed: staff look, and only then reprint — the reprint is marked 再発行 / REPRINT.
 */
export function ReceiptPanel({ api }: { api: HostApi<'staff'> }) {
  const { t } = useTranslation('staff');
  const devices = useDevices(api);
  const [job, setJob] = useState<PrintJobView | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ code: string; params: Record<string, string | number | boolean> } | null>(null);
  const available = devices !== null && devices.printer.status !== 'disabled';
  const stateRef = useRef<HTMLParagraphElement>(null);
  const focusStateNext = useRef(false);
  useEffect(() => {
    if (!focusStateNext.current) return;
    focusStateNext.current = false;
    stateRef.current?.focus();
  }, [job]);

  useEffect(() => {
    if (!available) return;
    let live = true;
    void api.call.getReceiptJob({}).then((answer) => live && setJob(answer.job));
    void api.call.getReceiptPreview({}).then((answer) => live && setPreview(answer.svg));
    return () => {
      live = false;
    };
  }, [api, available]);

  if (!available) return null;

  const act = async (action: () => Promise<PrintJobView>) => {
    setBusy(true);
    setFailure(null);
    try {
      const next = await action();
      // The button pressed is gone once the job has an outcome: the focus goes to that outcome (announced),
      // from where Tab goes on to the guide, not back into 再発行.
      focusStateNext.current = next.state === 'CONFIRMED' || next.state === 'UNKNOWN';
      setJob(next);
    } catch (error) {
      setFailure(deviceErrorOf(error) ?? { code: 'printer_error', params: {} });
    } finally {
      setBusy(false);
    }
  };
  const problem = job?.error ?? failure;

  return (
    <section className="receipt" aria-labelledby="receipt-heading" data-testid="receipt" data-state={job?.state ?? 'none'}>
      <h3 id="receipt-heading">{t('receipt.heading')}</h3>
      <p className="muted" data-testid="printer-status" data-status={devices.printer.status}>
        {t(`receipt.printer.${devices.printer.status}`)}
      </p>
      <p>
        {(!job || job.state === 'FAILED_BEFORE_SEND' || job.state === 'QUEUED') && (
          <button className="primary" disabled={busy} onClick={() => void act(() => api.call.printReceipt({ requestId: newRequestId() }))}>
            {t('receipt.print')}
          </button>
        )}
        {job && (job.state === 'CONFIRMED' || job.state === 'UNKNOWN') && (
          <button disabled={busy} onClick={() => void act(() => api.call.reprintReceipt({ requestId: newRequestId(), jobId: job.jobId }))}>
            {t('receipt.reprint')}
          </button>
        )}
      </p>
      {job && (
        <p role="status" data-testid="receipt-state" tabIndex={-1} ref={stateRef}>
          {t(`receipt.state.${job.state}`)}
          {job.reprintOf ? ` ${t('receipt.reprinted')}` : ''}
        </p>
      )}
      {problem && (
        <p role="alert" className="notice error" data-testid="receipt-error" data-code={problem.code}>
          {t(`devices.errors.${problem.code}`, problem.params)}
        </p>
      )}
      {preview && (
        <figure className="receipt-preview">
          <img src={`data:image/svg+xml;base64,${btoa(String.fromCharCode(...new TextEncoder().encode(preview)))}`} alt={t('receipt.previewAlt')} data-testid="receipt-preview" />
        </figure>
      )}
    </section>
  );
}

/**
 * The counter's devices for the clerk and IT: reader, scanner and printer state, the last device error, a
 * test print, and — on demo counters — the virtual cards to put on the simulated reader.
 */
export function DevicesPanel({ api }: { api: HostApi<'staff'> }) {
  const { t } = useTranslation('staff');
  const devices = useDevices(api);
  const [test, setTest] = useState<PrintJobView | null>(null);
  const [read, setRead] = useState<{ kind: string; atr: string; pinTriesLeft: number | null } | { error: string } | null>(null);
  const testRead = () =>
    void api.call.testCardRead({}).then(setRead, (error: unknown) => setRead({ error: deviceErrorOf(error)?.code ?? 'card_io' }));
  if (!devices) return null;
  return (
    <section className="devices" aria-labelledby="devices-heading" data-testid="devices">
      <h2 id="devices-heading">{t('devicesPanel.heading')}</h2>
      <dl>
        <dt>{t('devicesPanel.cardReader')}</dt>
        <dd data-testid="device-card-reader" data-status={devices.cardReader.status} data-card={devices.cardReader.card}>
          {devices.cardReader.reader ?? t(`cardReader.status.${devices.cardReader.status === 'ready' ? 'no_reader' : devices.cardReader.status}`)} ({devices.cardReader.driver})
          {devices.cardReader.status === 'ready' && (
            <ReaderCardState card={devices.cardReader.card}>{t('devicesPanel.cardOnReader', { card: devices.cardReader.card })}</ReaderCardState>
          )}
        </dd>
        <dt>{t('devicesPanel.scanner')}</dt>
        <dd data-testid="device-scanner" data-status={devices.scanner.status} data-hotplug={devices.scanner.hotplug ?? undefined}>
          {devices.scanner.driver}
          {devices.scanner.wedgeLayout ? ` (${devices.scanner.wedgeLayout.toUpperCase()})` : ''}
          {devices.scanner.hotplug && ` — ${t(`devicesPanel.hotplug.${devices.scanner.hotplug}`)}`}
        </dd>
        <dt>{t('devicesPanel.printer')}</dt>
        <dd data-testid="device-printer" data-status={devices.printer.status}>
          {t(`receipt.printer.${devices.printer.status}`)} {devices.printer.address ? `— ${devices.printer.address}` : ''}
          {devices.printer.unknownJobs > 0 && <strong> {t('devicesPanel.unknownJobs', { count: devices.printer.unknownJobs })}</strong>}
        </dd>
        {devices.lastError && (
          <>
            <dt>{t('devicesPanel.lastError')}</dt>
            <dd data-testid="device-last-error" data-code={devices.lastError.code}>
              {t(`devices.errors.${devices.lastError.code}`, devices.lastError.params)}
            </dd>
          </>
        )}
      </dl>
      <p>
        {/* Where hot-plug has no signal, or after re-cabling: enumerate the scanner and ask the printer again. */}
        <button onClick={() => void api.call.refreshDevices({ requestId: newRequestId() })}>{t('devicesPanel.refresh')}</button>
      </p>
      {devices.cardReader.status !== 'disabled' && (
        <p>
          <button onClick={testRead}>{t('devicesPanel.testRead')}</button>{' '}
          {read && (
            <span role="status" data-testid="test-read">
              {'error' in read ? t(`devices.errors.${read.error}`) : t('devicesPanel.testReadResult', { kind: t(`cardReader.card.${read.kind}`), atr: read.atr, tries: read.pinTriesLeft ?? '—' })}
            </span>
          )}
        </p>
      )}
      {devices.printer.status !== 'disabled' && (
        <p>
          <button onClick={() => void api.call.testPrint({ requestId: newRequestId() }).then(setTest, () => setTest(null))}>{t('devicesPanel.testPrint')}</button>{' '}
          {test && <span role="status">{t(`receipt.state.${test.state}`)}</span>}
        </p>
      )}
      {devices.simulator && (
        <fieldset className="simulator" data-testid="card-simulator">
          <legend>{t('devicesPanel.simulator')}</legend>
          {devices.simulator.cards.map((card) => (
            <button key={card} className="sim-card" aria-pressed={devices.cardReader.card === card} onClick={() => void api.call.simulateCard({ requestId: newRequestId(), card })}>
              <span aria-hidden="true" className="reader-card-mark" />
              {t(`devicesPanel.simulatorCard.${card}`)}
              {devices.cardReader.card === card && <span className="sim-card-state">{t('devicesPanel.onReader')}</span>}
            </button>
          ))}
          <button aria-pressed={devices.cardReader.card === 'none'} onClick={() => void api.call.simulateCard({ requestId: newRequestId(), card: 'none' })}>
            {t('devicesPanel.simulatorCard.none')}
          </button>
        </fieldset>
      )}
    </section>
  );
}
