import { Fragment } from 'react';
import { parseRuby } from '../../../shared/i18n/ruby';

/**
 * Renders a translated (already ICU-formatted) string, turning やさしい日本語 furigana markup `[漢字|かんじ]` into
 * <ruby>. Strings of other languages have no markup and come out unchanged.
 */
export function RubyText({ text }: { text: string }) {
  return (
    <>
      {parseRuby(text).map((segment, index) =>
        'base' in segment ? (
          <ruby key={index}>
            {segment.base}
            <rt>{segment.reading}</rt>
          </ruby>
        ) : (
          <Fragment key={index}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}
