import type { ArticleState } from '@trellis/core';
import { Tag } from 'antd';
import { useT } from '../../../app/i18n';

const COLORS: Record<ArticleState, string> = {
  draft: 'default',
  in_review: 'processing',
  published: 'success',
  retired: 'warning',
};

export function ArticleStateTag({ state }: { state: ArticleState }) {
  const t = useT();
  return <Tag color={COLORS[state]}>{t(`article.state.${state}`)}</Tag>;
}
