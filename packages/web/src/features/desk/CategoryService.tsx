import { Form, Select } from 'antd';
import { useLocale } from '../../app/i18n';
import { useServices } from '../../app/reference';

/** The business service a category belongs to: classifying by the category suggests it. */
export function CategoryServiceField() {
  const { t, locale } = useLocale();
  const { data, isPending } = useServices();
  return (
    <Form.Item name="serviceId" label={t('desk.category.service')}>
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        loading={isPending}
        data-testid="category-service"
        options={(data ?? []).map((s) => ({ value: s.id, label: locale === 'en-US' ? s.nameEn : s.nameZh }))}
      />
    </Form.Item>
  );
}

export function useServiceName() {
  const { locale } = useLocale();
  const { data } = useServices();
  return (id: string | null | undefined) => {
    const service = id ? data?.find((s) => s.id === id) : undefined;
    return service ? (locale === 'en-US' ? service.nameEn : service.nameZh) : '—';
  };
}
