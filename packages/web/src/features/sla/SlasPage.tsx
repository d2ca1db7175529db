import { Card, Tabs, Typography } from 'antd';
import { useT } from '../../app/i18n';
import { useSlas } from './api';
import { OlasTab, SlaDefinitions } from './SlaAdminTabs';

/** SLA definitions, OLAs, suppliers and contracts; breaches and compliance are on the console's SLA report. */
export function SlasPage() {
  const t = useT();
  const slas = useSlas();

  return (
    <Card>
      <Typography.Title level={4}>{t('sla.slas.title')}</Typography.Title>
      <Tabs
        items={[
          {
            key: 'slas',
            label: t('sla.slas.title'),
            children: <SlaDefinitions slas={slas.data ?? []} />,
          },
          { key: 'olas', label: t('sla.form.olas'), children: <OlasTab /> },
        ]}
      />
    </Card>
  );
}
