import type { Incident } from '@trellis/core';
import { Descriptions, Typography } from 'antd';
import dayjs from 'dayjs';
import { useLocale } from '../../../app/i18n';
import { categoryPath, useCategories } from '../../../app/reference';
import { LevelTag, StateTag } from '../../../kit/tags';

const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');

/** Every field of the record, for the console. */
export function IncidentFields({ incident }: { incident: Incident }) {
  const { t, locale } = useLocale();
  const { data: categories } = useCategories();
  const category = categoryPath(categories ?? [], incident.categoryId, locale) ?? incident.categoryName ?? '—';
  return (
    <Descriptions column={1} size="small" bordered data-testid="incident-fields" styles={{ label: { width: 110 } }}>
      <Descriptions.Item label={t('incident.state')}>
        <StateTag state={incident.state} />
        {incident.state === 'on_hold' && incident.desk.holdKind && (
          <Typography.Text type="secondary" data-testid="hold-kind-value">
            {' '}
            {t(`hold.${incident.desk.holdKind}`)}
          </Typography.Text>
        )}
        {incident.holdReason && incident.state === 'on_hold' && (
          <Typography.Text type="secondary"> {incident.holdReason}</Typography.Text>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('incident.level')}>
        <LevelTag level={incident.level} withHint />
      </Descriptions.Item>
      <Descriptions.Item label={t('incident.impact')}>{t(`impact.${incident.impact}`)}</Descriptions.Item>
      <Descriptions.Item label={t('incident.urgency')}>{t(`urgency.${incident.urgency}`)}</Descriptions.Item>
      <Descriptions.Item label={t('incident.category')}>
        <span data-testid="field-category">{category}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('desk.service')}>
        <span data-testid="field-service">{incident.desk.service?.name ?? '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('incident.owner')}>
        <span data-testid="field-owner">{incident.owner?.name ?? '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('incident.group')}>
        <span data-testid="field-group">
          {incident.group ? `${incident.group.name} · ${t(`tier.${incident.group.tier as 1}`)}` : '—'}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('incident.assignee')}>
        <span data-testid="field-assignee">{incident.assignee?.name ?? '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('incident.requester')}>{incident.requester.name}</Descriptions.Item>
      <Descriptions.Item label={t('incident.organization')}>
        {incident.organization.name}
        {incident.department ? ` / ${incident.department.name}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('incident.contact')}>{incident.contact ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('incident.channel')}>{t(`channel.${incident.channel}`)}</Descriptions.Item>
      <Descriptions.Item label={t('incident.createdAt')}>{when(incident.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('incident.updatedAt')}>{when(incident.updatedAt)}</Descriptions.Item>
      {incident.resolvedAt && (
        <Descriptions.Item label={t('incident.resolvedAt')}>{when(incident.resolvedAt)}</Descriptions.Item>
      )}
      {incident.archivedAt && (
        <Descriptions.Item label={t('incident.archivedAt')}>{when(incident.archivedAt)}</Descriptions.Item>
      )}
    </Descriptions>
  );
}
