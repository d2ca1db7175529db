import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Checkbox, Modal, Spin } from 'antd';
import { useState } from 'react';
import { api, request } from '../../app/api';
import { useReportError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useCan } from '../../app/session';

type Capability = 'change_manager' | 'cab_member';
const CAPABILITIES: Capability[] = ['change_manager', 'cab_member'];

/** On the people admin page: grant a staff member the change manager and CAB member capabilities. */
export function ChangeCapabilitiesButton({ user }: { user: { id: string; name: string; role: string } }) {
  const t = useT();
  const can = useCan('change.grant');
  const [open, setOpen] = useState(false);
  if (!can || user.role === 'requester') return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid={`chg-caps-${user.id}`}>
        {t('chg.caps')}
      </Button>
      {open && <CapabilitiesModal user={user} onClose={() => setOpen(false)} />}
    </>
  );
}

function CapabilitiesModal({ user, onClose }: { user: { id: string; name: string }; onClose: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const report = useReportError();
  const client = useQueryClient();
  const path = `/change-capabilities/${encodeURIComponent(user.id)}`;
  const current = useQuery({
    queryKey: ['changes', 'capabilities', user.id],
    queryFn: () => api.get<{ capabilities: Capability[] }>(path),
  });
  const [value, setValue] = useState<Capability[] | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await request<unknown>('PUT', path, { capabilities: value ?? current.data?.capabilities ?? [] });
      await client.invalidateQueries({ queryKey: ['changes', 'capabilities', user.id] });
      void message.success(t('common.saved'));
      onClose();
    } catch (e) {
      report(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('chg.capsFor', { name: user.name })}
      onCancel={onClose}
      onOk={save}
      confirmLoading={saving}
      okButtonProps={{ disabled: !current.data }}
    >
      {current.data ? (
        <Checkbox.Group<Capability>
          value={value ?? current.data.capabilities}
          onChange={(v) => setValue(v)}
          options={CAPABILITIES.map((c) => ({ value: c, label: t(`chg.cap.${c}`) }))}
          data-testid="chg-caps"
        />
      ) : (
        <Spin />
      )}
    </Modal>
  );
}
