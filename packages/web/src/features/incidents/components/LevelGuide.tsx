import { IMPACTS, URGENCIES } from '@trellis/core';
import { Table, Typography } from 'antd';
import { useT } from '../../../app/i18n';
import type { PriorityMatrixData } from '../../../app/reference';
import { LevelTag } from '../../../kit/tags';

/** The level definitions (事件分级) and the impact × urgency matrix, as the server has them. */
export function LevelGuide({
  data,
  impact,
  urgency,
}: {
  data: PriorityMatrixData | undefined;
  impact?: number;
  urgency?: number;
}) {
  const t = useT();
  if (!data) return null;
  return (
    <div data-testid="level-guide">
      <Table
        size="small"
        pagination={false}
        rowKey="level"
        dataSource={data.levels}
        scroll={{ x: 520 }}
        columns={[
          {
            title: t('incident.level'),
            dataIndex: 'level',
            width: 70,
            render: (level: number) => <LevelTag level={level} />,
          },
          { title: t('incident.impact'), dataIndex: 'impact' },
          { title: t('incident.urgency'), dataIndex: 'urgency' },
          { title: t('classify.examples'), dataIndex: 'examples' },
        ]}
      />
      <Typography.Text type="secondary" style={{ display: 'block', margin: '12px 0 4px' }}>
        {t('classify.matrix')}
      </Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey="impact"
        scroll={{ x: 520 }}
        dataSource={IMPACTS.map((i) => ({ impact: i, row: data.matrix[i - 1] ?? [] }))}
        columns={[
          {
            title: `${t('incident.impact')} \\ ${t('incident.urgency')}`,
            dataIndex: 'impact',
            render: (i: 1 | 2 | 3 | 4) => t(`impact.${i}`),
          },
          ...URGENCIES.map((u) => ({
            title: t(`urgency.${u}`),
            key: `u${u}`,
            render: (_: unknown, row: { impact: number; row: number[] }) => {
              const level = row.row[u - 1];
              const current = row.impact === impact && u === urgency;
              return (
                <span style={current ? { outline: '2px solid #1f6f5c', borderRadius: 4, padding: 2 } : undefined}>
                  {level ? <LevelTag level={level} /> : '—'}
                </span>
              );
            },
          })),
        ]}
      />
    </div>
  );
}
