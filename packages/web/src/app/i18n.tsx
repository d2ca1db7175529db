import { useQueryClient } from '@tanstack/react-query';
import {
  catalogues,
  DEFAULT_LOCALE,
  interpolate,
  isLocale,
  type Locale,
  type MessageKey,
  type MessageParams,
} from '@trellis/core';
import { App as AntApp, ConfigProvider } from 'antd';
import antdEnUS from 'antd/locale/en_US';
import antdZhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { enUS } from '../i18n/en-US';
import { zhCN } from '../i18n/zh-CN';
import { setApiLocale } from './api';

/** UI words live in the web catalogue; domain words (states, levels, roles, timeline…) in @trellis/core. */
export type UiKey = keyof typeof zhCN;
export type TranslationKey = UiKey | MessageKey;
export type Translate = (key: TranslationKey, params?: MessageParams) => string;

const ui: Record<Locale, Record<UiKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
const STORAGE_KEY = 'trellis.locale';

export function translateIn(locale: Locale, key: TranslationKey, params?: MessageParams): string {
  const template =
    (ui[locale] as Record<string, string>)[key] ?? (catalogues[locale] as Record<string, string>)[key] ?? key;
  return interpolate(template, params);
}

export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', 'en-US': 'English' };

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (isLocale(value)) return value;
  } catch {
    // storage may be unavailable (private mode); the default applies
  }
  return DEFAULT_LOCALE;
}

function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // ignore
  }
}

interface LocaleContextValue {
  locale: Locale;
  t: Translate;
  /** Changes the language shown (and stored on this device); saving it for the user is the caller's job. */
  changeLocale: (locale: Locale) => void;
  /** True once the user picked a language on this device while signed out. */
  chosenWhileSignedOut: boolean;
  markChosenWhileSignedOut: (value: boolean) => void;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

function applyGlobally(locale: Locale): void {
  setApiLocale(locale, translateIn(locale, 'error.network'));
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() => {
    const initial = storedLocale();
    applyGlobally(initial);
    return initial;
  });
  const [chosenWhileSignedOut, markChosenWhileSignedOut] = useState(false);
  const queryClient = useQueryClient();
  const current = useRef(locale);

  const changeLocale = useCallback(
    (next: Locale) => {
      if (next === current.current) return;
      current.current = next;
      applyGlobally(next);
      storeLocale(next);
      setLocale(next);
      // Server texts (priority levels, error messages) come translated: fetch them again.
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
    },
    [queryClient],
  );

  const value = useMemo<LocaleContextValue>(
    () => ({
      locale,
      t: (key, params) => translateIn(locale, key, params),
      changeLocale,
      chosenWhileSignedOut,
      markChosenWhileSignedOut,
    }),
    [locale, changeLocale, chosenWhileSignedOut],
  );

  return (
    <LocaleContext.Provider value={value}>
      <ConfigProvider
        locale={locale === 'zh-CN' ? antdZhCN : antdEnUS}
        theme={{
          token: { colorPrimary: '#1f6f5c', colorLink: '#1f6f5c', borderRadius: 6 },
          components: { Menu: { itemSelectedBg: '#e3f1ec', itemSelectedColor: '#1f6f5c' } },
        }}
        button={{ autoInsertSpace: false }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}

export function useT(): Translate {
  return useLocale().t;
}
