import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LOCALES } from '../src/enums.js';
import { catalogues, interpolate, isLocale, isMessageKey, negotiateLocale, translate } from '../src/i18n/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  const zh = catalogues['zh-CN'];
  const en = catalogues['en-US'];

  it('covers exactly the two supported locales', () => {
    expect(Object.keys(catalogues).sort()).toEqual([...LOCALES].sort());
  });

  it('zh-CN and en-US have exactly the same keys', () => {
    const zhKeys = Object.keys(zh).sort();
    const enKeys = Object.keys(en).sort();
    expect(
      enKeys.filter((k) => !zhKeys.includes(k)),
      'keys only in en-US',
    ).toEqual([]);
    expect(
      zhKeys.filter((k) => !enKeys.includes(k)),
      'keys only in zh-CN',
    ).toEqual([]);
    expect(zhKeys.length).toBeGreaterThan(0);
  });

  for (const locale of LOCALES) {
    it(`${locale} has no empty or blank message`, () => {
      const blank = Object.entries(catalogues[locale])
        .filter(([, text]) => typeof text !== 'string' || text.trim() === '')
        .map(([key]) => key);
      expect(blank).toEqual([]);
    });
  }

  it('every key uses the same {placeholders} in both languages', () => {
    const mismatched = Object.keys(zh)
      .filter((key) => {
        const k = key as keyof typeof zh;
        return JSON.stringify(placeholders(zh[k])) !== JSON.stringify(placeholders(en[k] ?? ''));
      })
      .map(
        (key) =>
          `${key}: zh ${placeholders(zh[key as keyof typeof zh])} / en ${placeholders(en[key as keyof typeof en] ?? '')}`,
      );
    expect(mismatched).toEqual([]);
  });

  it('the zh-CN catalogue is actually Chinese and the en-US one is not', () => {
    const han = /\p{Script=Han}/u;
    expect(zh['state.pending']).toMatch(han);
    const hanInEnglish = Object.entries(en)
      .filter(([, text]) => han.test(text))
      .map(([key]) => key);
    expect(hanInEnglish).toEqual([]);
  });
});

describe('translate and interpolate', () => {
  it('fills named placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(translate('en-US', 'auth.locked', { minutes: 15 })).toContain('15 minutes');
    expect(translate('zh-CN', 'auth.locked', { minutes: 15 })).toContain('15 分钟');
  });

  it('recognises keys and locales', () => {
    expect(isMessageKey('state.pending')).toBe(true);
    expect(isMessageKey('state.nonexistent')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
    expect(isLocale('en-US')).toBe(true);
    expect(isLocale('en')).toBe(false);
  });
});

describe('negotiateLocale', () => {
  const cases: [string | null | undefined, string][] = [
    [undefined, 'zh-CN'],
    [null, 'zh-CN'],
    ['', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-TW,zh;q=0.9', 'zh-CN'],
    ['en-US', 'en-US'],
    ['en-GB,en;q=0.9', 'en-US'],
    ['EN-us', 'en-US'],
    ['fr-FR', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en-US'],
    ['fr-FR, de;q=0.8, zh;q=0.5, en;q=0.3', 'zh-CN'],
    ['zh;q=0.5, en;q=0.9', 'en-US'],
    ['en;q=0.1, zh-CN;q=0.2', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en-US'],
    ['*', 'zh-CN'],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${expected}`, () => {
      expect(negotiateLocale(header)).toBe(expected);
    });
  }

  it('defaults to zh-CN', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN');
  });
});
