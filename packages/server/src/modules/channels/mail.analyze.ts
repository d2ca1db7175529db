import { createHash } from 'node:crypto';
import { type AddressObject, simpleParser } from 'mailparser';
import sanitizeHtml from 'sanitize-html';

/** What intake needs to know about one raw message; pure, no database. */
export interface AnalyzedMail {
  messageId: string;
  from: { address: string; name: string } | null;
  subject: string;
  date: string | null;
  /** In-Reply-To first, then References, newest first: the thread this mail answers. */
  threadIds: string[];
  text: string;
  /** The text without quoted history, for a reply that becomes a comment. */
  replyText: string;
  html: string | null;
  attachments: { filename: string; contentType: string; content: Buffer; inline: boolean }[];
  /** Why this mail must not be answered or taken in (auto-reply, bounce …), or null. */
  loop: LoopReason | null;
  /** Record numbers named in the subject, e.g. INC-2026-000123. */
  numbers: string[];
}

export type LoopReason = 'auto_submitted' | 'precedence' | 'auto_reply' | 'bounce';

const NUMBER_IN_SUBJECT = /\b(?:INC|REQ|PRB|CHG|REL)-\d{4}-\d{6,}\b/gi;
const AUTO_REPLY_SUBJECT =
  /^\s*(?:自动回复|自動回覆|自动答复|Automatic reply|Auto(?:matic)?[- ]?(?:reply|response)|Out of (?:the )?Office|外出|休假中|Abwesenheit)\s*[:：]?/i;
const BOUNCE_SUBJECT =
  /^\s*(?:Undeliverable|Undelivered Mail|Delivery Status Notification|Mail delivery failed|Returned mail|系统退信|退信|无法投递|未送达)/i;
const DAEMON_SENDER = /^(?:mailer-daemon|postmaster|noreply-dmarc|mail-daemon)@/i;

const TAGS = [...sanitizeHtml.defaults.allowedTags, 'img', 'span', 'font', 'center'];

/** Mail HTML is hostile by default: no scripts, no styles that hide text, no remote tracking pixels. */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      font: ['color'],
      '*': ['dir'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['cid', 'data'] },
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
  });
}

/** Longest Message-ID kept as written; RFC 5322 lines are 998 characters, real ids are far shorter. */
const MESSAGE_ID_MAX = 250;

/**
 * Message-IDs without their angle brackets, lower-cased: the form we store and compare. A hostile
 * id longer than any index takes (PostgreSQL refuses keys over about 2.7 kB) is shortened to a
 * prefix and its hash, the same way every time, so a reply that quotes it still finds its thread.
 */
export function normalizeMessageId(id: string): string {
  const normal = id.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  if (normal.length <= MESSAGE_ID_MAX) return normal;
  return `${normal.slice(0, 150)}#sha256-${createHash('sha256').update(normal).digest('hex')}`;
}

/**
 * An address a mail server would accept as a recipient (RFC 5321: 64 characters before the @,
 * 254 in all). Anything else cannot be answered, so intake must not make a person of it.
 */
export function deliverableAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  return address.length <= 254 && at > 0 && at <= 64 && at < address.length - 1 && !/[\s<>()[\],;:"\\]/.test(address);
}

function messageIds(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const all = Array.isArray(value) ? value.join(' ') : value;
  return (all.match(/<[^<>\s]+>/g) ?? [all]).map(normalizeMessageId).filter(Boolean);
}

function firstAddress(value: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  for (const group of list) {
    for (const entry of group.value) {
      if (entry.address?.includes('@')) return { address: entry.address.trim().toLowerCase(), name: entry.name ?? '' };
    }
  }
  return null;
}

function header(headers: Map<string, unknown>, name: string): string {
  const value = headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in (value as object)) return String((value as { value: unknown }).value);
  return String(value);
}

