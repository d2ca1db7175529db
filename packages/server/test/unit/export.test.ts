import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { toCsv, toXlsx } from '../../src/platform/export.js';

describe('export helper', () => {
  it('writes CSV with a BOM and CRLF, quotes what needs quoting and defuses formula-like text', () => {
    const csv = toCsv(
      ['名称', 'n'],
      [
        ['=HYPERLINK("http://x","y")', 1],
        ['+1', -2],
        ['@SUM(A1)', null],
        ['-3', 0],
        ['\tx', 4],
        ['a,b', 5],
        ['普通', 6],
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '名称,n',
      `"'=HYPERLINK(""http://x"",""y"")",1`,
      "'+1,-2",
      "'@SUM(A1),",
      "'-3,0",
      "'\tx,4",
      '"a,b",5',
      '普通,6',
      '',
    ]);
  });

  it('writes Excel whose formula-like strings stay text and numbers stay numbers', async () => {
    const buffer = await toXlsx('报表', ['名称', 'n'], [['=1+1', -2]]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const row = book.worksheets[0]!.getRow(2);
    expect(row.getCell(1).value).toBe("'=1+1");
    expect(row.getCell(1).formula).toBeFalsy();
    expect(row.getCell(2).value).toBe(-2);
  });
});
