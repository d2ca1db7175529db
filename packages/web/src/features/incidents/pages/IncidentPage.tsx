import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Result, Row, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../app/api';
import { useT } from '../../../app/i18n';
import { FullPageSpin } from '../../../app/session';
import { usePageTitle } from '../../../app/usePageTitle';
import { AttachmentsPanel } from '../../../kit/AttachmentsPanel';
import { CommentBox } from '../../../kit/CommentBox';
import { RecordTimeline } from '../../../kit/Timeline';
import { LevelTag, StateTag } from '../../../kit/tags';
import { AffectedCisPanel } from '../../cmdb/AffectedCisPanel';
import { CannedReplyPicker } from '../../console/components/CannedReplyPicker';
import { PresenceBanner } from '../../console/components/PresenceBanner';
import { IncidentInsights } from '../../problems/components/IncidentInsights';
import { RecordSlaCard } from '../../sla/RecordSlaCard';
import { useIncident, useIncidentActions } from '../api';
import { DeskPanel, TimePanel } from '../components/DeskPanel';
import { IncidentActionBar, type RunAction } from '../components/IncidentActions';
import { IncidentFields } from '../components/IncidentFields';
import { LinksPanel } from '../components/LinksPanel';
import { ResolutionCard } from '../components/ResolutionCard';
import { WatchersPanel } from '../components/WatchersPanel';

/** The console view of one incident: all fields, actions by abilities, timeline with internal notes. */
export function IncidentPage() {
  const t = useT();
  const { id = '' } = useParams();
  const query = useIncident(id);
  const { run, removeWatcher, upload } = useIncidentActions(id);
  usePageTitle(query.data?.number);

  if (query.isPending) return <FullPageSpin />;
  if (query.isError) {
    const notFound = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 403);
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={query.error.message}
        extra={
          <Link to="/console">
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
    );
  }
  const incident = query.data;
  const act: RunAction = (action, body) =>
    run.mutateAsync({ id: incident.id, action, body, version: incident.version });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="incident-page">
      <PresenceBanner recordId={incident.id} />
      <Card>
        <Space direction="vertical" size="small" style={{ width: '100%' }}>
          <Link to="/console">
            <ArrowLeftOutlined /> {t('queue.title')}
          </Link>
          <div className="trellis-page-title">
            <Space wrap>
              <Typography.Title level={4} data-testid="incident-number" copyable={{ text: incident.number }}>
                {incident.number}
              </Typography.Title>
              <StateTag state={incident.state} />
              <LevelTag level={incident.level} withHint />
            </Space>
          </div>
          <Typography.Title level={5} style={{ margin: 0 }} data-testid="incident-title">
            {incident.title}
          </Typography.Title>
          <IncidentActionBar incident={incident} run={act} />
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('incident.description')}>
              <div className="trellis-body-text">{incident.description}</div>
              {incident.affectedScope && (
                <Alert
                  style={{ marginTop: 12 }}
                  type="info"
                  message={`${t('incident.affectedScope')}: ${incident.affectedScope}`}
                />
              )}
            </Card>
            <DeskPanel incident={incident} />
            <ResolutionCard incident={incident} />
            <Card size="small" title={t('incident.timeline')}>
              <RecordTimeline entries={incident.timeline} />
              {incident.abilities.comment && (
                <CommentBox
                  run={act}
                  allowInternal={incident.abilities.commentInternal}
                  tools={(insert) => <CannedReplyPicker onInsert={insert} />}
                />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <RecordSlaCard recordId={incident.id} />
            <Card size="small" title={t('incident.details')}>
              <IncidentFields incident={incident} />
            </Card>
            <TimePanel incident={incident} />
            <Card size="small" title={t('incident.attachments')}>
              <AttachmentsPanel
                attachments={incident.attachments}
                canAttach={incident.abilities.attach}
                upload={(file) => upload.mutateAsync({ id: incident.id, file })}
              />
            </Card>
            <Card size="small" title={t('incident.watchers')}>
              <WatchersPanel
                incident={incident}
                run={act}
                remove={(userId) => removeWatcher.mutateAsync({ id: incident.id, userId })}
              />
            </Card>
            <Card size="small" title={t('incident.links')}>
              <LinksPanel incident={incident} run={act} basePath="/console/incidents" />
            </Card>
            <AffectedCisPanel recordId={incident.id} />
            <IncidentInsights incident={incident} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
