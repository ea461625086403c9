import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { HostCallError, type DevicesView, type HostApi, type StaffView } from '../../../shared/contract';
import { newRequestId } from '../common/host-view';
import { useStaffDate } from './staff-date';

type Visit = NonNullable<StaffView['visit']>;
type Run = (action: () => Promise<unknown>) => void;

/** The counter's devices as the host reports them: a snapshot, then every push. */
export function useDevices(api: HostApi<'staff'>): DevicesView | null {
  const [view, setView] = useState<DevicesView | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on.devicesChanged((next) => live && setView(next));
    void api.call.getDevices({}).then((snapshot) => live && setView((current) => current ?? snapshot));
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return view;
}

/**
 * Which card is on the reader, said in words and drawn differently (a solid framed card mark when one is
 * there, a dashed empty frame when none), so it never rests on colour alone.
 */
export function ReaderCardState({ card, live = false, children }: { card: DevicesView['cardReader']['card']; live?: boolean; children: ReactNode }) {
  const on = card !== 'none';
  return (
    <p role={live ? 'status' : undefined} className={`reader-card ${on ? 'on' : 'off'}`} data-testid="reader-card" data-card={card}>
      <span aria-hidden="true" className="reader-card-mark" />
      <span>{children}</span>
    </p>
  );
}

/** The device error of a failed call, for `devices.errors.<code>` (null for any other failure). */
export function deviceErrorOf(error: unknown): { code: string; params: Record<string, string | number | boolean> } | null {
  if (!(error instanceof HostCallError) || error.code !== 'device') return null;
  const details = error.details as { code?: unknown; params?: unknown } | undefined;
  return typeof details?.code === 'string' ? { code: details.code, params: (details.params ?? {}) as Record<string, string | number | boolean> } : null;
}

/**
 * 本人確認 from a card: the My Number card (券面事項入力補助用暗証番号, 4 digits, entered here by the resident
 * or the clerk — never on the customer screen) or a residence card (its 12-character number opens the chip).
 * Tries left are asked before every attempt; at one try left the clerk must confirm; a locked card is
 * explained and no PIN field is offered. The read result and its register matches come back in the visit.
 */
export function CardReaderPanel({ api, visit, run }: { api: HostApi<'staff'>; visit: Visit; run: Run }) {
  const devices = useDevices(api);
  if (!devices || devices.cardReader.status === 'disabled') return null;
  // Keyed by the card on the reader: a new card starts with a clean form (no PIN, tries asked again).
  return <CardForms key={devices.cardReader.card} api={api} visit={visit} run={run} devices={devices} />;
}

function CardForms({ api, visit, run, devices }: { api: HostApi<'staff'>; visit: Visit; run: Run; devices: DevicesView }) {
  const { t } = useTranslation('staff');
  const card = devices.cardReader.card;
  const [pin, setPin] = useState('');
  const [cardNumber, setCardNumber] = useState('');
  const [tries, setTries] = useState<{ triesLeft: number; locked: boolean } | null>(null);
  const [lastTry, setLastTry] = useState(false);
  const [failure, setFailure] = useState<{ code: string; params: Record<string, string | number | boolean> } | null>(null);

  const refreshTries = useCallback(async () => {
    try {
      setTries(await api.call.getCardPinTries({}));
    } catch (error) {
      setTries(null);
      setFailure(deviceErrorOf(error));
    }
  }, [api]);

  useEffect(() => {
    if (card !== 'mynumber') return;
    let live = true;
    api.call.getCardPinTries({}).then(
      (answer) => live && setTries(answer),
      (error: unknown) => live && setFailure(deviceErrorOf(error)),
    );
    return () => {
      live = false;
    };
  }, [api, card]);


  const attempt = (read: () => Promise<unknown>) =>
    run(async () => {
      setFailure(null);
      try {
        await read();
      } catch (error) {
        // Device failures are explained here, beside the card; anything else goes to the screen's error line.
        const device = deviceErrorOf(error);
        if (!device) throw error;
        setFailure(device);
        if (card === 'mynumber') await refreshTries();
      }
    });

  const readMyNumber = (event: FormEvent) => {
    event.preventDefault();
    const sent = pin;
    setPin('');
    setLastTry(false);
    attempt(async () => {
      await api.call.readMyNumberCard({ requestId: newRequestId(), pin: sent });
      await refreshTries();
    });
  };
  const readResidence = (event: FormEvent) => {
    event.preventDefault();
    attempt(() => api.call.readResidenceCard({ requestId: newRequestId(), cardNumber: cardNumber.trim() }));
  };

  return (
    <section className="card-reader" aria-labelledby="card-reader-heading" data-testid="card-reader" data-card={card}>
      <h3 id="card-reader-heading">{t('cardReader.heading')}</h3>
      <ReaderCardState card={devices.cardReader.status === 'ready' ? card : 'none'} live>
        {devices.cardReader.status === 'ready' ? t(`cardReader.card.${card}`) : t(`cardReader.status.${devices.cardReader.status}`)}
      </ReaderCardState>
      {failure && (
        <p role="alert" className="notice error" data-testid="device-error" data-code={failure.code}>
          {t(`devices.errors.${failure.code}`, failure.params)}
        </p>
      )}
      {card === 'mynumber' && tries && (
        <form onSubmit={readMyNumber} className="pin-form">
          {tries.locked ? (
            <p role="alert" className="notice error" data-testid="pin-locked">
              {t('devices.errors.pin_locked')}
            </p>
          ) : (
            <>
              <p data-testid="pin-tries" data-tries={tries.triesLeft}>
                {t('cardReader.triesLeft', { count: tries.triesLeft })}
              </p>
              <label>
                {t('cardReader.pin')}
                <input
                  type="password"
                  inputMode="numeric"
                  autoComplete="off"
                  pattern="[0-9]{4}"
                  minLength={4}
                  maxLength={4}
                  value={pin}
                  onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
                  required
                />
              </label>
              {tries.triesLeft === 1 && (
                <label>
                  <input type="checkbox" checked={lastTry} onChange={(e) => setLastTry(e.target.checked)} required />
                  {t('cardReader.lastTryConfirm')}
                </label>
              )}
              <button type="submit" className="primary" disabled={pin.length !== 4 || (tries.triesLeft === 1 && !lastTry)}>
                {t('cardReader.readMyNumber')}
              </button>
            </>
          )}
        </form>
      )}
      {card === 'residence' && (
        <form onSubmit={readResidence} className="residence-form">
          <label>
            {t('cardReader.cardNumber')}
            <input
              value={cardNumber}
              onChange={(e) => setCardNumber(e.target.value.toUpperCase())}
              pattern="[A-Za-z0-9]{12}"
              maxLength={12}
              autoComplete="off"
              spellCheck={false}
              required
            />
          </label>
          <button type="submit" className="primary">
            {t('cardReader.readResidence')}
          </button>
        </form>
      )}
      {visit.identification && <IdentificationResult api={api} visit={visit} run={run} />}
    </section>
  );
}

