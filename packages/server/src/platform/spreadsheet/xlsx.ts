import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { listEntries, SpreadsheetLimit, unpack, unpackWhole, type ZipEntry } from './zip.js';

/** What an import asks of a workbook. */
export interface SheetLimits {
  /** Cells read per row, from column A. */
  columns: number;
  /** Data rows (after the header, blank rows not counted) before the file is refused. */
  maxRows: number;
  /** Bytes the whole archive may unpack to. */
  maxUnpacked: number;
  /** Rows at the top that are headings, not data. */
  headerRows?: number;
}

export interface SheetRow {
  /** The row number a person sees in Excel. */
  row: number;
  /** Trimmed text of the first `columns` cells; a date cell reads as YYYY-MM-DD. */
  cells: string[];
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Feeds XML text through a parser; `stop()` from a handler ends the loop without reading on. */
async function parseXml(
  chunks: AsyncIterable<Buffer>,
  handlers: {
    open?: (tag: SaxesTagPlain) => void;
    close?: (name: string) => void;
    text?: (text: string) => void;
  },
  done?: () => boolean,
) {
  const parser = new SaxesParser({ xmlns: false });
  if (handlers.open) parser.on('opentag', (tag) => handlers.open!({ ...tag, name: local(tag.name) }));
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(local(tag.name)));
  if (handlers.text) parser.on('text', handlers.text);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of chunks) {
      parser.write(decoder.decode(chunk, { stream: true }));
      if (done?.()) return;
    }
    parser.close();
  } catch (err) {
    if (err instanceof SpreadsheetLimit) throw err;
    throw new SpreadsheetLimit('invalid');
  }
}

async function* once(buf: Buffer) {
  yield buf;
}

// Built-in number formats that show a date, including the CJK ones Chinese Excel writes (年月日).
const DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);
const isDateCode = (code: string) =>
  /[ymdhs]/i.test(
    code
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, '')
      .replace(/\[[^\]]*\]/g, ''),
  );

/** Style indexes (the cell's `s`) whose number format is a date. */
async function dateStyles(buf: Buffer, entry: ZipEntry | undefined): Promise<Set<number>> {
  const dates = new Set<number>();
  if (!entry) return dates;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let index = 0;
  await parseXml(once(await unpackWhole(buf, entry)), {
    open: (tag) => {
      if (tag.name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), String(tag.attributes.formatCode ?? ''));
      else if (tag.name === 'cellXfs') inCellXfs = true;
      else if (tag.name === 'xf' && inCellXfs) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        if (DATE_FORMATS.has(id) || (custom.has(id) && isDateCode(custom.get(id)!))) dates.add(index);
        index++;
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return dates;
}

async function sharedStrings(buf: Buffer, entry: ZipEntry | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let current = '';
  let inText = false;
  let phonetic = 0;
  await parseXml(unpack(buf, entry), {
    open: (tag) => {
      if (tag.name === 'si') current = '';
      else if (tag.name === 't') inText = true;
      else if (tag.name === 'rPh') phonetic++;
    },
    close: (name) => {
      if (name === 'si') strings.push(current);
      else if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
    },
    text: (text) => {
      if (inText && phonetic === 0) current += text;
    },
  });
  return strings;
}

/** The first sheet's part, as the workbook names it (Excel's order, not the entry's name). */
async function firstSheet(
  buf: Buffer,
  byName: Map<string, ZipEntry>,
): Promise<{ entry: ZipEntry | undefined; date1904: boolean }> {
  const workbook = byName.get('xl/workbook.xml');
  const rels = byName.get('xl/_rels/workbook.xml.rels');
  let relId: string | undefined;
  let date1904 = false;
  if (workbook) {
    await parseXml(once(await unpackWhole(buf, workbook)), {
      open: (tag) => {
        if (tag.name === 'sheet' && !relId)
          relId = String(Object.entries(tag.attributes).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1] ?? '');
        if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(String(tag.attributes.date1904));
      },
    });
  }
  let target: string | undefined;
  if (rels && relId) {
    await parseXml(once(await unpackWhole(buf, rels)), {
      open: (tag) => {
        if (tag.name === 'Relationship' && tag.attributes.Id === relId) target = String(tag.attributes.Target);
      },
    });
  }
  if (target) {
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    if (byName.has(path)) return { entry: byName.get(path), date1904 };
  }
  return { entry: byName.get('xl/worksheets/sheet1.xml'), date1904 };
}

function serialDate(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial)) return null;
  const days = serial + (date1904 ? 1462 : 0) - 25569;
  const date = new Date(Math.round(days * 86_400_000));
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

/**
 * Reads the first sheet of an .xlsx, row by row, and stops the moment a limit is passed: the
 * archive's claimed size first, then what each part really unpacks to, then the row count.
 */
export async function readFirstSheet(buf: Buffer, limits: SheetLimits): Promise<SheetRow[]> {
  const entries = listEntries(buf, limits.maxUnpacked);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const { entry: sheet, date1904 } = await firstSheet(buf, byName);
  if (!sheet) throw new SpreadsheetLimit('invalid');
  const strings = await sharedStrings(buf, byName.get('xl/sharedStrings.xml'));
  const dates = await dateStyles(buf, byName.get('xl/styles.xml'));
  const headerRows = limits.headerRows ?? 1;

  const rows: SheetRow[] = [];
  let rowNumber = 0;
  let cells: string[] = [];
  let col = -1;
  let type = '';
  let style = -1;
  let value = '';
  let inValue = false;
  let inline = 0;
  let tooMany = false;
  const finishCell = () => {
    if (col < 0 || col >= limits.columns) return;
    let text = value;
    if (type === 's') text = strings[Number(value)] ?? '';
    else if (type === 'b') text = value === '1' ? 'true' : value === '0' ? 'false' : value;
    else if (type === 'e') text = '';
    else if ((type === '' || type === 'n') && value !== '') {
      const n = Number(value);
      text = dates.has(style) ? (serialDate(n, date1904) ?? value) : Number.isFinite(n) ? String(n) : value;
    }
    cells[col] = text.trim();
  };
  await parseXml(
    unpack(buf, sheet),
    {
      open: (tag) => {
        switch (tag.name) {
          case 'row':
            rowNumber = tag.attributes.r ? Number(tag.attributes.r) : rowNumber + 1;
            cells = Array(limits.columns).fill('');
            col = -1;
            break;
          case 'c':
            col = tag.attributes.r ? columnIndex(String(tag.attributes.r)) : col + 1;
            type = String(tag.attributes.t ?? '');
            style = tag.attributes.s === undefined ? -1 : Number(tag.attributes.s);
            value = '';
            break;
          case 'v':
            inValue = true;
            break;
          case 'is':
            inline++;
            break;
          case 't':
            if (inline) inValue = true;
            break;
          case 'rPh':
            // Phonetic guides inside an inline string are not the cell's text.
            inline += 1000;
            break;
        }
      },
      close: (name) => {
        switch (name) {
          case 'v':
          case 't':
            inValue = false;
            break;
          case 'is':
            inline--;
            break;
          case 'rPh':
            inline -= 1000;
            break;
          case 'c':
            finishCell();
            break;
          case 'row':
            if (rowNumber <= headerRows || cells.every((c) => c === '')) break;
            rows.push({ row: rowNumber, cells });
            if (rows.length > limits.maxRows) tooMany = true;
            break;
        }
      },
      text: (text) => {
        if (inValue && inline < 1000) value += text;
      },
    },
    () => tooMany,
  );
  if (tooMany) throw new SpreadsheetLimit('too_many_rows');
  return rows;
}
