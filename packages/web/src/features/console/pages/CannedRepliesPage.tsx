import { CANNED_VARIABLES, type CannedReply } from '@trellis/core';
import { Space, Tag } from 'antd';
import { useT } from '../../../app/i18n';
import { useCan } from '../../../app/session';
import { RegisterPage } from '../../../kit/RegisterPage';
import type { ReplyInput } from '../api';

/** 快捷回复: agents keep personal ones; managers and admins curate the shared set. */
export function CannedRepliesPage() {
  const t = useT();
  const curator = useCan('cannedReply.share');
  const variables = t('console.replies.variables', { vars: CANNED_VARIABLES.map((v) => `{${v}}`).join(' ') });

  return (
    <RegisterPage<CannedReply, ReplyInput>
      path="/console/canned-replies"
      title={t('console.replies.title')}
      newLabel={t('console.replies.new')}
      intro={variables}
      testId="reply"
      defaults={{ shared: false }}
      canEdit={(r) => r.editable}
      archiveConfirm={t('console.replies.deleteConfirm')}
      columns={[
        {
          title: t('console.replies.name'),
          dataIndex: 'title',
          width: 200,
          render: (title: string, r) => (
            <Space>
              {title}
              <Tag>{r.shared ? t('console.replies.sharedTag') : t('console.replies.mine')}</Tag>
            </Space>
          ),
        },
        { title: t('console.replies.body'), dataIndex: 'body', ellipsis: true },
      ]}
      fields={[
        { name: 'title', label: t('console.replies.name'), kind: 'text', required: true, maxLength: 100 },
        {
          name: 'body',
          label: t('console.replies.body'),
          kind: 'textarea',
          required: true,
          maxLength: 10000,
          extra: variables,
        },
        { name: 'shared', label: t('console.replies.shared'), kind: 'checkbox', hidden: !curator },
      ]}
    />
  );
}
