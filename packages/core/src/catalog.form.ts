/**
 * Catalogue item forms: field definitions and the rules an answer must meet. Pure and shared,
 * so the portal shows and hides conditional fields exactly as the server validates them.
 */
export const FIELD_TYPES = ['text', 'number', 'date', 'choice', 'user', 'asset', 'attachment'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldOption {
  value: string;
  labelZh: string;
  labelEn: string;
}

export interface FormField {
  key: string;
  type: FieldType;
  labelZh: string;
  labelEn: string;
  helpZh?: string | null;
  helpEn?: string | null;
  required: boolean;
  /** text: several lines. */
  multiline?: boolean;
  options?: FieldOption[];
  min?: number | null;
  max?: number | null;
  /** Shown, and then required if `required`, only while another (earlier) field has one of these values. */
  when?: { field: string; values: string[] } | null;
}

/** An attachment answer names the uploaded files; the server stores their attachment ids. */
export type AttachmentAnswer = { attachmentId?: string; filename: string }[];
export type AnswerValue = string | number | AttachmentAnswer;
export type Answers = Record<string, AnswerValue>;

export const ANSWER_ISSUES = [
  'catalog.answer.required',
  'catalog.answer.not_number',
  'catalog.answer.too_small',
  'catalog.answer.too_large',
  'catalog.answer.bad_date',
  'catalog.answer.bad_choice',
  'catalog.answer.too_long',
  'catalog.answer.bad_value',
  'catalog.answer.unknown_field',
  'catalog.answer.unknown_user',
] as const;
export type AnswerIssueCode = (typeof ANSWER_ISSUES)[number];

export interface AnswerIssue {
  key: string;
  code: AnswerIssueCode;
  params?: Record<string, string | number>;
}

const TEXT_MAX = 2000;
const SHORT_MAX = 200;

const isBlank = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** The answer as text, for conditions and display. */
export function answerText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => (v as { filename?: string }).filename ?? '').join(', ');
  return String(value);
}

/** Whether a field applies, given the answers so far; a field under a hidden field is hidden too. */
export function isFieldShown(
  fields: readonly FormField[],
  field: FormField,
  answers: Record<string, unknown>,
): boolean {
  const seen = new Set<string>();
  let current: FormField | undefined = field;
  while (current?.when) {
    if (seen.has(current.key)) return false;
    seen.add(current.key);
    const controlling: string = current.when.field;
    const values: string[] = current.when.values;
    if (!values.includes(answerText(answers[controlling]))) return false;
    current = fields.find((f) => f.key === controlling);
  }
  return true;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * Checks answers against the form: every shown required field answered, every value of its type.
 * Answers to hidden fields are dropped, unknown keys refused. User ids are checked by the caller.
 */
export function validateAnswers(
  fields: readonly FormField[],
  raw: Record<string, unknown>,
): { issues: AnswerIssue[]; answers: Answers } {
  const issues: AnswerIssue[] = [];
  const answers: Answers = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) issues.push({ key, code: 'catalog.answer.unknown_field' });
  }
  for (const field of fields) {
    if (!isFieldShown(fields, field, raw)) continue;
    const value = raw[field.key];
    if (isBlank(value)) {
      if (field.required) issues.push({ key: field.key, code: 'catalog.answer.required' });
      continue;
    }
    const issue = (code: AnswerIssueCode, params?: Record<string, string | number>) =>
      issues.push({ key: field.key, code, ...(params ? { params } : {}) });
    switch (field.type) {
      case 'text':
      case 'asset': {
        if (typeof value !== 'string') {
          issue('catalog.answer.bad_value');
          break;
        }
        const max = field.type === 'text' && field.multiline ? TEXT_MAX : SHORT_MAX;
        const text = value.trim();
        if (text.length > max) issue('catalog.answer.too_long', { max });
        else answers[field.key] = text;
        break;
      }
      case 'number': {
        const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
        if (!Number.isFinite(n)) issue('catalog.answer.not_number');
        else if (field.min !== undefined && field.min !== null && n < field.min)
          issue('catalog.answer.too_small', { min: field.min });
        else if (field.max !== undefined && field.max !== null && n > field.max)
          issue('catalog.answer.too_large', { max: field.max });
        else answers[field.key] = n;
        break;
      }
      case 'date':
        if (typeof value !== 'string' || !isDate(value.trim())) issue('catalog.answer.bad_date');
        else answers[field.key] = value.trim();
        break;
      case 'choice':
        if (typeof value !== 'string' || !(field.options ?? []).some((o) => o.value === value))
          issue('catalog.answer.bad_choice');
        else answers[field.key] = value;
        break;
      case 'user':
        if (typeof value !== 'string' || value.length > 64) issue('catalog.answer.bad_value');
        else answers[field.key] = value;
        break;
      case 'attachment':
        if (
          !Array.isArray(value) ||
          !value.every(
            (v) => typeof v === 'object' && v !== null && typeof (v as { filename?: unknown }).filename === 'string',
          )
        )
          issue('catalog.answer.bad_value');
        else answers[field.key] = value as AttachmentAnswer;
        break;
    }
  }
  return { issues, answers };
}

export const DEFINITION_ISSUES = [
  'catalog.def.duplicate_key',
  'catalog.def.bad_condition',
  'catalog.def.no_options',
  'catalog.def.duplicate_option',
] as const;
export type DefinitionIssueCode = (typeof DEFINITION_ISSUES)[number];

/** Structural checks of a form definition: unique keys, choices with options, conditions on earlier fields. */
export function checkFormDefinition(fields: readonly FormField[]): { index: number; code: DefinitionIssueCode }[] {
  const issues: { index: number; code: DefinitionIssueCode }[] = [];
  const earlier = new Map<string, FormField>();
  fields.forEach((field, index) => {
    if (earlier.has(field.key)) issues.push({ index, code: 'catalog.def.duplicate_key' });
    if (field.type === 'choice') {
      const values = (field.options ?? []).map((o) => o.value);
      if (values.length === 0) issues.push({ index, code: 'catalog.def.no_options' });
      if (new Set(values).size !== values.length) issues.push({ index, code: 'catalog.def.duplicate_option' });
    }
    if (field.when) {
      const controlling = earlier.get(field.when.field);
      const choiceValues = controlling?.type === 'choice' ? (controlling.options ?? []).map((o) => o.value) : null;
      if (
        !controlling ||
        field.when.values.length === 0 ||
        (choiceValues && !field.when.values.every((v) => choiceValues.includes(v)))
      )
        issues.push({ index, code: 'catalog.def.bad_condition' });
    }
    earlier.set(field.key, field);
  });
  return issues;
}
