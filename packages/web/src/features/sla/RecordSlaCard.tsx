import { Card } from 'antd';
import { useT } from '../../app/i18n';
import { SlaClocks } from './SlaCountdown';

/** The record page's SLA card: one line per clock with its due time and countdown colour. */
export function RecordSlaCard({ recordId }: { recordId: string }) {
  const t = useT();
  return (
    <Card size="small" title={t('sla.card')}>
      <SlaClocks recordId={recordId} />
    </Card>
  );
}
