import { LOCALES, type Locale } from '@trellis/core';
import { Segmented } from 'antd';
import { useReportError } from '../errors';
import { LOCALE_NAMES, useLocale } from '../i18n';
import { useSwitchLocale } from '../session';

export function LanguageSwitch() {
  const { locale, t } = useLocale();
  const switchLocale = useSwitchLocale();
  const reportError = useReportError();
  return (
    <Segmented<Locale>
      size="small"
      data-testid="lang-switch"
      aria-label={t('header.language')}
      value={locale}
      options={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }))}
      onChange={(value) => {
        switchLocale(value).catch(reportError);
      }}
    />
  );
}
