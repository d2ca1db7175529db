import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocument, removeDocument, searchHits } from '../../src/platform/search/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';

/** A small corpus in both languages; the expected hits for each query are written down below. */
const CORPUS: Record<string, string> = {
  p1: '三楼打印机卡纸 | 财务部的打印机一直卡纸，无法打印报表',
  p2: '共享打印机无法连接 | 办公室的共享打印机在 Windows 10 上找不到',
  p3: '打印纸用完了 | 请补充 A4 打印纸',
  v1: 'VPN 连接失败 | 在家办公时 VPN 客户端提示连接超时',
  v2: 'VPN 连不上 | 出差时 VPN 一直连不上公司内网',
  n1: '网络很慢 | 整层楼上网很慢，视频会议卡顿',
  e1: 'Outlook cannot receive mail | Outlook shows disconnected since this morning',
  e2: 'Mail quota exceeded | The mailbox is full and cannot receive new messages',
  m1: '邮箱无法收信 | Outlook 收不到外部邮件',
};

for (const dialect of await dialectsUnderTest()) {
  describe(`shared search index [${dialect}]`, () => {
    let test: TestApp;
    const handle = () => ({ db: test.trellis.database.db, dialect: test.trellis.database.dialect });

    const search = async (query: string, types = ['demo']) => {
      const hits = searchHits(handle(), query, types);
      if (!hits) return [];
      const rows = await handle()
        .db.selectFrom(hits)
        .select(['hits.entity_id', 'hits.score'])
        .orderBy('hits.score', 'desc')
        .orderBy('hits.entity_id')
        .execute();
      return rows.map((r) => r.entity_id);
    };

    beforeAll(async () => {
      test = await createTestApp(dialect);
      for (const [id, text] of Object.entries(CORPUS)) {
        const [title = '', body = ''] = text.split(' | ');
        await indexDocument(handle(), { entityType: 'demo', entityId: id, organizationId: null, title, body });
      }
      await indexDocument(handle(), {
        entityType: 'other',
        entityId: 'x1',
        organizationId: null,
        title: '打印机',
        body: '',
      });
    });
    afterAll(() => test?.close());

    it('finds Chinese words inside longer phrases, whatever the segmenter decides', async () => {
      const hits = await search('打印机');
      expect(new Set(hits.slice(0, 2))).toEqual(new Set(['p1', 'p2']));
      expect(hits).not.toContain('v1');
      expect(hits).not.toContain('x1');
    });

    it('requires Latin words and ranks the Chinese phrasing', async () => {
      const hits = await search('VPN 连不上');
      expect(hits.slice(0, 2)).toEqual(['v2', 'v1']);
      expect(hits).toHaveLength(2);
    });

    it('matches English case-insensitively and mixed text', async () => {
      expect(await search('outlook')).toEqual(expect.arrayContaining(['e1', 'm1']));
      expect(await search('OUTLOOK receive')).toEqual(['e1']);
      expect(await search('windows 共享')).toEqual(['p2']);
    });

    it('treats a lone Chinese character as a prefix and ignores punctuation-only queries', async () => {
      expect(await search('卡')).toEqual(expect.arrayContaining(['p1', 'n1']));
      expect(await search('？！…')).toEqual([]);
      expect(searchHits(handle(), '  ', ['demo'])).toBeNull();
    });

    it('survives quotes and operators in the query', async () => {
      expect((await search('"VPN" * \' (')).sort()).toEqual(['v1', 'v2']);
      // Operators are plain words here: every Latin word must appear, so this finds nothing.
      expect(await search('VPN OR 网络')).toEqual([]);
    });

    it('replaces a document on re-index and forgets it on removal', async () => {
      await indexDocument(handle(), {
        entityType: 'demo',
        entityId: 'p3',
        organizationId: null,
        title: '硒鼓更换',
        body: '',
      });
      expect(await search('A4')).toEqual([]);
      expect(await search('硒鼓')).toEqual(['p3']);
      await removeDocument(handle(), 'demo', 'p3');
      expect(await search('硒鼓')).toEqual([]);
    });

    it('keeps a rare record holding the whole query among the candidates, however many newer ones share a word', async () => {
      // Indexed oldest first: the newest-first bound of 4 candidates sees only the 8 newer documents
      // that share 加密 with the query, unless documents holding all of it are candidates too.
      await indexDocument(handle(), {
        entityType: 'bounded',
        entityId: 'b00',
        organizationId: null,
        title: '量子加密狗无法识别',
        body: '',
      });
      for (let i = 1; i <= 8; i++) {
        await indexDocument(handle(), {
          entityType: 'bounded',
          entityId: `b0${i}`,
          organizationId: null,
          title: '文件加密软件报错',
          body: '',
        });
      }
      const hits = searchHits(handle(), '量子加密狗', ['bounded'], { candidates: 4 });
      const rows = await handle()
        .db.selectFrom(hits!)
        .select(['hits.entity_id'])
        .orderBy('hits.score', 'desc')
        .orderBy('hits.entity_id', 'desc')
        .execute();
      expect(rows[0]?.entity_id).toBe('b00');
      // The partial matches are still there, after it, within the bound.
      expect(rows.map((r) => r.entity_id).slice(1)).toEqual(['b08', 'b07', 'b06', 'b05']);
    });
  });
}
