import { MessageOutlined } from '@ant-design/icons';
import { fillCannedReply } from '@trellis/core';
import { Button, Dropdown } from 'antd';
import { useLocation, useParams } from 'react-router';
import { useT } from '../../../app/i18n';
import { useCurrentSession } from '../../../app/session';
import { useIncident } from '../../incidents/api';
import { useCannedReplies } from '../api';

/**
 * Inserts a canned reply into the comment box, with {requester}, {number}… filled from the record
 * on the page. Staff only, and only in the console.
 */
export function CannedReplyPicker({ onInsert }: { onInsert: (text: string) => void }) {
  const { abilities } = useCurrentSession();
  const inConsole = useLocation().pathname.startsWith('/console') && abilities.useConsole;
  return inConsole ? <Picker onInsert={onInsert} /> : null;
}

function Picker({ onInsert }: { onInsert: (text: string) => void }) {
  const t = useT();
  const { id = '' } = useParams();
  const { user } = useCurrentSession();
  const incident = useIncident(id).data;
  const replies = useCannedReplies().data ?? [];
  const values = incident
    ? {
        requester: incident.requester.name,
        number: incident.number,
        title: incident.title,
        agent: user.name,
        group: incident.group?.name ?? '',
        state: t(`state.${incident.state}`),
        organization: incident.organization.name,
      }
    : { agent: user.name };
  return (
    <Dropdown
      trigger={['click']}
      disabled={replies.length === 0}
      menu={{
        items: replies.map((r) => ({ key: r.id, label: <span data-testid="canned-reply-option">{r.title}</span> })),
        onClick: ({ key }) => {
          const reply = replies.find((r) => r.id === key);
          if (reply) onInsert(fillCannedReply(reply.body, values));
        },
      }}
    >
      <Button icon={<MessageOutlined />} data-testid="canned-reply-picker">
        {t('console.replies.insert')}
      </Button>
    </Dropdown>
  );
}
