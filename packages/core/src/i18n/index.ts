import { DEFAULT_LOCALE, LOCALES, type Locale } from '../enums.js';
import { enUS } from './en-US.js';
import { type CoreMessageKey, zhCN } from './zh-CN.js';

/**
 * Words a module brings in its own file (`packages/core/src/modules/<module>.ts`), so adding a
 * module edits no list here. The file calls `defineMessages` and adds its zh-CN keys to this
 * interface (declaration merging, as the server's `PolicyRegistry` does):
 *
 *   export const supplierMessages = defineMessages({ 'zh-CN': {...}, 'en-US': {...} });
 *   declare module '../i18n/index.js' {
 *     interface ModuleMessages { suppliers: typeof supplierMessages['zh-CN'] }
 *   }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by modules through declaration merging
export interface ModuleMessages {}

type ModuleMessageKey = { [M in keyof ModuleMessages]: keyof ModuleMessages[M] & string }[keyof ModuleMessages];
export type MessageKey = CoreMessageKey | ModuleMessageKey;

export const catalogues: Record<Locale, Record<MessageKey, string>> = {
  'zh-CN': { ...zhCN } as Record<MessageKey, string>,
  'en-US': { ...enUS } as Record<MessageKey, string>,
};

/**
 * Adds a module's words to both catalogues when its file is first imported (by the server
 * module's manifest and the web feature). zh-CN is the source: en-US must have every key.
 * A key already defined elsewhere is a programming error.
 */
export function defineMessages<const Z extends Record<string, string>>(messages: {
  'zh-CN': Z;
  'en-US': Record<keyof Z, string>;
}): typeof messages {
  for (const key of Object.keys(messages['zh-CN'])) {
    const known = (catalogues['zh-CN'] as Record<string, string>)[key];
    if (known !== undefined && known !== messages['zh-CN'][key]) throw new Error(`message ${key} is defined twice`);
  }
  Object.assign(catalogues['zh-CN'], messages['zh-CN']);
  Object.assign(catalogues['en-US'], messages['en-US']);
  return messages;
}

export type MessageParams = Record<string, string | number>;

export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return interpolate(catalogues[locale][key] ?? catalogues['zh-CN'][key] ?? key, params);
}

/** Picks zh-CN or en-US from an Accept-Language header; zh-CN when nothing matches. */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en-US';
  }
  return DEFAULT_LOCALE;
}

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

export const isMessageKey = (value: string): value is MessageKey => Object.hasOwn(catalogues['zh-CN'], value);
