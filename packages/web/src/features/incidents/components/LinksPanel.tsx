import { type Incident, type IncidentState, LINK_KINDS, type LinkKind } from '@trellis/core';
import { Button, Input, List, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useReportError } from '../../../app/errors';
import { useT } from '../../../app/i18n';
import { StateTag } from '../../../kit/tags';
import type { RunAction } from './IncidentActions';

const INCIDENT_STATE_SET = new Set<string>(['pending', 'in_progress', 'on_hold', 'resolved', 'archived', 'cancelled']);

export function LinksPanel({ incident, run, basePath }: { incident: Incident; run: RunAction; basePath: string }) {
  const t = useT();
  const reportError = useReportError();
  const [kind, setKind] = useState<LinkKind>('relates_to');
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);

  const add = async () => {
    if (!target.trim()) return;
    setBusy(true);
    try {
      await run('links', { kind, target: target.trim() });
      setTarget('');
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="links">
      {incident.links.length === 0 ? (
        <Typography.Text type="secondary">{t('links.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={incident.links}
          renderItem={(link) => (
            <List.Item>
              <Space wrap>
                <Typography.Text type="secondary">
                  {t(`link.${link.kind}`)}
                  {link.direction === 'incoming' ? ` (${t('links.incoming')})` : ''}
                </Typography.Text>
                <Link to={`${basePath}/${encodeURIComponent(link.record.id)}`}>{link.record.number}</Link>
                <span>{link.record.title}</span>
                {INCIDENT_STATE_SET.has(link.record.state) && <StateTag state={link.record.state as IncidentState} />}
              </Space>
            </List.Item>
          )}
        />
      )}
      {incident.abilities.link && (
        <Space.Compact style={{ width: '100%' }}>
          <Select<LinkKind>
            value={kind}
            onChange={setKind}
            style={{ width: 130 }}
            options={LINK_KINDS.map((k) => ({ value: k, label: t(`link.${k}`) }))}
          />
          <Input
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            placeholder={t('links.targetPlaceholder')}
            onPressEnter={add}
          />
          <Button onClick={add} loading={busy} disabled={!target.trim()}>
            {t('common.add')}
          </Button>
        </Space.Compact>
      )}
    </Space>
  );
}
