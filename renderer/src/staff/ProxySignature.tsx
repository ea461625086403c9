import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PROXY_SIGNATURE_REASONS, type ProxySignatureReason } from '../../../shared/api/schemas';
import type { HostApi, StaffView } from '../../../shared/contract';
import { newRequestId } from '../common/host-view';

type Visit = NonNullable<StaffView['visit']>;
type Run = (action: () => Promise<unknown>) => void;

/**
 * 代筆: when the resident cannot sign, the clerk writes their name for them — the accepted counter practice —
 * with the reason, which the host records under the signed-in clerk and the backend audits. Beside 「送信」 in
 * the signature step, reachable by keyboard; once recorded, staff see who wrote which name and why (the
 * resident's screen only learns that the visit is signed). Undo takes it back.
 */
export function ProxySignature({ api, visit, run }: { api: HostApi<'staff'>; visit: Visit; run: Run }) {
  const { t } = useTranslation('staff');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<ProxySignatureReason>(PROXY_SIGNATURE_REASONS[0]);
  const [note, setNote] = useState('');
  const [writtenName, setWrittenName] = useState('');
  const openButton = useRef<HTMLButtonElement>(null);
  const reasonSelect = useRef<HTMLSelectElement>(null);
  const formId = useId();

  useEffect(() => {
    if (open) reasonSelect.current?.focus();
  }, [open]);

  const proxy = visit.proxySignature;
  if (proxy) {
    return (
      <p className="proxy-record" data-testid="proxy-signature-record">
        {t(proxy.note ? 'sign.proxy.recordedWithNote' : 'sign.proxy.recorded', { staff: proxy.staffName, name: proxy.writtenName, reason: t(`sign.proxy.reasons.${proxy.reason}`), note: proxy.note })}
      </p>
    );
  }
  // The resident signed themselves: there is nothing to write for them.
  if (visit.signed) return null;

  const close = () => {
    setOpen(false);
    openButton.current?.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The form disappears by itself once the host's view says the visit is signed; on a refusal it stays filled.
    run(() => api.call.signByProxy({ requestId: newRequestId(), reason, note, writtenName }));
  };
  const escape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <>
      {' '}
      <button ref={openButton} aria-expanded={open} aria-controls={formId} onClick={() => (open ? close() : setOpen(true))}>
        {t('sign.proxy.open')}
      </button>
      {open && (
        <form id={formId} className="proxy-signature" onSubmit={submit} onKeyDown={escape} data-testid="proxy-signature-form">
          <fieldset>
            <legend>{t('sign.proxy.heading')}</legend>
            <p className="hint">{t('sign.proxy.hint')}</p>
            <label>
              {t('sign.proxy.reason')}
              <select ref={reasonSelect} value={reason} onChange={(e) => setReason(e.target.value as ProxySignatureReason)}>
                {PROXY_SIGNATURE_REASONS.map((code) => (
                  <option key={code} value={code}>
                    {t(`sign.proxy.reasons.${code}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('sign.proxy.note')}
              <input value={note} onChange={(e) => setNote(e.target.value)} required={reason === 'other'} maxLength={200} />
            </label>
            <label>
              {t('sign.proxy.writtenName')}
              <input value={writtenName} onChange={(e) => setWrittenName(e.target.value)} required maxLength={100} autoComplete="off" />
            </label>
            <div className="actions">
              <button type="submit" className="primary">
                {t('sign.proxy.confirm')}
              </button>
              <button type="button" onClick={close}>
                {t('sign.proxy.cancel')}
              </button>
            </div>
          </fieldset>
        </form>
      )}
    </>
  );
}
