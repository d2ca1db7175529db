import { BookOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const KnowledgeListPage = lazyPage(() => import('./pages/KnowledgeListPage'), 'KnowledgeListPage');
const ArticlePage = lazyPage(() => import('./pages/ArticlePage'), 'ArticlePage');
const ArticleEditPage = lazyPage(() => import('./pages/ArticleEditPage'), 'ArticleEditPage');

/** The knowledge base: list, article, editor. */
export const knowledgeFeature = defineFeature({
  name: 'knowledge',
  console: [
    { path: 'knowledge', page: KnowledgeListPage },
    { path: 'knowledge/new', page: ArticleEditPage },
    { path: 'knowledge/:id', page: ArticlePage },
    { path: 'knowledge/:id/edit', page: ArticleEditPage },
  ],
  nav: [
    {
      key: 'kb',
      area: 'console',
      path: '/console/knowledge',
      label: 'kb.nav',
      icon: BookOutlined,
      order: 80,
      match: (p) => p.startsWith('/console/knowledge'),
    },
  ],
});
