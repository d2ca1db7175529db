import { DatasetResult, ErrorBody, LOCALES, REPORT_FORMATS } from '@trellis/core';
import { z } from 'zod';
import { sendDownload } from '../../platform/export.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { readReport } from './reports.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * GET /api/v1/reports/:dataset — one dataset, grouped in SQL.
 *   groupBy=service,created        dimensions in order (none: one row of totals)
 *   filter[service]=<id>           equality, repeat for any of several values
 *   filter[created][from]=…&filter[created][to]=…   a time range [from, to)
 *   format=json|csv|xlsx           csv and xlsx are downloads with headers in the reader's language
 *   locale=zh-CN|en-US             for download links, which carry no headers
 */
export async function reportRoutes(app: App) {
  app.get(
    '/api/v1/reports/:dataset',
    {
      schema: {
        tags: ['reports'],
        summary: 'A dataset grouped by the chosen dimensions, as JSON, CSV or Excel',
        params: z.object({ dataset: z.string().max(100) }),
        querystring: z
          .object({
            groupBy: z.string().max(500).optional(),
            format: z.enum(REPORT_FORMATS).default('json'),
            locale: z.enum(LOCALES).optional(),
          })
          .catchall(z.union([z.string().max(200), z.array(z.string().max(200)).max(100)])),
        response: { 200: DatasetResult, ...errors },
      },
    },
    async (request, reply) => {
      const { format, locale, ...query } = request.query;
      const report = await readReport(app.services.db, requireActor(request), {
        dataset: request.params.dataset,
        query,
        format,
        locale: locale ?? requestLocale(request),
      });
      if (report.format === 'json') return report.result;
      return sendDownload(reply, report) as never;
    },
  );
}
