import { DislikeOutlined, LikeOutlined } from '@ant-design/icons';
import { Button, Drawer, Input, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useReportError } from '../../../app/errors';
import { useT } from '../../../app/i18n';
import { useArticle, useArticleMutations } from '../api';
import { ArticleBody } from './RichTextEditor';

/** Reads an article beside a form (portal report, incident view) without leaving it. */
export function ArticleDrawer({ articleId, onClose }: { articleId: string | null; onClose: () => void }) {
  const query = useArticle(articleId ?? '');
  const article = query.data;
  return (
    <Drawer
      open={!!articleId}
      onClose={onClose}
      width={Math.min(720, window.innerWidth)}
      title={article?.title}
      destroyOnHidden
    >
      {query.isPending ? (
        <Spin />
      ) : article ? (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Text type="secondary">{article.number}</Typography.Text>
          <ArticleBody html={article.body} />
          <FeedbackBox articleId={article.id} mine={article.myFeedback} />
        </Space>
      ) : null}
    </Drawer>
  );
}

export function FeedbackBox({
  articleId,
  mine,
}: {
  articleId: string;
  mine: { useful: boolean; comment: string | null } | null;
}) {
  const t = useT();
  const { feedback } = useArticleMutations();
  const report = useReportError();
  const [comment, setComment] = useState(mine?.comment ?? '');
  const send = (useful: boolean) =>
    feedback.mutate({ id: articleId, useful, comment: comment.trim() || undefined }, { onError: report });
  return (
    <div data-testid="article-feedback">
      <Typography.Text strong>{t('kb.feedback.question')}</Typography.Text>
      <Input.TextArea
        style={{ margin: '8px 0' }}
        autoSize={{ minRows: 1, maxRows: 4 }}
        maxLength={2000}
        placeholder={t('kb.feedback.comment')}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      <Space>
        <Button
          icon={<LikeOutlined />}
          type={mine?.useful === true ? 'primary' : 'default'}
          onClick={() => send(true)}
          data-testid="feedback-useful"
        >
          {t('kb.feedback.useful')}
        </Button>
        <Button
          icon={<DislikeOutlined />}
          type={mine?.useful === false ? 'primary' : 'default'}
          onClick={() => send(false)}
        >
          {t('kb.feedback.notUseful')}
        </Button>
        {mine && <Typography.Text type="secondary">{t('kb.feedback.thanks')}</Typography.Text>}
      </Space>
    </div>
  );
}
