import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { toHostApi, type HostApi } from '../../../shared/contract';
import { BUNDLED_LANGUAGES, htmlLang, residentLanguageOf, type BundledLanguage } from '../../../shared/domain/languages';
import { createI18n } from '../../../shared/i18n/create';
import { stripRuby } from '../../../shared/i18n/ruby';
import { newRequestId, useHostView } from '../common/host-view';
import { RubyText } from '../common/RubyText';
import { LanguagePicker } from './LanguagePicker';
import { ProceduresStep, type VisitView } from './Procedures';
import { Refusals } from './Refusals';
import { Review } from './Review';
import { SignaturePad } from './SignaturePad';
import type { HostConnection } from '../platform/connection';

/**
 * The customer-facing screen. It renders only the customer projection, which carries no names, notes or ids,
 * so when a visit ends and the projection goes back to idle, nothing of the household remains in the page.
 * Designed for a resident standing at the counter: everything they read, confirm and sign fits the display
 * (1280×1024) without scrolling — long content is paged with large buttons.
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
  const i18n = useMemo(() => createI18n(language, ['customer', 'common', 'catalog']), [language]);
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
      <h1>
        <RubyText text={t('welcome')} />
      </h1>
      <p>
        <RubyText text={t('welcomeDetail')} />
      </p>
    </main>
  );
}

function VisitScreen({ view, api }: { view: VisitView; api: HostApi<'customer'> }) {
  const [picking, setPicking] = useState(false);
  const language = residentLanguageOf(view.language);
  const i18n = useMemo(() => createI18n(language, ['customer', 'common', 'catalog']), [language]);
  useEffect(() => {
    document.documentElement.lang = htmlLang(language);
  }, [language]);

  const choose = (code: BundledLanguage) => {
    setPicking(false);
    void api.call.chooseLanguage({ requestId: newRequestId(), language: code }).catch(() => setPicking(true));
  };

  return (
    <I18nextProvider i18n={i18n}>
      {view.language === null || picking ? <LanguagePicker onChoose={choose} /> : <StepView view={view} api={api} language={language} onChangeLanguage={() => setPicking(true)} />}
    </I18nextProvider>
  );
}

function StepView({ view, api, language, onChangeLanguage }: { view: VisitView; api: HostApi<'customer'>; language: BundledLanguage; onChangeLanguage: () => void }) {
  const { t } = useTranslation('customer');
  const r = (key: string, options?: Record<string, unknown>) => <RubyText text={t(key, options)} />;
  const showsProcedures = view.step === 'procedures' && view.procedures.length > 0;
  return (
    <main className={language === 'ja-x-easy' ? 'customer step with-ruby' : 'customer step'} data-testid="customer-step" data-step={view.step}>
      <header className="step-header">
        <p className="progress" aria-label={t('stepOf', { current: view.stepIndex + 1, total: view.stepCount })}>
          {Array.from({ length: view.stepCount }, (_, i) => (
            <span key={i} className={i <= view.stepIndex ? 'dot on' : 'dot'} aria-hidden="true" />
          ))}
          <span className="count">{t('stepOf', { current: view.stepIndex + 1, total: view.stepCount })}</span>
        </p>
        <button className="change-language" onClick={onChangeLanguage} aria-label={stripRuby(t('changeLanguage'))}>
          {r('changeLanguage')}
        </button>
      </header>
      <h1>{r(`steps.${view.step}.title`)}</h1>
      <p className="body">{r(`steps.${view.step}.body`)}</p>
      {(view.step === 'procedures' || view.step === 'review') && <Refusals view={view} />}
      {showsProcedures && <ProceduresStep view={view} language={language} />}
      {view.step === 'review' && <Review view={view} api={api} language={language} />}
      {view.step === 'sign' && <SignStep view={view} api={api} />}
      {view.step === 'finish' && view.receiptNumber && (
        <p className="receipt" role="status">
          {r('finish.receipt', { receipt: view.receiptNumber })}
        </p>
      )}
    </main>
  );
}

/**
 * 署名: first what the resident's data is used for, by whom and on what legal basis, then a large pad that says
 * where to sign. All of it fits the display with the pad's buttons.
 */
function SignStep({ view, api }: { view: VisitView; api: HostApi<'customer'> }) {
  const { t } = useTranslation('customer');
  const r = (key: string) => <RubyText text={t(key)} />;
  return (
    <section className="sign-step">
      <aside className="privacy" aria-labelledby="privacy-heading" data-testid="privacy">
        <h2 id="privacy-heading">{r('privacy.heading')}</h2>
        <p>{r('privacy.body')}</p>
      </aside>
      <SignaturePad
        label={stripRuby(t('sign.pad'))}
        clearLabel={stripRuby(t('sign.clear'))}
        doneLabel={stripRuby(t('sign.done'))}
        disabled={view.signed}
        onDone={(svg) => void api.call.sign({ requestId: newRequestId(), svg })}
      />
      {view.signed && (
        <p role="status" className="done">
          {r('sign.thanks')}
        </p>
      )}
    </section>
  );
}
