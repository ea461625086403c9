import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { toHostApi, type CustomerView, type HostApi } from '../../../shared/contract';
import { BUNDLED_LANGUAGES, ENDONYMS, htmlLang, type BundledLanguage } from '../../../shared/domain/languages';
import { createI18n } from '../../../shared/i18n/create';
import { newRequestId, useHostView } from '../common/host-view';
import type { HostConnection } from '../platform/connection';

/**
 * The customer-facing screen. It renders only the customer projection, which carries no names, notes or ids,
 * so when a visit ends and the projection goes back to idle, nothing of the household remains in the page.
 */
export function CustomerApp({ connection }: { connection: HostConnection<'customer'> }) {
  const api = useMemo(() => toHostApi(connection.raw), [connection]);
  const view = useHostView('customerView', connection, () => api.call.getCustomerSnapshot({}), api.on.customerViewChanged);
  if (!view) return null;
  return view.mode === 'idle' ? <Welcome /> : <VisitScreen view={view} api={api} />;
}

const WELCOME_ROTATION_MS = 4000;

/** Idle: a calm welcome that cycles through the bundled languages, so every resident sees their own. */
function Welcome() {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setIndex((i) => (i + 1) % BUNDLED_LANGUAGES.length), WELCOME_ROTATION_MS);
    return () => clearInterval(timer);
  }, []);
  const language = BUNDLED_LANGUAGES[index] ?? 'ja';
  const i18n = useMemo(() => createI18n(language, ['customer', 'common']), [language]);
  useEffect(() => {
    document.documentElement.lang = htmlLang(language);
  }, [language]);
  return (
    <I18nextProvider i18n={i18n}>
      <WelcomeText />
    </I18nextProvider>
  );
}

function WelcomeText() {
  const { t } = useTranslation('customer');
  return (
    <main className="customer idle" data-testid="customer-idle">
      <h1>{t('welcome')}</h1>
      <p>{t('welcomeDetail')}</p>
    </main>
  );
}

function VisitScreen({ view, api }: { view: Extract<CustomerView, { mode: 'visit' }>; api: HostApi<'customer'> }) {
  const [picking, setPicking] = useState(false);
  const language: BundledLanguage = view.language ?? 'ja';
  const i18n = useMemo(() => createI18n(language, ['customer', 'common']), [language]);
  useEffect(() => {
    document.documentElement.lang = htmlLang(language);
  }, [language]);

  const choose = (code: BundledLanguage) => {
    setPicking(false);
    void api.call.chooseLanguage({ requestId: newRequestId(), language: code }).catch(() => setPicking(true));
  };

  return (
    <I18nextProvider i18n={i18n}>
      {view.language === null || picking ? <LanguagePicker onChoose={choose} /> : <StepView view={view} onChangeLanguage={() => setPicking(true)} />}
    </I18nextProvider>
  );
}

/** Shown until a language is chosen: the prompt in every language, each button labelled in its own language. */
function LanguagePicker({ onChoose }: { onChoose: (code: BundledLanguage) => void }) {
  return (
    <main className="customer picker" data-testid="customer-language-picker">
      {BUNDLED_LANGUAGES.map((code) => (
        <p key={code} lang={htmlLang(code)} className="prompt">
          {createI18n(code, ['customer']).t('chooseLanguage')}
        </p>
      ))}
      <div className="language-buttons">
        {BUNDLED_LANGUAGES.map((code) => (
          <button key={code} lang={htmlLang(code)} onClick={() => onChoose(code)}>
            {ENDONYMS[code]}
          </button>
        ))}
      </div>
    </main>
  );
}

function StepView({ view, onChangeLanguage }: { view: Extract<CustomerView, { mode: 'visit' }>; onChangeLanguage: () => void }) {
  const { t } = useTranslation('customer');
  return (
    <main className="customer step" data-testid="customer-step" data-step={view.step}>
      <p className="progress" aria-label={t('stepOf', { current: view.stepIndex + 1, total: view.stepCount })}>
        {Array.from({ length: view.stepCount }, (_, i) => (
          <span key={i} className={i <= view.stepIndex ? 'dot on' : 'dot'} aria-hidden="true" />
        ))}
        <span className="count">{t('stepOf', { current: view.stepIndex + 1, total: view.stepCount })}</span>
      </p>
      <h1>{t(`steps.${view.step}.title`)}</h1>
      <p className="body">{t(`steps.${view.step}.body`)}</p>
      <button className="change-language" onClick={onChangeLanguage}>
        {t('changeLanguage')}
      </button>
    </main>
  );
}
