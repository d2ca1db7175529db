import { z } from 'zod';

/**
 * GET /api/v1/reports/:dataset — one grouped table. Dimension values are raw (ids, enum values,
 * "2026-02" for a month); `labels` carries what a person reads for each grouped dimension.
 */
export const DatasetColumn = z.object({ name: z.string(), label: z.string() });
export const DatasetDimensionColumn = DatasetColumn.extend({
  type: z.enum(['key', 'enum', 'integer', 'time']),
});
export const DatasetRow = z
  .object({ labels: z.record(z.string(), z.string()) })
  .catchall(z.union([z.string(), z.number(), z.null()]));
export const DatasetResult = z.object({
  dataset: z.string(),
  label: z.string(),
  dimensions: z.array(DatasetDimensionColumn),
  measures: z.array(DatasetColumn),
  rows: z.array(DatasetRow),
});
export type DatasetResult = z.infer<typeof DatasetResult>;
export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
