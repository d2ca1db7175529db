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

/** One worksheet with a bold, frozen header row. */
export async function toXlsx(sheetName: string, header: string[], rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  // Sheet names may not contain []:*?/\ and are at most 31 characters.
  const sheet = book.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1');
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
export function sendDownload(reply: FastifyReply, file: { name: string; type: string; body: string | Buffer }) {
  return reply
    .header('content-type', file.type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .send(typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body);
}
