import { useQuery } from '@tanstack/react-query';
import { Button, Space } from 'antd';
import { useSearchParams } from 'react-router';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';

/** Printable asset labels: tag, name, model and a QR code that opens the asset. */
export function LabelsPage() {
  const t = useT();
  const [params] = useSearchParams();
  const ids = params.get('ids') ?? '';
  const { data } = useQuery({
    queryKey: ['asset-labels', ids],
    queryFn: () =>
      api.get<{ id: string; tag: string; name: string; model: string; qrSvg: string }[]>('/asset-labels', { ids }),
    enabled: ids.length > 0,
  });
  return (
    <div>
      <style>
        {'@media print { .trellis-no-print, .ant-layout-sider, .ant-layout-header { display: none !important; } }'}
      </style>
      <Space className="trellis-no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => window.print()}>
          {t('assets.print')}
        </Button>
      </Space>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, 62mm)', gap: '4mm' }}>
        {(data ?? []).map((label) => (
          <div
            key={label.id}
            data-testid="asset-label"
            style={{
              border: '1px solid #999',
              padding: '3mm',
              display: 'flex',
              gap: '3mm',
              height: '29mm',
              background: '#fff',
            }}
          >
            <img
              alt={label.tag}
              style={{ width: '23mm', height: '23mm' }}
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(label.qrSvg)}`}
            />
            <div style={{ fontSize: 11, lineHeight: 1.4, overflow: 'hidden' }}>
              <strong style={{ fontSize: 13 }}>{label.tag}</strong>
              <div>{label.name}</div>
              <div>{label.model}</div>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
