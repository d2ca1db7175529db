import type { Incident } from '@trellis/core';
import { Button, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useReportError } from '../../../app/errors';
import { useT } from '../../../app/i18n';
import { useCurrentSession } from '../../../app/session';
import { UserPicker } from '../../../kit/UserPicker';
import type { RunAction } from './IncidentActions';

export function WatchersPanel({
  incident,
  run,
  remove,
}: {
  incident: Incident;
  run: RunAction;
  remove: (userId: string) => Promise<unknown>;
}) {
  const t = useT();
  const { user } = useCurrentSession();
  const reportError = useReportError();
  const [picked, setPicked] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const canWatch = incident.abilities.watch;
  const watching = incident.watchers.some((w) => w.id === user.id);

  const add = async (userId: string) => {
    setBusy(true);
    try {
      await run('watchers', { userId });
      setPicked(undefined);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="watchers">
      <div>
        {incident.watchers.length === 0 && <Typography.Text type="secondary">{t('watchers.none')}</Typography.Text>}
        {incident.watchers.map((w) => (
          <Tag
            key={w.id}
            closable={canWatch}
            onClose={(event) => {
              event.preventDefault();
              remove(w.id).catch(reportError);
            }}
          >
            {w.name}
          </Tag>
        ))}
      </div>
      {canWatch && (
        <Space.Compact style={{ width: '100%' }}>
          <UserPicker
            style={{ flex: 1, minWidth: 0 }}
            placeholder={t('watchers.pick')}
            value={picked}
            onChange={setPicked}
          />
          <Button disabled={!picked} loading={busy} onClick={() => picked && add(picked)}>
            {t('common.add')}
          </Button>
          {!watching && (
            <Button onClick={() => add(user.id)} loading={busy}>
              {t('watchers.watchMyself')}
            </Button>
          )}
        </Space.Compact>
      )}
    </Space>
  );
}
