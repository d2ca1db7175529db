import { DEFAULT_LOCALE, LOCALES, type Locale } from '../enums.js';
import { enUS } from './en-US.js';
import { type MessageKey, zhCN } from './zh-CN.js';

export type { MessageKey };
export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export type MessageParams = Record<string, string | number>;

export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return interpolate(catalogues[locale][key] ?? zhCN[key], params);
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

export const isMessageKey = (value: string): value is MessageKey => Object.hasOwn(zhCN, value);
