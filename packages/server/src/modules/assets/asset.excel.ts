import type { Readable } from 'node:stream';
import { AssetFields, type ImportReport, type Locale, type MessageKey, translate } from '@trellis/core';
import ExcelJS from 'exceljs';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { xlsxStream } from '../../platform/export.js';
import { readSpreadsheet } from '../../platform/spreadsheet/reader.js';
import { listLocations } from '../cmdb/index.js';
import { insertAsset, visibleAssetPages } from './asset.service.js';

/** The template's columns, in order; import reads by position so either language's template works. */
const COLUMNS = [
  { key: 'tag', zh: '资产标识码*', en: 'Asset tag*', width: 16 },
  { key: 'class', zh: '类别*', en: 'Class*', width: 12 },
  { key: 'name', zh: '名称*', en: 'Name*', width: 24 },
  { key: 'model', zh: '型号', en: 'Model', width: 18 },
  { key: 'serialNumber', zh: '出厂编号', en: 'Serial number', width: 18 },
  { key: 'macAddresses', zh: 'MAC 地址', en: 'MAC addresses', width: 22 },
  { key: 'licenceKey', zh: '正版认证码/许可证密钥', en: 'Licence key', width: 22 },
  { key: 'seats', zh: '授权数量', en: 'Seats', width: 10 },
  { key: 'purchaseDate', zh: '采购日期', en: 'Purchase date', width: 14 },
  { key: 'purchasePrice', zh: '采购价格', en: 'Purchase price', width: 12 },
  { key: 'supplier', zh: '供应商', en: 'Supplier', width: 18 },
  { key: 'orderNumber', zh: '采购单号', en: 'Order number', width: 16 },
  { key: 'warrantyUntil', zh: '保修到期', en: 'Warranty until', width: 14 },
  { key: 'organization', zh: '组织代码*', en: 'Organisation code*', width: 14 },
  { key: 'location', zh: '位置', en: 'Location', width: 20 },
  { key: 'holder', zh: '使用人邮箱', en: 'Holder e-mail', width: 24 },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];
/** One import is one transaction; larger registers are imported in parts. */
const MAX_IMPORT_ROWS = 5000;

const CLASS_WORDS: Record<string, 'software' | 'equipment' | 'consumable'> = {
  software: 'software',
  软件: 'software',
  equipment: 'equipment',
  'it 设备': 'equipment',
  it设备: 'equipment',
  设备: 'equipment',
  consumable: 'consumable',
  'parts & consumables': 'consumable',
  配件耗材: 'consumable',
  耗材: 'consumable',
};

