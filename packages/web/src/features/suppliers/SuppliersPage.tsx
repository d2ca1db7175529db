import { useQuery } from '@tanstack/react-query';
import type { Calendar } from '@trellis/core';
import type { Supplier, UnderpinningContract } from '@trellis/core/modules/suppliers';
import { Card, Space, Tabs, Tag, Typography } from 'antd';
import { api } from '../../app/api';
import { useLocale, useT } from '../../app/i18n';
import { useServices } from '../../app/reference';
import { formatMinutes } from '../../kit/duration';
import { RegisterPage } from '../../kit/RegisterPage';
import { useRegister } from '../../kit/useRegister';
import { activeColumn } from '../admin/columns';

/** Suppliers (供应商) and the underpinning contracts they owe us, one tab each. */
export function SuppliersPage() {
  const t = useT();
  return (
    <Card>
      <Typography.Title level={4}>{t('supplier.title')}</Typography.Title>
      <Tabs
        items={[
          { key: 'suppliers', label: t('supplier.suppliers'), children: <SuppliersTab /> },
          { key: 'contracts', label: t('supplier.contracts'), children: <ContractsTab /> },
        ]}
      />
    </Card>
  );
}

function SuppliersTab() {
  const t = useT();
  return (
    <RegisterPage<Supplier, Partial<Supplier>>
      embedded
      path="/suppliers"
      title={t('supplier.suppliers')}
      newLabel={t('supplier.newSupplier')}
      testId="supplier"
      defaults={{ active: true }}
      columns={[
        { title: t('supplier.supplierName'), dataIndex: 'name' },
        { title: t('supplier.contact'), dataIndex: 'contact' },
        activeColumn<Supplier>(t),
      ]}
      fields={[
        { name: 'name', label: t('supplier.supplierName'), kind: 'text', required: true, maxLength: 100 },
        { name: 'contact', label: t('supplier.contact'), kind: 'text', maxLength: 200 },
        { name: 'active', label: t('admin.active'), kind: 'switch' },
      ]}
    />
  );
}

/** Underpinning contracts; a supplier the server does not know comes back as an error on that field. */
function ContractsTab() {
  const t = useT();
  const { locale } = useLocale();
  const suppliers = useRegister<Supplier, Partial<Supplier>>('/suppliers').list;
  const calendars = useQuery({ queryKey: ['calendars'], queryFn: () => api.get<Calendar[]>('/calendars') });
  const services = useServices();
  const serviceOptions = (services.data ?? []).map((s) => ({
    value: s.id,
    label: locale === 'zh-CN' ? s.nameZh : s.nameEn,
  }));
  const minutesExtra = t('sla.form.minutes');
  return (
    <RegisterPage<UnderpinningContract, Partial<UnderpinningContract>>
      embedded
      path="/underpinning-contracts"
      title={t('supplier.contracts')}
      newLabel={t('supplier.newContract')}
      testId="contract"
      canCreate={Boolean(suppliers.data?.length)}
      defaults={{ active: true }}
      columns={[
        { title: t('supplier.contractName'), dataIndex: 'name' },
        {
          title: t('supplier.supplier'),
          dataIndex: 'supplierId',
          render: (id: string) => suppliers.data?.find((s) => s.id === id)?.name ?? id,
        },
        {
          title: t('sla.form.service'),
          dataIndex: 'serviceId',
          render: (id: string | null) => serviceOptions.find((s) => s.value === id)?.label ?? '—',
        },
        { title: t('sla.slas.response'), dataIndex: 'responseMinutes', render: formatMinutes },
        {
          title: t('sla.slas.resolution'),
          dataIndex: 'resolutionMinutes',
          render: (m: number, c) => (
            <Space>
              {formatMinutes(m)}
              {c.exceedsSla && <Tag color="warning">{t('supplier.exceedsSla')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('sla.slas.calendar'),
          dataIndex: 'calendarId',
          render: (id: string) => calendars.data?.find((c) => c.id === id)?.name ?? id,
        },
        activeColumn<UnderpinningContract>(t),
      ]}
      fields={[
        { name: 'name', label: t('supplier.contractName'), kind: 'text', required: true, maxLength: 100 },
        {
          name: 'supplierId',
          label: t('supplier.supplier'),
          kind: 'select',
          required: true,
          options: (suppliers.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        },
        { name: 'serviceId', label: t('sla.form.service'), kind: 'select', options: serviceOptions },
        { name: 'responseMinutes', label: t('sla.slas.response'), kind: 'number', required: true, extra: minutesExtra },
        {
          name: 'resolutionMinutes',
          label: t('sla.slas.resolution'),
          kind: 'number',
          required: true,
          extra: minutesExtra,
        },
        {
          name: 'calendarId',
          label: t('sla.slas.calendar'),
          kind: 'select',
          required: true,
          options: (calendars.data ?? []).map((c) => ({ value: c.id, label: c.name })),
        },
        { name: 'active', label: t('admin.active'), kind: 'switch' },
      ]}
    />
  );
}