function IdentificationResult({ api, visit, run }: { api: HostApi<'staff'>; visit: Visit; run: Run }) {
  const { t } = useTranslation('staff');
  const date = useStaffDate();
  const id = visit.identification!;
  return (
    <div className="identification" data-testid="identification" data-source={id.source}>
      <h4>{t(`cardReader.source.${id.source}`)}</h4>
      <dl>
        {id.name && (
          <>
            <dt>{t('identify.name')}</dt>
            <dd>{id.name}</dd>
          </>
        )}
        {id.alphabetName && (
          <>
            <dt>{t('cardReader.alphabetName')}</dt>
            <dd>{id.alphabetName}</dd>
          </>
        )}
        {id.birthDate && (
          <>
            <dt>{t('identify.birthDate')}</dt>
            <dd>{date(id.birthDate)}</dd>
          </>
        )}
        {id.address && (
          <>
            <dt>{t('cardReader.address')}</dt>
            <dd>{id.address}</dd>
          </>
        )}
        {id.signature && (
          <>
            <dt>{t('cardReader.signature')}</dt>
            <dd data-testid="signature" data-signature={id.signature}>
              {t(`cardReader.signatureStatus.${id.signature}`)}
            </dd>
          </>
        )}
      </dl>
      {id.source === 'residence_card' && <CardPictures api={api} readAt={id.readAt} />}
      {id.matches.length === 0 ? (
        <p role="status">{t('cardReader.noMatch')}</p>
      ) : (
        <ul className="matches">
          {id.matches.map((hit) => (
            <li key={hit.residentId}>
              <button
                autoFocus={id.matches.length === 1 && !visit.household}
                onClick={() => run(() => api.call.selectHousehold({ requestId: newRequestId(), householdId: hit.householdId }))}
              >
                {t('identify.selectHousehold', { name: hit.name })}
              </button>{' '}
              <span className="muted">{date(hit.birthDate)}</span>
              {hit.supportMeasure && <strong className="flag"> {t('identify.supportMeasure')}</strong>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The residence card's pictures, for 本人確認: the face photo to compare with the person, and the name (and on
 * gen 2 the address), which the chip holds only as pictures, to compare with the register. Fetched once per
 * read; the host keeps them for that read only.
 */
function CardPictures({ api, readAt }: { api: HostApi<'staff'>; readAt: string }) {
  const { t } = useTranslation('staff');
  const { data, isError } = useQuery({ queryKey: ['identificationImages', readAt], queryFn: () => api.call.getIdentificationImages({}), staleTime: Infinity, gcTime: 0 });
  if (isError) return <p role="status">{t('cardReader.pictures.unavailable')}</p>;
  const images = data?.images;
  if (!images) return null;
  return (
    <figure className="card-pictures" data-testid="card-pictures">
      {(images.generation === 1 ? (['face', 'front'] as const) : (['face', 'name', 'address'] as const)).map((key) => (
        <div key={key} className={`card-picture card-picture-${key}`}>
          {images[key] ? <img src={images[key]} alt={t(`cardReader.pictures.${key}`)} data-picture={key} /> : <span className="muted">{t('cardReader.pictures.unavailable')}</span>}
          <span className="caption">{t(`cardReader.pictures.${key}`)}</span>
        </div>
      ))}
      <figcaption>{t('cardReader.pictures.heading')}</figcaption>
    </figure>
  );
}
