import type { CreateIncident, Incident } from '@trellis/core';
import { Button, Card, Form, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useFormErrorHandler } from '../../app/errors';
import { useT } from '../../app/i18n';
import { usePageTitle } from '../../app/usePageTitle';
import { PortalAssetPicker } from '../assets/PortalAssetPicker';
import { useCreateIncident } from '../incidents/api';
import { compact, IncidentFormFields } from '../incidents/components/IncidentFormFields';
import { PortalSuggestions } from '../knowledge/components/PortalSuggestions';

/** 报告事件: the requester's form; after submit, a confirmation that shows the number. */
export function ReportIncidentPage() {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateIncident>();
  const create = useCreateIncident();
  usePageTitle(t('portal.report'));
  const handleError = useFormErrorHandler();
  const [created, setCreated] = useState<Incident | null>(null);

  if (created) {
    return (
      <Card>
        <Result
          status="success"
          title={t('report.successTitle')}
          subTitle={
            <span>
              {t('report.successNumber')}{' '}
              <Typography.Text strong copyable data-testid="created-number">
                {created.number}
              </Typography.Text>
            </span>
          }
          extra={[
            <Link key="view" to={`/portal/incidents/${encodeURIComponent(created.id)}`}>
              <Button type="primary">{t('report.view')}</Button>
            </Link>,
            <Link key="list" to="/portal">
              <Button>{t('portal.myIncidents')}</Button>
            </Link>,
          ]}
        />
      </Card>
    );
  }

  return (
    <Card>
      <Typography.Title level={4}>{t('portal.report')}</Typography.Title>
      <Form<CreateIncident>
        form={form}
        layout="vertical"
        onFinish={(values) =>
          create.mutate(compact(values), { onSuccess: setCreated, onError: (error) => handleError(form, error) })
        }
      >
        <IncidentFormFields />
        <PortalAssetPicker />
        <PortalSuggestions />
        <Button type="primary" htmlType="submit" block loading={create.isPending} data-testid="report-submit">
          {t('common.submit')}
        </Button>
        <Button type="link" block onClick={() => navigate('/portal')} style={{ marginTop: 8 }}>
          {t('common.cancel')}
        </Button>
      </Form>
    </Card>
  );
}
