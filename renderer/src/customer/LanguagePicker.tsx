import { BUNDLED_LANGUAGES, ENDONYMS, htmlLang, type BundledLanguage } from '../../../shared/domain/languages';
import { createI18n } from '../../../shared/i18n/create';
import { RubyText } from '../common/RubyText';

let prompts: readonly (readonly [BundledLanguage, string])[] | undefined;
/** "Please choose your language" in every language: made once per window (eleven i18next instances), not per render. */
function choosePrompts(): readonly (readonly [BundledLanguage, string])[] {
  prompts ??= BUNDLED_LANGUAGES.map((code) => [code, createI18n(code, ['customer']).t('chooseLanguage')] as const);
  return prompts;
}

/**
 * Shown until a language is chosen: the prompt in every language, each button labelled in its own language.
 * Laid out in columns so all eleven buttons fit the 1280×1024 customer display without scrolling.
 */
export function LanguagePicker({ onChoose }: { onChoose: (code: BundledLanguage) => void }) {
  return (
    <main className="customer picker" data-testid="customer-language-picker">
      <div className="prompts">
        {choosePrompts().map(([code, prompt]) => (
          <p key={code} lang={htmlLang(code)} className="prompt">
            <RubyText text={prompt} />
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
