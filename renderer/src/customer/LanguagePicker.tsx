import { BUNDLED_LANGUAGES, ENDONYMS, htmlLang, type BundledLanguage } from '../../../shared/domain/languages';
import { createI18n } from '../../../shared/i18n/create';
import { RubyText } from '../common/RubyText';

/**
 * Shown until a language is chosen: the prompt in every language, each button labelled in its own language.
 * Laid out in columns so all eleven buttons fit the 1280×1024 customer display without scrolling.
 */
export function LanguagePicker({ onChoose }: { onChoose: (code: BundledLanguage) => void }) {
  return (
    <main className="customer picker" data-testid="customer-language-picker">
      <div className="prompts">
        {BUNDLED_LANGUAGES.map((code) => (
          <p key={code} lang={htmlLang(code)} className="prompt">
            <RubyText text={createI18n(code, ['customer']).t('chooseLanguage')} />
          </p>
        ))}
      </div>
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
