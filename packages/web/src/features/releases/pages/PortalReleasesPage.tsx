import { Card, Descriptions, List, Result, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';
import { useReportError } from '../../../app/errors';
import { type TranslationKey, useT } from '../../../app/i18n';
import { FullPageSpin } from '../../../app/session';
import { usePageTitle } from '../../../app/usePageTitle';
import { useRelease, useReleaseAction, useReleases } from '../api';
import { AcceptanceTab } from './ReleasePage';

/** The customer representative's list: their organisation's releases awaiting their acceptance. */
export function PortalReleasesPage() {
  const t = useT();
  usePageTitle(t('rel.portal.acceptTitle'));
  const list = useReleases({ awaitingMe: true });
  return (
    <Card title={t('rel.portal.acceptTitle')}>
      <List
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('rel.portal.empty') }}
        renderItem={(r) => (
          <List.Item key={r.id}>
            <Space>
              <Link to={`/portal/releases/${r.id}`}>{r.number}</Link>
              {r.title}
              <Tag>{r.version}</Tag>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** One release in the portal: what it delivers and when, and the acceptance (验收) the representative gives. */
export function PortalReleasePage() {
  const { id = '' } = useParams();
  const t = useT();
  const release = useRelease(id);
  const act = useReleaseAction(id);
  const report = useReportError();
  usePageTitle(release.data?.number ?? t('rel.title'));
  if (release.isLoading) return <FullPageSpin />;
  if (!release.data) return <Result status="404" title={t('rel.none')} />;
  const r = release.data;
  const run = (path: string, body?: unknown) =>
    act.mutateAsync({ path, body }).catch((error) => {
      report(error);
      throw error;
    });
  return (
    <Card
      title={
        <Space>
          {r.number} {r.title} <Tag>{t(`release.state.${r.state}` as TranslationKey)}</Tag>
        </Space>
      }
    >
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('rel.version')}>{r.version}</Descriptions.Item>
        <Descriptions.Item label={t('release.plan.releaseDate')}>
          {r.plan.releaseDate ? dayjs(r.plan.releaseDate).format('YYYY-MM-DD HH:mm') : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('release.plan.deliverables')}>{r.plan.deliverables}</Descriptions.Item>
        <Descriptions.Item label={t('release.plan.communication')}>{r.plan.communication}</Descriptions.Item>
        <Descriptions.Item label={t('release.plan.training')}>{r.plan.training}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('rel.tab.acceptance')}
      </Typography.Title>
      <AcceptanceTab release={r} run={run} />
    </Card>
  );
}
