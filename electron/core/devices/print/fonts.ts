import { GlobalFonts } from '@napi-rs/canvas';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Fonts for the raster path. The counter network has no internet and the product must not depend on what a
 * workstation happens to have installed, so fonts are looked up in this order:
 *
 *   1. bundled: every font file in the bundled font folders (`resources/fonts/` in the repo; the packaged app
 *      passes its own folder). Registered under the family name inside the file.
 *   2. npm: font packages in node_modules. Today only `@fontsource/biz-udpgothic` (a dependency, OFL) is
 *      there: Japanese + Latin + Latin Extended + Vietnamese (ja, pt, es, tl, id, en, vi). Its woff2 subsets register
 *      fine with @napi-rs/canvas (checked: glyphs and metrics differ from the fallback) and per-glyph lookup
 *      across the subsets of one alias works. The `@fontsource/noto-sans*` packages are picked up too if a
 *      later change adds them.
 *   3. system: whatever the OS font manager offers (@napi-rs/canvas loads it by itself: Debian's
 *      fonts-noto-core / fonts-noto-cjk on our machines and CI). Known Debian paths are registered
 *      explicitly when the family is not already visible. This is a development fallback, not a product
 *      guarantee: Devanagari, Hangul and simplified Chinese have no bundled font yet (see
 *      `printFontCoverage`).
 *
 * Registration is process-wide (GlobalFonts) and idempotent.
 */

export type FontOrigin = 'bundled' | 'npm' | 'system';

export interface PrintFontsOptions {
  /** Folders holding bundled font files (ttf, otf, ttc, woff, woff2). Default: `resources/fonts` candidates. */
  bundledDirs?: readonly string[];
  /** Register the known Debian Noto files when a family is not visible yet (default true). */
  systemFallback?: boolean;
}

const FONT_FILE = /\.(ttf|otf|ttc|woff2?)$/i;

/** npm packages shipping woff2 subsets (fontsource layout: files/<name>-<subset>-<weight>-normal.woff2). */
const NPM_FONT_PACKAGES: readonly { pkg: string; family: string }[] = [
  { pkg: '@fontsource/biz-udpgothic', family: 'BIZ UDPGothic' },
  { pkg: '@fontsource/noto-sans', family: 'Noto Sans' },
  { pkg: '@fontsource/noto-sans-devanagari', family: 'Noto Sans Devanagari' },
  { pkg: '@fontsource/noto-sans-jp', family: 'Noto Sans JP' },
  { pkg: '@fontsource/noto-sans-sc', family: 'Noto Sans SC' },
  { pkg: '@fontsource/noto-sans-kr', family: 'Noto Sans KR' },
];

