import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi } from '../../../shared/contract';
import { newRequestId } from '../common/host-view';
import { ReaderCardState, useDevices } from './CardReader';

/**
 * Staff sign-in: password plus the second factor (the staff IC card's UID, read by the counter's card reader,
 * or typed where no reader is ready; or a TOTP code). The password goes straight to the host
 * and is cleared from the form as soon as it is sent. With `again` it is the sign-in after the backend ended the
 * clerk's session: it says so, and that the open visit waits for the same clerk.
 */
export function SignIn({ api, run, again }: { api: HostApi<'staff'>; run: (action: () => Promise<unknown>) => void; again?: { name: string; visitOpen: boolean } }) {
  const { t } = useTranslation(['staff', 'common']);
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const devices = useDevices(api);
  const readerReady = devices?.cardReader.status === 'ready';
  const [chosen, setFactor] = useState<'cardReader' | 'card' | 'totp' | null>(null);
  // The staff card on the counter's reader when there is one; otherwise the UID typed, or a TOTP code.
  const factor = chosen ?? (readerReady ? 'cardReader' : 'card');
  const [secret, setSecret] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const secondFactor =
      factor === 'cardReader' ? { kind: 'cardReader' as const } : factor === 'card' ? { kind: 'card' as const, uid: secret.trim() } : { kind: 'totp' as const, code: secret.trim() };
    const sent = password;
    setPassword('');
    setSecret('');
    run(() => api.call.signIn({ requestId: newRequestId(), loginId: loginId.trim(), password: sent, secondFactor }));
  };

  return (
    <form className={again ? 'sign-in again' : 'sign-in'} onSubmit={submit} aria-labelledby="sign-in-heading" data-testid={again ? 'session-expired' : undefined}>
      <h2 id="sign-in-heading">{again ? t('sessionExpired.heading') : t('signIn.heading')}</h2>
      {again && (
        <p className="notice warning" role="alert">
          {t('common:errors.session_expired')}
          {again.visitOpen && <> {t('sessionExpired.sameStaff', { name: again.name })}</>}
        </p>
      )}
      <label>
        {t('signIn.loginId')}
        <input autoFocus autoComplete="username" value={loginId} onChange={(e) => setLoginId(e.target.value)} required />
      </label>
      <label>
        {t('signIn.password')}
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      <fieldset>
        <legend>{t('signIn.secondFactor')}</legend>
        {readerReady && (
          <label>
            <input type="radio" name="factor" checked={factor === 'cardReader'} onChange={() => setFactor('cardReader')} />
            {t('signIn.cardReader')}
          </label>
        )}
        <label>
          <input type="radio" name="factor" checked={factor === 'card'} onChange={() => setFactor('card')} />
          {t('signIn.card')}
        </label>
        <label>
          <input type="radio" name="factor" checked={factor === 'totp'} onChange={() => setFactor('totp')} />
          {t('signIn.totp')}
        </label>
      </fieldset>
      {factor === 'cardReader' ? (
        <ReaderCardState card={devices?.cardReader.card ?? 'none'} live>
          {t('signIn.cardOnReader', { card: devices?.cardReader.card ?? 'none' })}
        </ReaderCardState>
      ) : (
        <label>
          {factor === 'card' ? t('signIn.cardUid') : t('signIn.totpCode')}
          <input value={secret} onChange={(e) => setSecret(e.target.value)} required autoComplete="off" inputMode={factor === 'totp' ? 'numeric' : 'text'} />
        </label>
      )}
      <button className="primary" type="submit">
        {t('signIn.submit')}
      </button>
    </form>
  );
}
