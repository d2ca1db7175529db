import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/**
 * The one export path for tables people download: CSV and Excel. Both defuse cells a spreadsheet
 * would run as a formula (CSV injection), so text typed by a requester can never execute.
 */

const BOM = '\uFEFF';

/** Text that Excel, LibreOffice or Sheets would read as a formula or a DDE call. */
const FORMULA_LIKE = /^[=+\-@\t\r]/;

/** A string a spreadsheet would run is prefixed with an apostrophe; numbers stay numbers. */
export function neutralise<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_LIKE.test(value) ? `'${value}` : value;
}

/** Quotes a CSV cell when needed, after defusing formula-like text. */
function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(neutralise(value));
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a byte-order mark, so Excel opens Chinese text correctly; CRLF line ends. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `${BOM}${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

function sheetTitle(name: string): string {
  // Sheet names may not contain []:*?/\ and are at most 31 characters.
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1';
}

const columnWidth = (rows: unknown[][], i: number) =>
  Math.min(60, Math.max(10, ...rows.map((r) => String(r[i] ?? '').length + 2)));

const MAX_BACKLOG = 4 * 1024 * 1024;

interface StreamState {
  length?: number;
}
interface SheetStream {
  buffers?: unknown[];
  pipes?: { _writableState?: StreamState; _readableState?: StreamState }[];
}

/**
 * Bytes a streamed sheet has written that the archive has not compressed yet. exceljs writes rows into
 * the archive entry without waiting for it, so this is read from its internals (its 64 KB buffers and
 * the archive's pass-through stream, a readable-stream v2 without writableLength).
 */
function backlog(sheet: ExcelJS.Worksheet): number {
  const stream = (sheet as unknown as { stream?: SheetStream }).stream;
  const buffered = (stream?.buffers?.length ?? 0) * 65_536;
  return (
    buffered +
    (stream?.pipes ?? []).reduce(
      (n, pipe) => n + (pipe._writableState?.length ?? 0) + (pipe._readableState?.length ?? 0),
      0,
    )
  );
}

/**
 * One worksheet streamed out with exceljs's WorkbookWriter: each row is committed and leaves memory
 * as it is written, so a 200,000-row export costs a page of rows. Column widths come from the header
 * and the first page (a streamed sheet fixes its columns before its first row).
 */
export function xlsxStream(
  sheetName: string,
  header: string[],
  pages: AsyncIterable<unknown[][]>,
  options: { widths?: readonly number[] } = {},
): Readable {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const write = async () => {
    const iterator = pages[Symbol.asyncIterator]();
    const first = await iterator.next();
    const firstRows = first.done ? [] : first.value;
    const sheet = book.addWorksheet(sheetTitle(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = header.map((_, i) => ({ width: options.widths?.[i] ?? columnWidth([header, ...firstRows], i) }));
    const top = sheet.addRow(header.map(neutralise));
    top.font = { bold: true };
    top.commit();
    let rows = firstRows;
    for (;;) {
      for (const row of rows) sheet.addRow(row.map((v) => (v === undefined ? null : neutralise(v)))).commit();
      // Wait until the archive has compressed what came before and the reader has taken it, so about
      // a page at a time is all that waits in memory.
      while (backlog(sheet) > MAX_BACKLOG || out.writableNeedDrain) {
        if (out.writableNeedDrain) await once(out, 'drain');
        else await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const next = await iterator.next();
      if (next.done) break;
      rows = next.value;
    }
    sheet.commit();
    await book.commit();
  };
  write().catch((err: Error) => out.destroy(err));
  return out;
}

/** One worksheet with a bold, frozen header row. */
export async function toXlsx(sheetName: string, header: string[], rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  // Sheet names may not contain []:*?/\ and are at most 31 characters.
  const sheet = book.addWorksheet(sheetTitle(sheetName));
  sheet.addRow(header.map(neutralise));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) sheet.addRow(row.map((v) => (v === undefined ? null : neutralise(v))));
  sheet.columns.forEach((column, i) => {
    const widest = Math.max(...[header, ...rows].map((r) => String(r[i] ?? '').length));
    column.width = Math.min(60, Math.max(10, widest + 2));
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a download; the file name may be in Chinese, so it goes RFC 5987-encoded. */
export function sendDownload(
  reply: FastifyReply,
  file: { name: string; type: string; body: string | Buffer | Readable },
) {
  return reply
    .header('content-type', file.type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .send(typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body);
}
