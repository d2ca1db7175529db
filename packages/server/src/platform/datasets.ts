import { type DatasetResult, type Locale, type MessageKey, translate } from '@trellis/core';
import {
  type AliasableExpression,
  type Expression,
  type ExpressionBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import { z } from 'zod';
import { en as zodEn, zhCN as zodZhCN } from 'zod/locales';
import type { Actor } from './context.js';
import type { Db } from './db/database.js';
import { AppError } from './errors.js';

/**
 * Datasets: the figures behind reports and dashboards, declared once per module and grouped in
 * SQL (never by loading rows and counting in JS). A dataset is a base select that already hides
 * the rows the reader may not see, plus named dimensions (group-by expressions) and measures
 * (aggregates). How to add one: docs/decisions/datasets.md.
 */

type Expr<DB, TB extends keyof DB> = (eb: ExpressionBuilder<DB, TB>) => AliasableExpression<unknown>;

interface DimensionBase<DB, TB extends keyof DB> {
  /** Column header, in the catalogue. */
  label: MessageKey;
  /** The value grouped by and filtered on. */
  expr: Expr<DB, TB>;
}

export type Dimension<DB, TB extends keyof DB> =
  /** An id (or code); `display` is the text a person reads for it, in the reader's language. */
  | (DimensionBase<DB, TB> & {
      type: 'key';
      display?: (eb: ExpressionBuilder<DB, TB>, locale: Locale) => Expression<string | null>;
    })
  | (DimensionBase<DB, TB> & { type: 'enum'; values: readonly string[]; valueLabel?: (value: string) => string })
  | (DimensionBase<DB, TB> & { type: 'integer'; valueLabel?: (value: number) => string })
  /**
   * A time column stored as ISO text: filtered by a half-open range [from, to), grouped by its
   * first `grain` characters (the UTC month or day). `precision` says whether it holds
   * timestamps or calendar dates.
   */
  | (DimensionBase<DB, TB> & { type: 'time'; precision: 'timestamp' | 'date'; grain: 'year' | 'month' | 'day' });

export interface Measure<DB, TB extends keyof DB> {
  label: MessageKey;
  /** An aggregate: count, sum, avg, or a ratio of two (see countIf and ratio below). */
  expr: Expr<DB, TB>;
  /** Rounded to this many decimals in the result (rates, means). */
  decimals?: number;
}

/** What the base query gets. Annotate the parameter (`({ db, actor }: DatasetContext) =>`) so the
 * query's tables can type the dimensions and measures. */
export interface DatasetContext {
  db: Db;
  actor: Actor;
}

export interface DatasetDefinition<DB, TB extends keyof DB, O> {
  /** Unique across modules: `<module>.<figures>`, used in the URL. */
  name: string;
  /** The module that owns the tables and declares the dataset. */
  owner: string;
  label: MessageKey;
  /** Who may read the dataset at all; row visibility is the query's job. */
  readers: (actor: Actor) => boolean;
  /** The base select: joins and the actor's visibility, no grouping and no selection. */
  query: (ctx: DatasetContext) => SelectQueryBuilder<DB, TB, O>;
  dimensions: Record<string, Dimension<DB, TB>>;
  measures: Record<string, Measure<DB, TB>>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds datasets over different joins.
export type Dataset = DatasetDefinition<any, any, any>;

/** Declares a dataset; the base query's tables type the dimension and measure expressions. */
export function defineDataset<DB, TB extends keyof DB, O>(definition: DatasetDefinition<DB, TB, O>): Dataset {
  for (const name of [...Object.keys(definition.dimensions), ...Object.keys(definition.measures)]) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name) || name === 'labels')
      throw new Error(`dataset ${definition.name}: "${name}" is not a valid column name`);
  }
  return definition as Dataset;
}

// ---- measure helpers

/** How many rows meet the condition: sum(case when … then 1 else 0 end). */
export function countIf<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, condition: Expression<SqlBool>) {
  return eb.fn.sum<number | string | null>(eb.case().when(condition).then(1).else(0).end());
}

/** numerator / denominator as a fraction, null when the denominator is 0 (a rate such as met / total). */
export function ratio(numerator: Expression<unknown>, denominator: Expression<unknown>) {
  // 1.0 forces decimal division: both databases divide integers as integers.
  return sql<number | string | null>`(${numerator}) * 1.0 / nullif(${denominator}, 0)`;
}

// ---- the request: which dimensions to group by, which filters

export type DatasetFilter = { in: (string | number)[] } | { from?: string; to?: string };
export interface DatasetQuery {
  groupBy: string[];
  filters: Record<string, DatasetFilter>;
}

