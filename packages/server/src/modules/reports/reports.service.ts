import { type Locale, type ReportFormat, translate } from '@trellis/core';
import type { Actor } from '../../platform/context.js';
import { datasetTable, parseDatasetQuery, runDataset } from '../../platform/datasets.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { CSV_TYPE, toCsv, toXlsx, XLSX_TYPE } from '../../platform/export.js';
import { findDataset } from './reports.registry.js';

/** Reads one dataset for one reader: who may read it, what they asked for, in which format. */
export async function readReport(
  db: Db,
  actor: Actor,
  input: {
    dataset: string;
    query: Record<string, unknown> & { groupBy?: string };
    locale: Locale;
    format: ReportFormat;
  },
) {
  const dataset = findDataset(input.dataset);
  if (!dataset) throw new AppError('error.not_found');
  if (!dataset.readers(actor)) throw new AppError('error.forbidden');
  const request = parseDatasetQuery(dataset, input.query, input.locale, ['format', 'locale']);
  const result = await runDataset(db, actor, dataset, request, input.locale);
  if (input.format === 'json') return { format: 'json' as const, result };
  const table = datasetTable(result);
  const name = `${translate(input.locale, dataset.label)}-${new Date().toISOString().slice(0, 10)}`;
  return input.format === 'csv'
    ? { format: 'file' as const, name: `${name}.csv`, type: CSV_TYPE, body: toCsv(table.header, table.rows) }
    : {
        format: 'file' as const,
        name: `${name}.xlsx`,
        type: XLSX_TYPE,
        body: await toXlsx(result.label, table.header, table.rows),
      };
}
