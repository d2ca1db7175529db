import { Button, Card, Empty, List, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../app/i18n';
import { usePageTitle } from '../../app/usePageTitle';
import { useComplaints, useMySurveys, useOrgRelationship } from './api';
import { NewComplaintModal, useComplaintColumns } from './ComplaintPages';
import { PortalCustomerRegisters } from './CustomerPages';
import { ResultsView } from './SurveyPages';

/**
 * 满意度与投诉 in the portal: the surveys waiting for the person, their complaints (and a way to
 * make one), and for a customer manager their organisation's complaints and satisfaction.
 */
export function PortalRelationshipPage() {
  const t = useT();
  const pending = useMySurveys();
  const mine = useComplaints('all');
  const org = useOrgRelationship();
  const [complaining, setComplaining] = useState(false);
  const columns = useComplaintColumns('/portal/complaints').filter((c) => c.key !== 'escalation');
  usePageTitle(t('rel.portal.title'));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="portal-relationship">
      <Card size="small" title={t('rel.portal.pending')}>
        {pending.data?.items.length ? (
          <List
            dataSource={pending.data.items}
            renderItem={(p) => (
              <List.Item
                actions={[
                  <Link key="a" to={`/portal/surveys/${p.responseId}`}>
                    {t('rel.portal.answer')}
                  </Link>,
                ]}
              >
                <List.Item.Meta
                  title={p.surveyName}
                  description={
                    <>
                      {p.record ? `${p.record.number} ${p.record.title}` : ''}
                      {p.expiresAt && (
                        <Typography.Text type="secondary"> · {dayjs(p.expiresAt).format('YYYY-MM-DD')}</Typography.Text>
                      )}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        ) : (
          <Empty description={t('rel.portal.none')} />
        )}
      </Card>
      <Card
        size="small"
        title={t('rel.portal.myComplaints')}
        extra={
          <Button onClick={() => setComplaining(true)} data-testid="portal-complain">
            {t('rel.portal.complain')}
          </Button>
        }
      >
        <Table
          rowKey="id"
          size="small"
          scroll={{ x: true }}
          pagination={false}
          dataSource={(mine.data?.items ?? []).filter((c) => !org.data?.customerManager || c.complainant.id)}
          columns={columns.slice(0, 3)}
        />
      </Card>
      {org.data?.customerManager && (
        <>
          <Card size="small" title={t('rel.portal.orgComplaints')}>
            <Table rowKey="id" size="small" scroll={{ x: true }} dataSource={org.data.complaints} columns={columns} />
          </Card>
          <Card size="small">
            <PortalCustomerRegisters />
          </Card>
          {org.data.surveys.map((s) => (
            <Card size="small" key={s.id} title={`${t('rel.portal.orgSurveys')} · ${s.name}`}>
              <ResultsView results={s.results} />
            </Card>
          ))}
        </>
      )}
      <NewComplaintModal open={complaining} onClose={() => setComplaining(false)} staff={false} />
    </Space>
  );
}
