import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { uploadsDir } from '../../src/platform/uploads.js';
import { createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';
import { expectError, report, upload } from '../support/http.js';

/**
 * Uploads are spooled to disk and stored in pieces; downloads and exports are streamed. What a
 * caller sees must not change: the same bytes back, the same limits, clear errors, nothing left over.
 */
const MB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function multipart(parts: ({ name: string; value: string } | { name: string; filename: string; content: Buffer })[]) {
  const boundary = `----trellis${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      'filename' in part
        ? `form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: application/octet-stream`
        : `form-data; name="${part.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push('filename' in part ? part.content : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const dialect of await dialectsUnderTest()) {
  describe(`streamed uploads, downloads and exports [${dialect}]`, () => {
    let test: TestApp;
    let world: Awaited<ReturnType<typeof buildWorld>>;
    const leftovers = () => {
      const dir = uploadsDir(test.trellis.config.dataDir);
      return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    };

    beforeAll(async () => {
      test = await createTestApp(dialect, { TRELLIS_ATTACHMENT_MAX_MB: '5' });
      world = await buildWorld(test);
    });
    afterAll(() => test?.close());

    it('stores a multi-megabyte attachment in pieces and gives back the same bytes', async () => {
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      const incident = await report(requester, '大文件附件');
      const content = randomBytes(Math.round(3.5 * MB));
      const res = await upload(requester, incident.id, '抓包.zip', content);
      expect(res.statusCode, res.body).toBe(201);
      const attachment = res.json() as { id: string; size: number };
      expect(attachment.size).toBe(content.length);

      const { db } = test.trellis.database;
      const pieces = await db
        .selectFrom('attachment_chunks')
        .select(['seq'])
        .where('attachment_id', '=', attachment.id)
        .orderBy('seq')
        .execute();
      expect(pieces.map((p) => p.seq)).toEqual([0, 1, 2, 3]);
      const row = await db
        .selectFrom('record_attachments')
        .select(['sha256', 'size'])
        .where('id', '=', attachment.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ sha256: sha(content), size: content.length });

      const download = await requester.get(`/api/v1/attachments/${attachment.id}`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-length']).toBe(String(content.length));
      expect(sha(download.rawPayload)).toBe(sha(content));
      expect(leftovers()).toEqual([]);
    });

    it('refuses a file over the limit with attachment.too_large naming the limit, and keeps nothing', async () => {
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      const incident = await report(requester, '超限附件');
      const { db } = test.trellis.database;
      const before = await db.selectFrom('attachment_chunks').select('attachment_id').execute();
      const error = expectError(
        await upload(requester, incident.id, 'huge.log', Buffer.alloc(5 * MB + 1, 0x61)),
        413,
        'attachment.too_large',
      );
      expect(error.message).toContain('5 MB');
      expect(await db.selectFrom('attachment_chunks').select('attachment_id').execute()).toHaveLength(before.length);
      const view = (await requester.get(`/api/v1/incidents/${incident.id}`)).json();
      expect(view.attachments).toEqual([]);
      expect(leftovers()).toEqual([]);
    });

    it('serves a file stored whole before chunked storage', async () => {
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      const incident = await report(requester, '旧附件');
      const content = Buffer.from('stored before attachments came in pieces 旧的附件');
      const id = newId();
      const { db } = test.trellis.database;
      await db
        .insertInto('record_attachments')
        .values({
          id,
          record_id: incident.id,
          filename: 'old.txt',
          content_type: 'text/plain',
          size: content.length,
          sha256: sha(content),
          uploaded_by: world.requesterA.id,
          created_at: new Date().toISOString(),
        })
        .execute();
      await db.insertInto('attachment_blobs').values({ attachment_id: id, content }).execute();
      const download = await requester.get(`/api/v1/attachments/${id}`);
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(content)).toBe(true);
    });

    it('a submission with files over the limit is refused whole, and its spooled files are removed', async () => {
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      const before = await test.trellis.database.db.selectFrom('work_records').select('id').execute();
      const { payload, headers } = multipart([
        { name: 'data', value: JSON.stringify({ itemId: 'none', answers: {} }) },
        { name: 'first', filename: 'a.txt', content: Buffer.alloc(MB, 0x62) },
        { name: 'second', filename: 'b.txt', content: Buffer.alloc(5 * MB + 10, 0x63) },
      ]);
      const res = await requester.request('POST', '/api/v1/requests/with-files', payload, headers);
      expectError(res, 413, 'attachment.too_large');
      expect(await test.trellis.database.db.selectFrom('work_records').select('id').execute()).toHaveLength(
        before.length,
      );
      expect(leftovers()).toEqual([]);
    });

    it('exports more assets than a page as one streamed workbook, every row once, in tag order', async () => {
      const { db } = test.trellis.database;
      const now = new Date().toISOString();
      const count = 1234;
      const rows = Array.from({ length: count }, (_, i) => ({
        id: newId(),
        tag: `STR-${String(i).padStart(5, '0')}`,
        class: 'equipment' as const,
        name: i === 7 ? '=HYPERLINK("http://evil")' : `笔记本 ${i}`,
        model: 'T14',
        serial_number: `SN${i}`,
        mac_addresses: '',
        licence_key: '',
        seats: 0,
        purchase_date: null,
        purchase_price: 6999,
        supplier: '联想',
        order_number: '',
        warranty_until: null,
        organization_id: world.orgA.id,
        location_id: null,
        holder_id: null,
        status: 'in_stock' as const,
        ci_id: null,
        note: '',
        created_at: now,
        updated_at: now,
      }));
      for (let at = 0; at < rows.length; at += 200)
        await db
          .insertInto('assets')
          .values(rows.slice(at, at + 200))
          .execute();

      const admin = await signIn(test, 'admin@test.local', PASSWORD);
      const exported = await admin.get('/api/v1/asset-export');
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toContain('spreadsheetml');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const tags: string[] = [];
      sheet.eachRow((row, n) => n > 1 && tags.push(String(row.getCell(1).value)));
      const mine = tags.filter((t) => t.startsWith('STR-'));
      expect(mine).toEqual(rows.map((r) => r.tag));
      expect(new Set(tags).size).toBe(tags.length);
      expect(sheet.getRow(1).getCell(1).value).toBe('资产标识码*');
      expect(sheet.getRow(1).font?.bold).toBe(true);
      const evil = tags.indexOf('STR-00007') + 2;
      expect(sheet.getRow(evil).getCell(3).value).toBe('\'=HYPERLINK("http://evil")');
    });
  });
}