/** RFC 3834, the Precedence convention, vendor auto-reply headers, and DSN reports. */
export function detectLoop(headers: Map<string, unknown>, subject: string, from: string | null): LoopReason | null {
  const contentType = header(headers, 'content-type').toLowerCase();
  const params = (headers.get('content-type') as { params?: Record<string, string> } | undefined)?.params ?? {};
  if (contentType === 'multipart/report' || (params['report-type'] ?? '').toLowerCase() === 'delivery-status')
    return 'bounce';
  if ((from && DAEMON_SENDER.test(from)) || BOUNCE_SUBJECT.test(subject)) return 'bounce';
  const autoSubmitted = header(headers, 'auto-submitted').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto_submitted';
  if (/^(bulk|junk|list|auto_reply)$/i.test(header(headers, 'precedence').trim())) return 'precedence';
  if (['x-autoreply', 'x-autorespond', 'x-auto-reply'].some((h) => header(headers, h).trim() !== ''))
    return 'auto_reply';
  if (AUTO_REPLY_SUBJECT.test(subject)) return 'auto_reply';
  return null;
}

const QUOTE_MARKERS = [
  /^-{2,}\s*(?:Original Message|原始邮件|原邮件|Forwarded message|转发邮件|Reply message|回复的原邮件)\s*-{2,}/i,
  /^_{10,}\s*$/,
  /^On\b.{0,200}\bwrote:\s*$/i,
  /^在\s?.{0,200}写道[:：]?\s*$/,
  /^(?:发件人|寄件者|From)\s*[:：].+/i,
  /^>/,
];

/** Cuts a reply at the first line that starts the quoted history (Outlook, Gmail, QQ Mail, Foxmail styles). */
export function stripQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const cut = lines.findIndex((line) => QUOTE_MARKERS.some((marker) => marker.test(line.trim())));
  const kept = (cut === -1 ? lines : lines.slice(0, cut)).join('\n').trim();
  // Gmail puts "On … <a@b>\nwrote:" over two lines when the name is long.
  return kept.replace(/\n?On\b[^\n]{0,200}$/i, '').trim() || text.trim();
}

function extensionFor(contentType: string): string {
  const map: Record<string, string> = {
    'image/png': 'png',
    'image/jpeg': 'jpg',
    'image/gif': 'gif',
    'image/webp': 'webp',
    'image/bmp': 'bmp',
    'text/plain': 'txt',
    'application/pdf': 'pdf',
    'message/rfc822': 'eml',
  };
  return map[contentType.toLowerCase()] ?? 'bin';
}

export async function analyzeMail(raw: Buffer): Promise<AnalyzedMail> {
  const parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  const headers = parsed.headers as Map<string, unknown>;
  const from = firstAddress(parsed.from);
  // The subject becomes a title: overrides, embeddings and isolates would make it read backwards
  // (发票 \u202Efdp.exe shows as 发票 exe.pdf); right-to-left text and its marks stay.
  const subject = (parsed.subject ?? '')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const text = (parsed.text ?? '').replace(/\r\n/g, '\n').trim();
  const html = parsed.html ? sanitizeMailHtml(parsed.html) : null;
  const threadIds = [...messageIds(parsed.inReplyTo), ...messageIds(parsed.references).reverse()];
  // A mail without a Message-ID still gets a stable key: the same bytes are the same mail.
  const messageId = parsed.messageId
    ? normalizeMessageId(parsed.messageId)
    : `sha256-${createHash('sha256').update(raw).digest('hex')}@trellis.invalid`;
  let inlineCount = 0;
  const attachments = parsed.attachments.map((a) => {
    const inline = a.related || a.contentDisposition === 'inline';
    const filename =
      a.filename?.trim() || `${inline ? 'inline' : 'attachment'}-${++inlineCount}.${extensionFor(a.contentType)}`;
    return { filename, contentType: a.contentType, content: a.content, inline };
  });
  return {
    messageId,
    from,
    subject,
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
    threadIds: [...new Set(threadIds)],
    text,
    replyText: stripQuotedHistory(text),
    html,
    attachments,
    loop: detectLoop(headers, subject, from?.address ?? null),
    numbers: [...new Set((subject.match(NUMBER_IN_SUBJECT) ?? []).map((n) => n.toUpperCase()))],
  };
}
