import { CATALOG_ICONS, type CatalogItem, type Service } from '@trellis/core';
import { useLocale } from '../../app/i18n';
import { useOrganizations } from '../../app/reference';
import { RegisterPage } from '../../kit/RegisterPage';
import { activeColumn } from '../admin/columns';
import { pick } from './api';
import { ItemDefinition } from './ItemDefinition';

type ServiceForm = {
  code: string;
  nameZh: string;
  nameEn: string;
  description?: string;
  ownerId?: string | null;
  organizationId?: string | null;
  sort?: number;
  active?: boolean;
};

/** 业务服务: the services the catalogue, categories and SLAs hang off. */
export function ServicesAdminPage() {
  const { t } = useLocale();
  const orgs = useOrganizations();
  const customers = (orgs.data ?? []).filter((o) => o.kind === 'customer');
  return (
    <RegisterPage<Service, ServiceForm>
      path="/services"
      title={t('catalog.nav.services')}
      newLabel={t('catalog.service.new')}
      testId="service"
      archivable={false}
      scroll={{ x: 800 }}
      defaults={{ sort: 0 }}
      toForm={(s) => ({ ...s, ownerId: s.owner?.id ?? undefined, organizationId: s.organizationId ?? undefined })}
      toBody={(v, item) => ({
        code: v.code.trim(),
        nameZh: v.nameZh.trim(),
        nameEn: v.nameEn.trim(),
        description: v.description?.trim() ?? '',
        ownerId: v.ownerId ?? null,
        organizationId: v.organizationId ?? null,
        sort: v.sort ?? 0,
        ...(item ? { active: v.active } : {}),
      })}
      columns={[
        { title: t('catalog.service.code'), dataIndex: 'code' },
        { title: t('catalog.service.nameZh'), dataIndex: 'nameZh' },
        { title: t('catalog.service.nameEn'), dataIndex: 'nameEn' },
        { title: t('catalog.service.owner'), key: 'owner', render: (_, s) => s.owner?.name ?? '—' },
        {
          title: t('catalog.service.organization'),
          key: 'org',
          render: (_, s) =>
            customers.find((o) => o.id === s.organizationId)?.name ?? t('catalog.service.allOrganizations'),
        },
        { title: t('catalog.service.sort'), dataIndex: 'sort', width: 80 },
        activeColumn<Service>(t),
      ]}
      fields={[
        { name: 'code', label: t('catalog.service.code'), kind: 'text', required: true, maxLength: 40 },
        { name: 'nameZh', label: t('catalog.service.nameZh'), kind: 'text', required: true, maxLength: 100 },
        { name: 'nameEn', label: t('catalog.service.nameEn'), kind: 'text', required: true, maxLength: 100 },
        { name: 'description', label: t('catalog.service.description'), kind: 'textarea', maxLength: 2000 },
        {
          name: 'ownerId',
          label: t('catalog.service.owner'),
          kind: 'select',
          allowClear: true,
          source: { path: '/users', params: { staff: 'true' }, search: 'q' },
        },
        {
          name: 'organizationId',
          label: t('catalog.service.organization'),
          kind: 'select',
          allowClear: true,
          placeholder: t('catalog.service.allOrganizations'),
          source: { path: '/organizations', filter: (o: { kind: string }) => o.kind === 'customer' },
        },
        { name: 'sort', label: t('catalog.service.sort'), kind: 'number' },
        { name: 'active', label: t('admin.active'), kind: 'switch', editOnly: true },
      ]}
    />
  );
}

type ItemForm = Omit<CatalogItem, 'id' | 'serviceNameZh' | 'serviceNameEn' | 'updatedAt' | 'form'> & {
  form: (CatalogItem['form'][number] & { whenField?: string; whenValues?: string })[];
};

/** 服务目录: items under services, each with its form, approval steps and fulfilment stages. */
export function CatalogItemsAdminPage() {
  const { t, locale } = useLocale();
  return (
    <RegisterPage<CatalogItem, ItemForm>
      path="/catalog/items"
      listParams={{ all: 'true' }}
      title={t('catalog.nav.items')}
      newLabel={t('catalog.item.new')}
      testId="catalog-admin"
      archivable={false}
      formWidth={960}
      scroll={{ x: 800 }}
      defaults={{ icon: 'appstore', sort: 0, form: [], approvals: [], stages: [], organizationIds: [] }}
      toForm={(item) => ({
        ...item,
        form: item.form.map((f) => ({ ...f, whenField: f.when?.field, whenValues: f.when?.values.join(',') })),
      })}
      toBody={(v, item) => ({
        serviceId: v.serviceId,
        nameZh: v.nameZh.trim(),
        nameEn: v.nameEn.trim(),
        descriptionZh: v.descriptionZh?.trim() ?? '',
        descriptionEn: v.descriptionEn?.trim() ?? '',
        icon: v.icon,
        sort: v.sort ?? 0,
        organizationIds: v.organizationIds ?? [],
        form: (v.form ?? []).map(({ whenField, whenValues, ...f }) => ({
          ...f,
          required: Boolean(f.required),
          options: f.type === 'choice' ? (f.options ?? []) : undefined,
          when: whenField
            ? {
                field: whenField,
                values: (whenValues ?? '')
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              }
            : null,
        })),
        approvals: v.approvals ?? [],
        stages: v.stages ?? [],
        ...(item ? { active: v.active } : {}),
      })}
      columns={[
        {
          title: t('catalog.item.service'),
          key: 's',
          render: (_, i) => pick(locale, i.serviceNameZh, i.serviceNameEn),
        },
        { title: t('catalog.item.nameZh'), key: 'n', render: (_, i) => pick(locale, i.nameZh, i.nameEn) },
        {
          title: '',
          key: 'c',
          render: (_, i) =>
            t('catalog.item.counts', {
              fields: i.form.length,
              steps: i.approvals.length,
              tasks: i.stages.reduce((n, s) => n + s.tasks.length, 0),
            }),
        },
        { title: t('catalog.item.sort'), dataIndex: 'sort', width: 80 },
        activeColumn<CatalogItem>(t),
      ]}
      fields={[
        {
          name: 'serviceId',
          label: t('catalog.item.service'),
          kind: 'select',
          required: true,
          source: { path: '/services', label: (s: Service) => pick(locale, s.nameZh, s.nameEn) },
        },
        { name: 'nameZh', label: t('catalog.item.nameZh'), kind: 'text', required: true, maxLength: 100 },
        { name: 'nameEn', label: t('catalog.item.nameEn'), kind: 'text', required: true, maxLength: 100 },
        {
          name: 'icon',
          label: t('catalog.item.icon'),
          kind: 'select',
          options: CATALOG_ICONS.map((i) => ({ value: i, label: i })),
        },
        { name: 'sort', label: t('catalog.item.sort'), kind: 'number' },
        { name: 'active', label: t('admin.active'), kind: 'switch', editOnly: true },
        { name: 'descriptionZh', label: t('catalog.item.descriptionZh'), kind: 'textarea', maxLength: 2000 },
        { name: 'descriptionEn', label: t('catalog.item.descriptionEn'), kind: 'textarea', maxLength: 2000 },
        {
          name: 'organizationIds',
          label: t('catalog.item.organizations'),
          kind: 'select',
          mode: 'multiple',
          allowClear: true,
          source: { path: '/organizations', filter: (o: { kind: string }) => o.kind === 'customer' },
        },
      ]}
      formExtra={<ItemDefinition />}
    />
  );
}