const ZOD_MESSAGES = { 'zh-CN': zodZhCN().localeError, 'en-US': zodEn().localeError };

interface FieldIssue {
  path: (string | number)[];
  message: string;
  in: 'querystring';
}

const invalid = (issues: FieldIssue[]) => new AppError('error.validation', {}, issues);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const bound = (precision: 'timestamp' | 'date') =>
  precision === 'date'
    ? z.string().regex(DATE)
    : z
        .union([z.string().regex(DATE), z.string().datetime({ offset: true })])
        .transform((v) => new Date(v).toISOString());

function filterSchema(dimension: Dimension<unknown, never>) {
  switch (dimension.type) {
    case 'time':
      return z
        .object({ from: bound(dimension.precision).optional(), to: bound(dimension.precision).optional() })
        .strict();
    case 'enum':
      return z.object({ in: z.array(z.enum(dimension.values as [string, ...string[]])).min(1) }).strict();
    case 'integer':
      return z.object({ in: z.array(z.coerce.number().int()).min(1) }).strict();
    default:
      return z.object({ in: z.array(z.string().min(1).max(200)).min(1) }).strict();
  }
}

/**
 * Reads the query string of GET /api/v1/reports/:dataset:
 *   groupBy=service,month                       dimensions, in order (none: one row of totals)
 *   filter[service]=<id>                        equality; repeat the parameter for any of several
 *   filter[created][from]=2026-01-01&filter[created][to]=2026-02-01    a time range, [from, to)
 * Anything else (an unknown dimension, a range on a non-time dimension, a bad value) is a 400
 * naming the field, in the reader's language.
 */
export function parseDatasetQuery(
  dataset: Dataset,
  raw: { groupBy?: string } & Record<string, unknown>,
  locale: Locale,
  ignore: readonly string[] = [],
): DatasetQuery {
  const issues: FieldIssue[] = [];
  const unknownDimension = (path: (string | number)[], name: string) =>
    issues.push({
      path,
      message: translate(locale, 'reports.unknown_dimension', { dimension: name, dataset: dataset.name }),
      in: 'querystring',
    });
  const groupBy = (raw.groupBy ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  groupBy.forEach((name, i) => {
    if (!Object.hasOwn(dataset.dimensions, name)) unknownDimension(['groupBy', i], name);
    else if (groupBy.indexOf(name) !== i)
      issues.push({
        path: ['groupBy', i],
        message: translate(locale, 'reports.repeated_dimension', { dimension: name }),
        in: 'querystring',
      });
  });
  const given: Record<string, { in?: string[]; from?: unknown; to?: unknown; [key: string]: unknown }> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'groupBy' || ignore.includes(key)) continue;
    const m = /^filter\[([^\]]*)\](?:\[([^\]]*)\])?$/.exec(key);
    if (!m) {
      issues.push({
        path: [key],
        message: translate(locale, 'reports.unknown_parameter', { parameter: key }),
        in: 'querystring',
      });
      continue;
    }
    const [, name = '', part] = m;
    if (!Object.hasOwn(dataset.dimensions, name)) {
      unknownDimension(['filter', name], name);
      continue;
    }
    const isTime = (dataset.dimensions[name] as Dimension<unknown, never>).type === 'time';
    if (isTime !== (part !== undefined)) {
      const key = isTime ? 'reports.range_required' : 'reports.equality_only';
      issues.push({ path: ['filter', name], message: translate(locale, key, { dimension: name }), in: 'querystring' });
      continue;
    }
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    const entry = given[name] ?? {};
    given[name] = entry;
    if (part === undefined) entry.in = [...(entry.in ?? []), ...values];
    else entry[part] = values.length === 1 ? values[0] : values;
  }
  const filters: Record<string, DatasetFilter> = {};
  for (const [name, value] of Object.entries(given)) {
    const parsed = filterSchema(dataset.dimensions[name] as Dimension<unknown, never>).safeParse(value, {
      error: ZOD_MESSAGES[locale],
    });
    if (parsed.success) filters[name] = parsed.data;
    else
      for (const issue of parsed.error.issues) {
        // `in` is how equality is held here, not a parameter the reader typed: point at filter[name].
        const rest = issue.path.filter((p) => p !== 'in' && typeof p !== 'symbol') as (string | number)[];
        issues.push({
          path: ['filter', name, ...rest.filter((p) => typeof p === 'string')],
          message: issue.message,
          in: 'querystring',
        });
      }
  }
  if (issues.length) throw invalid(issues);
  return { groupBy, filters };
}

// ---- running

const GRAIN_LENGTH = { year: 4, month: 7, day: 10 } as const;

type AnyEb = ExpressionBuilder<unknown, never>;
type AnyDimension = Dimension<unknown, never>;

