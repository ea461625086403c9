import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HostCallError, type HostApi } from '../../../shared/contract';
import { handoffCodeLetters } from '../../../shared/api/schemas';
import { newRequestId } from '../common/host-view';
import { DateField } from './DateField';

type Run = (action: () => Promise<unknown>) => void;

/**
 * The code as the backend takes it, from however staff typed it off the paper: letters and digits only, upper
 * case, in its printed two groups (XXXXX-XXXXX). Anything else is left for the contract to refuse.
 */
export function handoffCodeTyped(text: string): string {
  const letters = handoffCodeLetters(text);
  return letters.length === 10 ? `${letters.slice(0, 5)}-${letters.slice(5)}` : text.trim().slice(0, 20);
}

/**
 * 特例転入 from another member town: the code printed on the family's 転出 paper and one member's birth date. The
 * host claims the 転出証明書 items with them and opens the intake form filled from them. A refusal (a wrong,
 * expired or used code: the backend does not say which) is said here, in the backend's words for the clerk.
 */
export function HandoffClaim({ api, run, onCancel }: { api: HostApi<'staff'>; run: Run; onCancel: () => void }) {
  const { t } = useTranslation('staff');
  const [code, setCode] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [refused, setRefused] = useState<string | null>(null);

  const claim = (event: FormEvent) => {
    event.preventDefault();
    run(async () => {
      try {
        await api.call.claimHandoff({ requestId: newRequestId(), code: handoffCodeTyped(code), birthDate });
        setRefused(null);
      } catch (error) {
        if (!(error instanceof HostCallError) || (error.code !== 'rejected' && error.code !== 'invalid_input')) throw error;
        const message = error.code === 'rejected' ? (error.details as { message?: string } | undefined)?.message : undefined;
        setRefused(message ?? t('handoff.invalid'));
      }
    });
  };

  return (
    <form className="handoff-claim" onSubmit={claim} aria-labelledby="handoff-heading">
      <h3 id="handoff-heading">{t('handoff.heading')}</h3>
      <label>
        {t('handoff.code')}
        <input autoFocus lang="en" autoComplete="off" spellCheck={false} value={code} maxLength={20} onChange={(e) => setCode(e.target.value)} required aria-invalid={refused ? true : undefined} />
      </label>
      <DateField label={t('handoff.birthDate')} value={birthDate} onChange={setBirthDate} required />
      <button type="submit" className="primary">
        {t('handoff.claim')}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('handoff.cancel')}
      </button>
      {refused && (
        <p role="alert" className="notice error" data-testid="handoff-refused">
          {t('handoff.refused', { message: refused })}
        </p>
      )}
    </form>
  );
}
