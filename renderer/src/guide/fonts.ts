/**
 * The paper's fonts, bundled (the counter network has no internet) and one per script, so that every word is
 * set from a single font. A word whose letters come from several fonts (BIZ UDPGothic's Vietnamese letters go
 * to the PDF as Type 3 glyphs, placed one by one) comes out of the PDF's text layer in pieces, and copy,
 * search and screen readers get "Các th t c" instead of "Các thủ tục". guide.css gives each language its font.
 *
 * - BIZ UDPGothic (imported by boot.tsx): Japanese and やさしい日本語, the universal-design typeface.
 * - Noto Sans, Latin + Latin Extended + Vietnamese subsets: en, pt-BR, tl, es, vi, id, and names in Latin letters.
 * - Noto Sans Devanagari (with its Latin subsets): ne. Noto Sans SC: zh-CN. Noto Sans KR: ko.
 *
 * Fontsource declares each subset with its unicode-range, so a page downloads only the files it shows.
 */
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans/latin-ext-400.css';
import '@fontsource/noto-sans/latin-ext-700.css';
import '@fontsource/noto-sans/vietnamese-400.css';
import '@fontsource/noto-sans/vietnamese-700.css';
import '@fontsource/noto-sans-devanagari/400.css';
import '@fontsource/noto-sans-devanagari/700.css';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import '@fontsource/noto-sans-kr/400.css';
import '@fontsource/noto-sans-kr/700.css';
