export interface KbArticlesTable {
  id: string;
  number: string;
  /** The working copy; readers see `published_version` from kb_article_versions. */
  title: string;
  body: string;
  state: 'draft' | 'in_review' | 'published' | 'retired';
  audience: 'requesters' | 'agents' | 'group';
  audience_group_id: string | null;
  category_id: string | null;
  tags_json: string;
  owner_id: string | null;
  author_id: string | null;
  review_date: string | null;
  /** The review date a reminder already went out for, so each is sent once. */
  review_notified_for: string | null;
  source_record_id: string | null;
  current_version: number;
  published_version: number | null;
  view_count: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface KbArticleVersionsTable {
  article_id: string;
  version: number;
  title: string;
  body: string;
  diff_json: string;
  note: string | null;
  author_id: string | null;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
}

export interface KbArticleLinksTable {
  article_id: string;
  record_id: string;
  created_by: string | null;
  created_at: string;
}

export interface KbFeedbackTable {
  article_id: string;
  user_id: string;
  useful: number;
  comment: string | null;
  created_at: string;
}

/** One portal report session in which suggestions were shown; deflected when opened and nothing filed. */
export interface KbSuggestionSessionsTable {
  id: string;
  user_id: string;
  shown_at: string;
  opened_at: string | null;
  opened_article_id: string | null;
  submitted_record_id: string | null;
  updated_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface KnowledgeTables {
  kb_articles: KbArticlesTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_article_links: KbArticleLinksTable;
  kb_feedback: KbFeedbackTable;
  kb_suggestion_sessions: KbSuggestionSessionsTable;
}
