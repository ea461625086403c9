import { Fragment } from 'react';
import { parseRuby } from '../../../shared/i18n/ruby';

/**
 * Renders a translated (already ICU-formatted) string, turning やさしい日本語 furigana markup `[漢字|かんじ]` into
 * <ruby>. Strings of other languages have no markup and come out unchanged. The readings are for sight: the
 * <rt> is hidden from the accessibility tree, so a screen reader says 確認 once instead of 「確認 かくにん」.
 * (Chromium still puts a space around each ruby in a computed name — 「確認 します」 — so a control whose name
 * must be exact also gets `aria-label={stripRuby(text)}`.)
 */
export function RubyText({ text }: { text: string }) {
  return (
    <>
      {parseRuby(text).map((segment, index) =>
        'base' in segment ? (
          <ruby key={index}>
            {segment.base}
            <rt aria-hidden="true">{segment.reading}</rt>
          </ruby>
        ) : (
          <Fragment key={index}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}
