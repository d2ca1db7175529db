import type { Incident } from '@trellis/core';
import { Card, Descriptions, Rate, Tag, Typography } from 'antd';
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
        {incident.desk.handling && (
          <>
            <Descriptions.Item label={t('desk.timeSpent')}>
              <span data-testid="time-spent-value">{incident.desk.handling.timeSpentMinutes ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('desk.knowledgeRef')}>
              <KnowledgeRef value={incident.desk.handling.knowledgeRef} />
            </Descriptions.Item>
            <Descriptions.Item label={t('desk.ciChanged')}>
              {incident.desk.handling.ciChanged ? t('desk.yes') : t('desk.no')}
            </Descriptions.Item>
          </>
        )}
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
        {incident.desk.autoConfirmed && (
          <Descriptions.Item label={t('incident.confirmed')}>{t('desk.autoConfirmed')}</Descriptions.Item>
        )}
        {incident.desk.autoConfirmAt && (
          <Descriptions.Item label={t('desk.autoConfirmAt')}>
            {dayjs(incident.desk.autoConfirmAt).format('YYYY-MM-DD HH:mm')}
          </Descriptions.Item>
        )}
        {incident.ratingComment && (
          <Descriptions.Item label={t('confirm.comment')}>
            <span className="trellis-body-text">{incident.ratingComment}</span>
          </Descriptions.Item>
        )}
        {incident.desk.callback && (
          <Descriptions.Item label={t('desk.callback')}>
            <div data-testid="callback">
              <span className="trellis-body-text">{incident.desk.callback.note}</span>
              <div>
                <Typography.Text type="secondary">
                  {t('desk.callbackBy', {
                    name: incident.desk.callback.by?.name ?? '—',
                    time: dayjs(incident.desk.callback.at).format('YYYY-MM-DD HH:mm'),
                  })}
                </Typography.Text>
              </div>
            </div>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

/** A knowledge reference is free text for now: a URL becomes a link. */
function KnowledgeRef({ value }: { value: string | null }) {
  if (!value) return <>—</>;
  return /^https?:\/\//.test(value) ? (
    <a href={value} target="_blank" rel="noreferrer">
      {value}
    </a>
  ) : (
    value
  );
}