/** Debian's files (fonts-noto-core, fonts-noto-cjk). The CJK collection exposes its JP face first. */
const DEBIAN_FONTS: readonly { file: string; family: string }[] = [
  { file: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', family: 'Noto Sans' },
  { file: '/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf', family: 'Noto Sans Devanagari' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK JP' },
];

/**
 * Family lists per resident language, best first. Bundled families lead where they cover the script, so what
 * CI prints is what the counter prints. BIZ UDPGothic covers Japanese (incl. 髙 﨑 麵), Latin-1, Latin
 * Extended and every precomposed Vietnamese letter (U+1EA0–1EF9, checked against its unicode-range table), so
 * it leads for Vietnamese too; Devanagari, simplified Chinese and Hangul have no bundled font yet.
 */
const FAMILIES: Record<string, readonly string[]> = {
  ja: ['BIZ UDPGothic', 'Noto Sans JP', 'Noto Sans CJK JP'],
  latin: ['BIZ UDPGothic', 'Noto Sans', 'Noto Sans CJK JP'],
  vi: ['BIZ UDPGothic', 'Noto Sans', 'Noto Sans CJK JP'],
  'zh-CN': ['Noto Sans SC', 'Noto Sans CJK SC', 'Noto Sans CJK JP', 'BIZ UDPGothic'],
  ko: ['Noto Sans KR', 'Noto Sans CJK KR', 'Noto Sans CJK JP'],
  ne: ['Noto Sans Devanagari', 'Noto Sans', 'BIZ UDPGothic'],
};

function familyKey(lang: string | undefined): keyof typeof FAMILIES {
  if (lang === undefined || lang === 'ja' || lang === 'ja-x-easy') return 'ja';
  if (lang === 'vi' || lang === 'zh-CN' || lang === 'ko' || lang === 'ne') return lang;
  if (lang.startsWith('zh')) return 'zh-CN';
  return 'latin';
}

/** The font families to draw text of `lang` with, best first (a CSS font-family list, unquoted names). */
export function rasterFontFamilies(lang?: string): readonly string[] {
  return FAMILIES[familyKey(lang)] ?? [];
}

/** A CSS `font` shorthand for canvas: size in px and the family list, ending in sans-serif. */
export function rasterFont(px: number, lang?: string): string {
  const families = rasterFontFamilies(lang).map((family) => `"${family}"`);
  return `${px}px ${[...families, 'sans-serif'].join(', ')}`;
}

const registered = new Map<string, FontOrigin>();
let done = false;

function defaultBundledDirs(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // The packaged app: electron-builder's extraResources put resources/fonts at <resources>/fonts (Electron
  // sets process.resourcesPath; plain Node has none).
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  return [
    ...(packaged ? [path.join(packaged, 'fonts')] : []),
    path.resolve(here, '../../../../resources/fonts'),
    path.resolve(process.cwd(), 'resources/fonts'),
  ];
}

/**
 * Native code (the canvas' font loader) cannot read inside Electron's app.asar: a path there is read from the
 * copy electron-builder unpacked beside it (asarUnpack in build/electron-builder.yml). Other paths unchanged.
 */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

function registerBundled(dirs: readonly string[]): void {
  for (const dir of new Set(dirs)) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) {
        // resources/fonts/<Family Name>/*: every file registers under the folder's name, so subset files
        // (woff2 per unicode range) form one family and the origin is known without parsing name tables.
        const family = entry.name;
        const files = readdirSync(path.join(dir, family)).filter((name) => FONT_FILE.test(name)).sort();
        let any = false;
        for (const name of files) any = GlobalFonts.registerFromPath(path.join(dir, family, name), family) !== null || any;
        if (any) registered.set(family, 'bundled');
      } else if (FONT_FILE.test(entry.name)) {
        // A loose file registers under the family inside it; we learn that name from what appeared.
        const before = new Set(GlobalFonts.families.map((f) => f.family));
        if (GlobalFonts.registerFromPath(path.join(dir, entry.name)) === null) continue;
        for (const f of GlobalFonts.families) if (!before.has(f.family)) registered.set(f.family, 'bundled');
      }
    }
  }
}

function registerNpm(): void {
  const require = createRequire(import.meta.url);
  for (const { pkg, family } of NPM_FONT_PACKAGES) {
    if (registered.has(family)) continue; // a bundled file wins
    let files: string;
    try {
      // fontsource packages export `./*.css`; the woff2 files sit in files/ beside index.css.
      files = outsideAsar(path.join(path.dirname(require.resolve(`${pkg}/index.css`)), 'files'));
    } catch {
      continue; // not installed
    }
    if (!existsSync(files)) continue;
    // Regular weight only: receipts draw 400; each unicode-range subset registers under the one family.
    const subsets = readdirSync(files).filter((name) => /-400-normal\.woff2$/.test(name));
    let any = false;
    for (const name of subsets) any = GlobalFonts.registerFromPath(path.join(files, name), family) !== null || any;
    if (any) registered.set(family, 'npm');
  }
}

function registerSystemFallback(): void {
  for (const { file, family } of DEBIAN_FONTS) {
    if (registered.has(family) || GlobalFonts.has(family) || !existsSync(file)) continue;
    if (GlobalFonts.registerFromPath(file) !== null) registered.set(family, 'system');
  }
}

/** Registers the print fonts once per process; later calls are no-ops. Returns where each family came from. */
export function registerPrintFonts(options: PrintFontsOptions = {}): ReadonlyMap<string, FontOrigin> {
  if (done) return registered;
  done = true;
  registerBundled(options.bundledDirs ?? defaultBundledDirs());
  registerNpm();
  if (options.systemFallback ?? true) registerSystemFallback();
  return registered;
}

export interface FontCoverage {
  lang: string;
  /** The family that will draw this language's text, or null when none of its families is available. */
  family: string | null;
  origin: FontOrigin | null;
}

/** For each language, which font will draw it and where it comes from: the honest "what is bundled" answer. */
export function printFontCoverage(langs: readonly string[]): FontCoverage[] {
  registerPrintFonts();
  return langs.map((lang) => {
    for (const family of rasterFontFamilies(lang)) {
      const origin = registered.get(family) ?? (GlobalFonts.has(family) ? 'system' : undefined);
      if (origin) return { lang, family, origin };
    }
    return { lang, family: null, origin: null };
  });
}
