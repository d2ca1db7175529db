import { ApartmentOutlined } from '@ant-design/icons';
import type { Incident } from '@trellis/core';
import { Button, Card, Empty, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useReportError } from '../../../app/errors';
import { type TranslationKey, useT } from '../../../app/i18n';
import { IncidentKnowledgeCard } from '../../knowledge/components/IncidentKnowledgeCard';
import { useProblemMutations, useSimilar } from '../api';
import { ProblemStateTag } from './ProblemStateTag';

/**
 * Beside an incident: knowledge that may solve it, similar records, the problems it belongs to,
 * and creating a problem from it. Added to the incident page with one line.
 */
export function IncidentInsights({ incident }: { incident: Incident }) {
  const t = useT();
  const navigate = useNavigate();
  const similar = useSimilar(incident.id);
  const { create, linkIncidents } = useProblemMutations();
  const report = useReportError();
  const [creating, setCreating] = useState(false);
  const problems = similar.data?.problems ?? [];
  const records = similar.data?.items ?? [];
  const openProblems = records.filter((r) => r.kind === 'problem' && !problems.some((p) => p.id === r.id));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <IncidentKnowledgeCard incident={incident} />
      <Card
        size="small"
        title={
          <Space>
            <ApartmentOutlined />
            {t('prb.panel.problems')}
          </Space>
        }
        extra={
          <Button size="small" onClick={() => setCreating(true)} data-testid="create-problem">
            {t('prb.panel.create')}
          </Button>
        }
        data-testid="incident-problems"
      >
        {problems.length === 0 ? (
          <Typography.Text type="secondary">{t('prb.panel.noProblem')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={problems}
            renderItem={(p) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Space wrap>
                  <Link to={`/console/problems/${p.id}`}>{p.number}</Link>
                  <ProblemStateTag state={p.state} />
                  {p.title}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t('prb.panel.similar')} data-testid="similar-records">
        {records.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prb.panel.noSimilar')} />
        ) : (
          <List
            size="small"
            dataSource={records}
            renderItem={(r) => (
              <List.Item
                style={{ paddingInline: 0 }}
                actions={
                  r.kind === 'problem' && openProblems.some((p) => p.id === r.id)
                    ? [
                        <Button
                          key="link"
                          size="small"
                          type="link"
                          onClick={() =>
                            linkIncidents.mutate(
                              { id: r.id, incidentIds: [incident.id] },
                              { onSuccess: () => void similar.refetch(), onError: report },
                            )
                          }
                        >
                          {t('prb.panel.linkHere')}
                        </Button>,
                      ]
                    : []
                }
              >
                <Space size={4} wrap>
                  <Link to={r.kind === 'problem' ? `/console/problems/${r.id}` : `/console/incidents/${r.id}`}>
                    {r.number}
                  </Link>
                  <span>{r.title}</span>
                  <Tag>{Math.round(r.similarity * 100)}%</Tag>
                  <Typography.Text type="secondary">
                    {t((r.kind === 'problem' ? `problem.state.${r.state}` : `state.${r.state}`) as TranslationKey)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Modal
        open={creating}
        title={t('prb.panel.create')}
        onCancel={() => setCreating(false)}
        footer={null}
        destroyOnHidden
      >
        <Form
          layout="vertical"
          initialValues={{ title: incident.title, description: incident.description }}
          onFinish={(values: { title: string; description: string }) =>
            create.mutate(
              { ...values, categoryId: incident.categoryId, incidentIds: [incident.id] },
              { onSuccess: (p) => navigate(`/console/problems/${p.id}`), onError: report },
            )
          }
        >
          <Form.Item name="title" label={t('prb.titleField')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} data-testid="problem-title" />
          </Form.Item>
          <Form.Item name="description" label={t('prb.description')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="problem-create-submit">
            {t('common.submit')}
          </Button>
        </Form>
      </Modal>
    </Space>
  );
}
