import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';
import { useT } from '../../app/i18n';
import { FullPageSpin } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { AttachmentsPanel } from '../../kit/AttachmentsPanel';
import { CommentBox } from '../../kit/CommentBox';
import { RecordTimeline } from '../../kit/Timeline';
import { StateTag } from '../../kit/tags';
import { useIncident, useIncidentActions } from '../incidents/api';
import { IncidentActionBar, type RunAction } from '../incidents/components/IncidentActions';
import { ResolutionCard } from '../incidents/components/ResolutionCard';

/** The requester's view of an incident: public timeline, comments, attachments and the sign-off. */
export function PortalIncidentPage() {
  const t = useT();
  const { id = '' } = useParams();
  const query = useIncident(id);
  const { run, upload } = useIncidentActions(id);
  usePageTitle(query.data?.number);

  if (query.isPending) return <FullPageSpin />;
  if (query.isError) {
    return (
      <Result
        status="404"
        title={query.error.message}
        extra={
          <Link to="/portal">
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
    );
  }
  const incident = query.data;
  const act: RunAction = (action, body) => run.mutateAsync({ id: incident.id, action, body });
  const awaitingSignOff = incident.abilities.confirm || incident.abilities.reopen;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="incident-page">
      <Link to="/portal">
        <ArrowLeftOutlined /> {t('portal.myIncidents')}
      </Link>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Text strong style={{ fontFamily: 'monospace' }} data-testid="incident-number">
            {incident.number}
          </Typography.Text>
          <StateTag state={incident.state} />
        </Space>
        <Typography.Title level={5} style={{ marginTop: 8 }} data-testid="incident-title">
          {incident.title}
        </Typography.Title>
        <div className="trellis-body-text">{incident.description}</div>
        <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
          {incident.affectedScope && (
            <Descriptions.Item label={t('incident.affectedScope')}>{incident.affectedScope}</Descriptions.Item>
          )}
          {incident.state === 'on_hold' && incident.desk.holdKind && (
            <Descriptions.Item label={t('desk.holdKind')}>
              <span data-testid="hold-kind-value">
                {t(`hold.${incident.desk.holdKind}`)}
                {incident.holdReason ? ` · ${incident.holdReason}` : ''}
              </span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('incident.urgency')}>{t(`urgency.${incident.urgency}`)}</Descriptions.Item>
          {incident.contact && <Descriptions.Item label={t('incident.contact')}>{incident.contact}</Descriptions.Item>}
          <Descriptions.Item label={t('incident.owner')}>
            {incident.owner?.name ?? t('portal.notYetTaken')}
          </Descriptions.Item>
          <Descriptions.Item label={t('incident.createdAt')}>
            {dayjs(incident.createdAt).format('YYYY-MM-DD HH:mm')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <ResolutionCard incident={incident} />
      {awaitingSignOff && (
        <Alert
          type="success"
          showIcon
          message={t('portal.signOffHint')}
          description={
            incident.desk.reopenUntil && incident.abilities.reopen
              ? t('desk.reopenUntil', { time: dayjs(incident.desk.reopenUntil).format('YYYY-MM-DD HH:mm') })
              : undefined
          }
        />
      )}
      <IncidentActionBar incident={incident} run={act} />
      <Card size="small" title={t('incident.timeline')}>
        <RecordTimeline entries={incident.timeline} />
        {incident.abilities.comment && <CommentBox run={act} allowInternal={incident.abilities.commentInternal} />}
      </Card>
      <Card size="small" title={t('incident.attachments')}>
        <AttachmentsPanel
          attachments={incident.attachments}
          canAttach={incident.abilities.attach}
          upload={(file) => upload.mutateAsync({ id: incident.id, file })}
        />
      </Card>
    </Space>
  );
}
