import type { BundledLanguage } from '../../../shared/domain/languages';
import { japaneseTexts } from '../common/japanese-texts';

/**
 * The Japanese words of the forms, to show beside the resident's language: the paper they sign is in Japanese,
 * so they see which field and which procedure each line is. Not repeated for Japanese and やさしい日本語 readers.
 */
export function useJapaneseBeside(language: BundledLanguage): ((key: string) => string) | null {
  if (language === 'ja' || language === 'ja-x-easy') return null;
  return (key: string) => japaneseTexts().t(key);
}

/** 続柄 as the 住民票 writes it → the key of its meaning in `customer:relations`. */
export const RELATION_KEYS: Readonly<Record<string, string>> = {
  世帯主: 'head',
  妻: 'wife',
  夫: 'husband',
  子: 'child',
  父: 'father',
  母: 'mother',
  孫: 'grandchild',
  同居人: 'cohabitant',
};
