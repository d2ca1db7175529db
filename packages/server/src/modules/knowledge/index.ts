export { datasets } from './knowledge.datasets.js';
export { knowledgeRoutes } from './knowledge.routes.js';
export {
  ARTICLE_ENTITY,
  createArticle,
  knownErrorBody,
  linkArticle,
  markSessionsSubmitted,
  sendReviewReminders,
} from './knowledge.service.js';
export { htmlToText, sanitizeArticleHtml } from './knowledge.text.js';
