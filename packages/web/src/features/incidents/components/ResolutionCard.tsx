import type { Incident } from '@trellis/core';
import { Card, Descriptions, Rate, Tag } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../../app/i18n';

/** 事件处理单: the handling record (cause, solution) and, once signed off, the requester's rating. */
export function ResolutionCard({ incident }: { incident: Incident }) {
  const t = useT();
  if (!incident.resolution) return null;
  return (
    <Card
      size="small"
      title={t('incident.handlingRecord')}
      data-testid="resolution"
      extra={incident.confirmedAt ? <Tag color="success">{t('incident.confirmed')}</Tag> : null}
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('incident.cause')}>
          <span className="trellis-body-text">{incident.resolution.cause}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('incident.solution')}>
          <span className="trellis-body-text">{incident.resolution.solution}</span>
        </Descriptions.Item>
        {incident.resolution.resolvedBy && (
          <Descriptions.Item label={t('incident.resolvedBy')}>{incident.resolution.resolvedBy.name}</Descriptions.Item>
        )}
        {incident.resolvedAt && (
          <Descriptions.Item label={t('incident.resolvedAt')}>
            {dayjs(incident.resolvedAt).format('YYYY-MM-DD HH:mm')}
          </Descriptions.Item>
        )}
        {incident.rating != null && (
          <Descriptions.Item label={t('confirm.rating')}>
            <Rate disabled value={incident.rating} style={{ fontSize: 16 }} />
          </Descriptions.Item>
        )}
        {incident.ratingComment && (
          <Descriptions.Item label={t('confirm.comment')}>
            <span className="trellis-body-text">{incident.ratingComment}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