function header(sheet: ExcelJS.Worksheet, locale: Locale) {
  sheet.columns = COLUMNS.map((c) => ({ header: locale === 'zh-CN' ? c.zh : c.en, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function importTemplate(locale: Locale): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(locale === 'zh-CN' ? '资产' : 'Assets');
  header(sheet, locale);
  sheet.addRow({
    tag: 'IT-2026-0001',
    class: locale === 'zh-CN' ? 'IT 设备' : 'Equipment',
    name: locale === 'zh-CN' ? '财务部笔记本' : 'Finance laptop',
    model: 'ThinkPad T14',
    serialNumber: 'PF3ABC12',
    macAddresses: '00:1A:2B:3C:4D:5E',
    purchaseDate: '2026-03-01',
    purchasePrice: 6999,
    supplier: '联想',
    warrantyUntil: '2029-03-01',
    organization: 'HDZZ',
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The register as a workbook, streamed page by page: a 200,000-asset export holds a page in memory. */
export function exportAssets(db: Db, actor: Actor, locale: Locale): Readable {
  const zh = locale === 'zh-CN';
  const header = [...COLUMNS.map((c) => (zh ? c.zh : c.en)), zh ? '状态' : 'Status', zh ? '使用人' : 'Holder'];
  async function* pages() {
    const orgCodes = new Map(
      (await db.selectFrom('organizations').select(['id', 'code']).execute()).map((o) => [o.id, o.code]),
    );
    const emails = new Map(
      (await db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.id, u.email]),
    );
    for await (const assets of visibleAssetPages(db, actor, 500))
      yield assets.map((a) => [
        a.tag,
        translate(locale, `asset.class.${a.class}` as MessageKey),
        a.name,
        a.model,
        a.serialNumber,
        a.macAddresses.join(', '),
        a.licenceKey,
        a.seats || null,
        a.purchaseDate,
        a.purchasePrice,
        a.supplier,
        a.orderNumber,
        a.warrantyUntil,
        orgCodes.get(a.organization.id) ?? '',
        a.location?.name ?? '',
        a.holder ? (emails.get(a.holder.id) ?? '') : '',
        translate(locale, `asset.status.${a.status}` as MessageKey),
        a.holder?.name ?? '',
      ]);
  }
  return xlsxStream(zh ? '资产' : 'Assets', header, pages(), { widths: [...COLUMNS.map((c) => c.width), 12, 16] });
}

interface Parsed {
  row: number;
  values: Record<ColumnKey, string>;
}

/** The rows of an uploaded import, through the platform's safe reader (size, rows, off the event loop). */
export async function readSheet(content: Buffer): Promise<Parsed[]> {
  const rows = await readSpreadsheet(content, { columns: COLUMNS.length, maxRows: MAX_IMPORT_ROWS });
  return rows.map(({ row, cells }) => ({
    row,
    values: Object.fromEntries(COLUMNS.map((c, i) => [c.key, cells[i] ?? ''])) as Record<ColumnKey, string>,
  }));
}

/**
 * Checks every row and reports every problem; then, in the caller's single transaction, imports
 * all rows, none (all_or_nothing with any bad row), or only the good ones. Nothing is half-imported.
 */
export async function importAssets(
  tx: Tx,
  rows: Parsed[],
  mode: ImportReport['mode'],
  locale: Locale,
): Promise<ImportReport> {
  const errors: ImportReport['errors'] = [];
  const say = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const column = (key: ColumnKey) => {
    const c = COLUMNS.find((x) => x.key === key)!;
    return (locale === 'zh-CN' ? c.zh : c.en).replace('*', '');
  };
  const orgs = new Map(
    (await tx.db.selectFrom('organizations').select(['id', 'code']).execute()).map((o) => [o.code.toLowerCase(), o.id]),
  );
  const users = new Map(
    (await tx.db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email.toLowerCase(), u.id]),
  );
  const locations = new Map((await listLocations(tx.db)).map((l) => [l.name, l.id]));
  const tags = rows.map((r) => r.values.tag).filter(Boolean);
  const existing = new Set<string>();
  for (let i = 0; i < tags.length; i += 1000) {
    for (const t of await tx.db
      .selectFrom('assets')
      .select('tag')
      .where('tag', 'in', tags.slice(i, i + 1000))
      .execute())
      existing.add(t.tag);
  }
  const seen = new Map<string, number>();
  const good: { input: ReturnType<typeof AssetFields.parse>; holderId: string | null }[] = [];
  for (const { row, values } of rows) {
    const rowErrors: ImportReport['errors'] = [];
    const fail = (key: ColumnKey, reason: string) => rowErrors.push({ row, column: column(key), reason });
    for (const key of ['tag', 'class', 'name', 'organization'] as const)
      if (!values[key]) fail(key, say('asset.import.required'));
    const klass = CLASS_WORDS[values.class.toLowerCase()];
    if (values.class && !klass) fail('class', say('asset.import.bad_class'));
    if (values.tag) {
      if (seen.has(values.tag)) fail('tag', say('asset.import.duplicate_in_file', { row: seen.get(values.tag)! }));
      else seen.set(values.tag, row);
      if (existing.has(values.tag)) fail('tag', say('asset.import.tag_exists'));
    }
    const organizationId = orgs.get(values.organization.toLowerCase());
    if (values.organization && !organizationId) fail('organization', say('asset.import.unknown_organization'));
    const locationId = values.location ? locations.get(values.location) : null;
    if (values.location && !locationId) fail('location', say('asset.import.unknown_location'));
    const holderId = values.holder ? users.get(values.holder.toLowerCase()) : null;
    if (values.holder && !holderId) fail('holder', say('asset.import.unknown_user'));
    const number = (v: string) => (v === '' ? undefined : Number(v));
    const candidate = {
      tag: values.tag,
      class: klass,
      name: values.name,
      model: values.model || undefined,
      serialNumber: values.serialNumber || undefined,
      macAddresses: values.macAddresses ? values.macAddresses.split(/[\s,;，；]+/).filter(Boolean) : undefined,
      licenceKey: values.licenceKey || undefined,
      seats: number(values.seats),
      purchaseDate: values.purchaseDate || null,
      purchasePrice: number(values.purchasePrice),
      supplier: values.supplier || undefined,
      orderNumber: values.orderNumber || undefined,
      warrantyUntil: values.warrantyUntil || null,
      organizationId: organizationId ?? 'x',
      locationId: locationId ?? null,
    };
    const parsed = AssetFields.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0]) as ColumnKey;
        if (['tag', 'class', 'name'].includes(key) && !values[key as 'tag']) continue;
        fail(COLUMNS.some((c) => c.key === key) ? key : 'tag', say('asset.import.bad_value'));
      }
    }
    if (rowErrors.length || !parsed.success) errors.push(...rowErrors);
    else good.push({ input: parsed.data, holderId: holderId ?? null });
  }
  const proceed = mode === 'good_rows' || errors.length === 0;
  if (proceed) {
    for (const g of good) {
      const status = g.input.class === 'consumable' ? 'in_stock' : g.holderId ? 'in_use' : 'in_stock';
      await insertAsset(tx, g.input, { holderId: g.holderId, status });
    }
  }
  return { mode, rows: rows.length, imported: proceed ? good.length : 0, errors };
}
