import { type Draft, type ImportIssue, issue, type Vocabulary, vocabulary } from '../migration.model.js';

/**
 * The spreadsheet layout shared by CSV and Excel exports (docs/migrating.md): one header row, then
 * one row per record; further rows with the same number add a comment and/or attachments to it.
 * Headers may be written in English or Chinese.
 */

export const TABLE_COLUMNS = {
  number: ['number', 'id', 'ticket', '编号', '工单号'],
  title: ['title', 'subject', '标题', '主题'],
  description: ['description', 'body', '描述', '内容'],
  state: ['state', 'status', '状态'],
  priority: ['priority', '优先级', '级别'],
  created_at: ['created_at', 'created', '创建时间'],
  resolved_at: ['resolved_at', 'resolved', '解决时间'],
  closed_at: ['closed_at', 'closed', '关闭时间'],
  requester_email: ['requester_email', 'requester', 'email', '请求人邮箱'],
  requester_name: ['requester_name', '请求人', '请求人姓名'],
  assignee: ['assignee', 'owner', '处理人'],
  group: ['group', 'queue', '支持组'],
  category: ['category', '分类'],
  resolution: ['resolution', '解决方案'],
  comment: ['comment', '评论', '备注'],
  comment_visibility: ['comment_visibility', 'visibility', '评论可见性'],
  comment_at: ['comment_at', '评论时间'],
  comment_author: ['comment_author', '评论人'],
  attachments: ['attachments', 'files', '附件'],
} as const;
export type TableColumn = keyof typeof TABLE_COLUMNS;

const HEADER = new Map<string, TableColumn>(
  Object.entries(TABLE_COLUMNS).flatMap(([column, names]) =>
    names.map((n) => [n.toLowerCase(), column as TableColumn] as const),
  ),
);

export const tableVocabulary = (utcOffset: string): Vocabulary => ({
  utcOffset,
  state: vocabulary({
    pending: 'pending',
    new: 'pending',
    待处理: 'pending',
    新建: 'pending',
    in_progress: 'in_progress',
    open: 'in_progress',
    assigned: 'in_progress',
    处理中: 'in_progress',
    on_hold: 'on_hold',
    waiting: 'on_hold',
    stalled: 'on_hold',
    挂起: 'on_hold',
    resolved: 'resolved',
    solved: 'resolved',
    已解决: 'resolved',
    closed: 'archived',
    archived: 'archived',
    已关闭: 'archived',
    已归档: 'archived',
    cancelled: 'cancelled',
    canceled: 'cancelled',
    rejected: 'cancelled',
    已取消: 'cancelled',
  }),
  priority: vocabulary({
    '1': 1,
    '2': 2,
    '3': 3,
    '4': 4,
    p1: 1,
    p2: 2,
    p3: 3,
    p4: 4,
    critical: 1,
    urgent: 1,
    high: 2,
    medium: 3,
    normal: 3,
    low: 4,
    一级: 1,
    二级: 2,
    三级: 3,
    四级: 4,
    紧急: 1,
    高: 2,
    中: 3,
    低: 4,
  }),
});

const VISIBILITY = vocabulary<'public' | 'internal'>({
  public: 'public',
  公开: 'public',
  internal: 'internal',
  private: 'internal',
  内部: 'internal',
});

export interface TableRow {
  line: number;
  cells: string[];
}

/**
 * Reads the rows of a CSV or sheet into drafts. `attachment(name)` loads a file named in the
 * attachments column (from the folder beside the export); null when it is not there.
 */
export function readTable(
  file: string,
  rows: readonly TableRow[],
  attachment: (name: string) => Buffer | null,
): { drafts: Draft[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const drafts: Draft[] = [];
  const [header, ...data] = rows;
  if (!header) return { drafts, issues };
  const columns = header.cells.map((name, i) => {
    const column = HEADER.get(name.trim().toLowerCase());
    if (!column && name.trim())
      issues.push(issue({ file, line: header.line, field: name }, 'warning', 'import.unknown_column', { value: name }));
    return { column, i };
  });
  const index = new Map<TableColumn, number>();
  for (const c of columns) if (c.column && !index.has(c.column)) index.set(c.column, c.i);
  if (!index.has('number'))
    issues.push(
      issue({ file, line: header.line, field: 'number' }, 'error', 'import.missing_field', { field: 'number' }),
    );
  const byNumber = new Map<string, Draft>();
  for (const row of data) {
    const get = (column: TableColumn): string | undefined => {
      const at = index.get(column);
      const value = at === undefined ? undefined : row.cells[at];
      return value === undefined || value.trim() === '' ? undefined : value;
    };
    if (row.cells.every((c) => c.trim() === '')) continue;
    const where = { file, line: row.line };
    const number = get('number')?.trim();
    let draft = number ? byNumber.get(number) : undefined;
    if (!draft) {
      // A row without ticket fields but with a number not seen: a comment whose ticket is missing.
      if (number && !get('title') && (get('comment') || get('attachments'))) {
        issues.push(issue({ ...where, field: 'number' }, 'error', 'import.orphan_row', { value: number }, number));
        continue;
      }
      draft = {
        where,
        externalId: number,
        title: get('title'),
        description: get('description') ?? '',
        state: get('state'),
        priority: get('priority'),
        createdAt: get('created_at'),
        resolvedAt: get('resolved_at'),
        closedAt: get('closed_at'),
        requesterEmail: get('requester_email'),
        requesterName: get('requester_name'),
        assignee: get('assignee'),
        group: get('group'),
        category: get('category'),
        resolution: get('resolution'),
        comments: [],
        attachments: [],
      };
      drafts.push(draft);
      if (number) byNumber.set(number, draft);
    } else if (get('title') && draft.where.line !== row.line) {
      issues.push(
        issue(
          { ...where, field: 'number' },
          'error',
          'import.duplicate_number',
          {
            value: number!,
            first: `${file}:${draft.where.line}`,
          },
          number,
        ),
      );
      continue;
    }
    const comment = get('comment');
    if (comment) {
      const raw = get('comment_visibility');
      const visibility = raw ? VISIBILITY(raw) : 'public';
      if (!visibility) {
        issues.push(
          issue({ ...where, field: 'comment_visibility' }, 'error', 'import.unknown_state', { value: raw! }, number),
        );
      } else {
        draft.comments.push({
          where: { ...where, field: 'comment_at' },
          body: comment,
          visibility,
          at: get('comment_at'),
          author: get('comment_author'),
        });
      }
    }
    for (const name of (get('attachments') ?? '')
      .split(/[;|\n]/)
      .map((n) => n.trim())
      .filter(Boolean))
      draft.attachments.push({
        where: { ...where, field: 'attachments' },
        filename: name,
        load: () => attachment(name),
      });
  }
  return { drafts, issues };
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; a UTF-8 BOM is dropped. */
export function parseCsv(text: string): TableRow[] {
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  return rows;
}
