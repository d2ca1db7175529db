import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../app/errors';
import { useT } from '../../app/i18n';
import { LanguageSwitch } from '../../app/layout/LanguageSwitch';
import { FullPageSpin, homePath, useSession, useSignIn } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';

interface Credentials {
  email: string;
  password: string;
}

/** Only paths inside the app; never an absolute URL from the query string. */
function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export function LoginPage() {
  const t = useT();
  const { data: session, isPending } = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  usePageTitle(t('login.submit'));

  if (isPending) return <FullPageSpin />;
  if (session) return <Navigate to={safeNext(params.get('next')) ?? homePath(session.abilities)} replace />;

  const onFinish = (values: Credentials) => {
    setError(null);
    signIn.mutate(values, {
      onSuccess: (result) => navigate(safeNext(params.get('next')) ?? homePath(result.abilities), { replace: true }),
      onError: (e) => setError(errorText(e)),
    });
  };

  return (
    <div className="trellis-login">
      <Card className="trellis-login-card">
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
            <Typography.Title level={3} style={{ margin: 0, color: '#1f6f5c' }}>
              Trellis
            </Typography.Title>
            <LanguageSwitch />
          </div>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          {error && <Alert type="error" showIcon message={error} data-testid="login-error" />}
          <Form<Credentials> layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
            <Form.Item
              name="email"
              label={t('login.email')}
              rules={[{ required: true, message: t('login.emailRequired') }]}
            >
              <Input prefix={<MailOutlined />} autoComplete="username" inputMode="email" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