function groupExpression(dimension: AnyDimension, eb: AnyEb): AliasableExpression<unknown> {
  const value = dimension.expr(eb);
  if (dimension.type !== 'time') return value;
  return sql`substr(${value}, 1, ${sql.lit(GRAIN_LENGTH[dimension.grain])})`;
}

function normalise(dimension: AnyDimension, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  return dimension.type === 'integer' ? Number(value) : String(value);
}

function labelOf(dimension: AnyDimension, value: string | number | null, display: unknown, locale: Locale): string {
  if (value === null) return '—';
  switch (dimension.type) {
    case 'key':
      return display === null || display === undefined ? String(value) : String(display);
    case 'enum':
      return dimension.valueLabel
        ? translate(locale, dimension.valueLabel(String(value)) as MessageKey)
        : String(value);
    case 'integer':
      return dimension.valueLabel
        ? translate(locale, dimension.valueLabel(Number(value)) as MessageKey)
        : String(value);
    default:
      return String(value);
  }
}

const compare = (a: string | number | null, b: string | number | null) => {
  if (a === b) return 0;
  if (a === null) return 1; // no value last, on both databases
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
};

/** Runs a dataset for a reader: one grouped SELECT; the rows come back labelled and typed. */
export async function runDataset(
  db: Db,
  actor: Actor,
  dataset: Dataset,
  request: DatasetQuery,
  locale: Locale,
): Promise<DatasetResult> {
  const dimensions = request.groupBy.map((name) => [name, dataset.dimensions[name] as AnyDimension] as const);
  const measures = Object.entries(dataset.measures) as [string, Measure<unknown, never>][];
  let query = dataset.query({ db, actor }) as SelectQueryBuilder<unknown, never, object>;
  for (const [name, filter] of Object.entries(request.filters)) {
    const dimension = dataset.dimensions[name] as AnyDimension;
    if ('in' in filter) query = query.where((eb) => eb(dimension.expr(eb), 'in', filter.in));
    else {
      if (filter.from) query = query.where((eb) => eb(dimension.expr(eb), '>=', filter.from));
      if (filter.to) query = query.where((eb) => eb(dimension.expr(eb), '<', filter.to));
    }
  }
  const selected = query.select((eb) => [
    ...dimensions.map(([, d], i) => groupExpression(d, eb).as(`d${i}`)),
    // The label is a function of the key, so max() picks it without widening the group.
    ...dimensions.flatMap(([, d], i) =>
      d.type === 'key' && d.display ? [eb.fn.max(d.display(eb, locale)).as(`l${i}`)] : [],
    ),
    ...measures.map(([, m], i) => m.expr(eb).as(`m${i}`)),
  ]);
  // Group by position: the same expression written twice would carry separate parameters,
  // which PostgreSQL refuses to match against the select list.
  const grouped = dimensions.length ? selected.groupBy(dimensions.map((_, i) => sql.lit(i + 1))) : selected;
  const raw = (await grouped.limit(10_000).execute()) as Record<string, unknown>[];
  const rows = raw.map((r) => {
    const labels: Record<string, string> = {};
    const row = { labels } as DatasetResult['rows'][number];
    dimensions.forEach(([name, d], i) => {
      const value = normalise(d, r[`d${i}`]);
      row[name] = value;
      labels[name] = labelOf(d, value, r[`l${i}`], locale);
    });
    measures.forEach(([name, m], i) => {
      const v = r[`m${i}`];
      if (v === null || v === undefined) row[name] = null;
      else {
        const n = Number(v);
        const scale = 10 ** (m.decimals ?? 6);
        row[name] = Math.round(n * scale) / scale;
      }
    });
    return row;
  });
  rows.sort((a, b) => {
    for (const [name] of dimensions) {
      const c = compare(a[name] as string | number | null, b[name] as string | number | null);
      if (c) return c;
    }
    return 0;
  });
  return {
    dataset: dataset.name,
    label: translate(locale, dataset.label),
    dimensions: dimensions.map(([name, d]) => ({ name, label: translate(locale, d.label), type: d.type })),
    measures: measures.map(([name, m]) => ({ name, label: translate(locale, m.label) })),
    rows,
  };
}

/** The result as a table for CSV and Excel: readable labels for dimensions, numbers for measures. */
export function datasetTable(result: DatasetResult): { header: string[]; rows: unknown[][] } {
  return {
    header: [...result.dimensions.map((d) => d.label), ...result.measures.map((m) => m.label)],
    rows: result.rows.map((r) => [
      ...result.dimensions.map((d) => r.labels[d.name] ?? ''),
      ...result.measures.map((m) => r[m.name] ?? null),
    ]),
  };
}
