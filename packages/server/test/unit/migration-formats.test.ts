import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGlpi } from '../../src/modules/migration/formats/glpi.js';
import { jsonFile } from '../../src/modules/migration/formats/json.js';
import { readRt } from '../../src/modules/migration/formats/rt.js';
import { parseCsv, readTable, tableVocabulary } from '../../src/modules/migration/formats/table.js';
import { readZammad } from '../../src/modules/migration/formats/zammad.js';
import { checkDraft, jsonElementLines, parseTime } from '../../src/modules/migration/migration.model.js';
import { readExport } from '../../src/modules/migration/migration.sources.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/migration');
const checkAll = async (format: Parameters<typeof readExport>[0], dir: string) => {
  const read = await readExport(format, path.join(FIXTURES, dir), { utcOffset: '+08:00' });
  const checked = read.drafts.map((d) => checkDraft(d, read.vocabulary));
  return {
    read,
    tickets: checked.flatMap((c) => (c.ticket ? [c.ticket] : [])),
    issues: [...read.issues, ...checked.flatMap((c) => c.issues)],
  };
};

describe('times', () => {
  it('reads zoned times as given and zoneless ones at the offset', () => {
    expect(parseTime('2024-03-01T09:10:00Z', '+08:00')).toBe('2024-03-01T09:10:00.000Z');
    expect(parseTime('2024-03-01 09:10', '+08:00')).toBe('2024-03-01T01:10:00.000Z');
    expect(parseTime('2024/3/1 9:10:05', '+00:00')).toBe('2024-03-01T09:10:05.000Z');
    expect(parseTime('2024-02-30 10:00', '+08:00')).toBeUndefined();
    expect(parseTime('2024-13-45 10:00', '+08:00')).toBeUndefined();
    expect(parseTime('yesterday', '+08:00')).toBeUndefined();
  });
});

describe('CSV', () => {
  it('keeps quoted commas, quotes and line breaks, and numbers rows as a spreadsheet does', () => {
    const rows = parseCsv('\ufeffa,b\n1,"x, ""y""\nz"\r\n2,w\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x, "y"\nz'] },
      { line: 4, cells: ['2', 'w'] },
    ]);
  });

  it('reads records, comment rows and attachments; reports bad rows by line and field', async () => {
    const { tickets, issues } = await checkAll('csv', 'csv');
    expect(tickets.map((t) => t.externalId)).toEqual(['INC-1001', 'INC-1002', 'INC-1005']);
    const vpn = tickets[0]!;
    expect(vpn).toMatchObject({
      title: 'VPN 连不上',
      state: 'archived',
      level: 2,
      createdAt: '2024-03-01T01:10:00.000Z',
      resolvedAt: '2024-03-01T03:30:00.000Z',
      requester: { email: 'li.lei@example.cn', name: '李雷' },
    });
    expect(vpn.comments.map((c) => [c.visibility, c.body])).toEqual([
      ['public', '已远程更新证书，请重试。'],
      ['internal', '证书模板过期，已通知 PKI 管理员续签。'],
    ]);
    expect(vpn.attachments.map((a) => [a.filename, a.load()?.length])).toEqual([['vpn.log', 68]]);
    expect(tickets[2]!.description).toBe('第一行\n第二行，带"引号"');
    expect(tickets[2]!.state).toBe('resolved');
    const errors = issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.field, i.code]);
    expect(errors).toEqual([
      [7, 'number', 'import.orphan_row'],
      [5, 'created_at', 'import.bad_time'],
      [6, 'requester_email', 'import.missing_field'],
    ]);
  });

  it('reads the same layout from Excel', async () => {
    const csv = await checkAll('csv', 'csv');
    const xlsx = await checkAll('xlsx', 'xlsx');
    const strip = (t: (typeof csv.tickets)[number]) => ({ ...t, where: undefined, attachments: t.attachments.length });
    expect(xlsx.tickets.map(strip)).toEqual(csv.tickets.map(strip));
    expect(xlsx.issues.map((i) => [i.line, i.field, i.code])).toEqual(csv.issues.map((i) => [i.line, i.field, i.code]));
  });

  it('names unknown columns and refuses a table without numbers', () => {
    const read = readTable('t.csv', parseCsv('title,colour\nA,red\n'), () => null);
    expect(read.issues.map((i) => [i.severity, i.code, i.field])).toEqual([
      ['warning', 'import.unknown_column', 'colour'],
      ['error', 'import.missing_field', 'number'],
    ]);
    const checked = checkDraft(read.drafts[0]!, tableVocabulary('+08:00'));
    expect(checked.ticket).toBeUndefined();
  });
});

describe('RT REST2', () => {
  it('takes the description from Create, replies from Correspond, notes from Comment, files from attachments', async () => {
    const { tickets, issues } = await checkAll('rt', 'rt');
    expect(tickets.map((t) => t.externalId)).toEqual(['101', '102']);
    const [fs01, finance] = tickets;
    expect(fs01).toMatchObject({
      title: 'Cannot reach the file server',
      description: 'Since this morning \\\\fs01 is unreachable from the 5th floor.',
      state: 'archived',
      level: 3,
      resolvedAt: '2023-11-03T06:40:00.000Z',
      requester: { email: 'alice@example.com' },
      group: 'General',
    });
    expect(fs01!.comments.map((c) => [c.visibility, c.body, c.author])).toEqual([
      ['public', 'We are looking into it; the switch on floor 5 rebooted.', 'bob@example.com'],
      ['internal', 'Switch sw-5f-02 lost its uplink config.', 'bob@example.com'],
    ]);
    expect(fs01!.attachments.map((a) => [a.filename, a.load()?.toString()])).toEqual([
      ['sw-5f-02.log', 'interface Gi0/48\n shutdown\n'],
    ]);
    // A requestor known by user name only gets the address from users.json; unset times (1970) are no times.
    expect(finance).toMatchObject({
      state: 'in_progress',
      level: 2,
      resolvedAt: null,
      requester: { email: 'chen.jing@example.cn', name: '陈静' },
    });
    expect(issues.map((i) => [i.file, i.line, i.field, i.code, i.externalId])).toEqual([
      ['tickets.json', 106, 'requester_email', 'import.bad_email', '103'],
    ]);
  });

  it('accepts REST2 collection pages', () => {
    const page = jsonFile(
      't.json',
      JSON.stringify(
        {
          count: 1,
          page: 1,
          per_page: 20,
          total: 1,
          items: [
            { id: 5, Subject: 'S', Status: 'new', Created: '2024-01-01T00:00:00Z', Requestor: [{ id: 'a@b.cn' }] },
          ],
        },
        null,
        2,
      ),
    ).file!;
    const read = readRt({ tickets: page });
    expect(read.drafts).toHaveLength(1);
    expect(read.drafts[0]).toMatchObject({ externalId: '5', requesterEmail: 'a@b.cn', where: { line: 7 } });
  });
});

describe('GLPI', () => {
  it('joins followups, tasks, documents and actors to their tickets', async () => {
    const { tickets, issues } = await checkAll('glpi', 'glpi');
    expect(tickets.map((t) => t.externalId)).toEqual(['31', '32']);
    const [projector, laptop] = tickets;
    expect(projector).toMatchObject({
      title: '会议室投影仪无信号',
      description: '三号会议室投影仪接上电脑后显示“无信号”。',
      state: 'archived',
      level: 2,
      createdAt: '2024-04-10T01:00:00.000Z',
      resolvedAt: '2024-04-10T08:00:00.000Z',
      closedAt: '2024-04-11T02:00:00.000Z',
      requester: { email: 'zhou.min@example.cn', name: '敏 周' },
      assignee: 'glpi',
      category: '会议室设备',
    });
    expect(projector!.comments.map((c) => [c.visibility, c.body])).toEqual([
      ['internal', '检查投影仪输入源设置，HDMI 线接触不良。'],
      ['public', '已更换 HDMI 线，请再试一次。'],
      ['public', '可以了，谢谢！'],
    ]);
    expect(projector!.attachments.map((a) => [a.filename, a.load()?.length])).toEqual([['projector.jpg', 70]]);
    expect(laptop!.attachments.map((a) => [a.filename, a.load()])).toEqual([['request-form.pdf', null]]);
    expect(issues.map((i) => [i.file, i.line, i.field, i.code])).toEqual([
      ['Ticket.json', 48, 'state', 'import.unknown_state'],
    ]);
  });

  it('reads GLPI without optional files', () => {
    const read = readGlpi(
      { Ticket: jsonFile('Ticket.json', '[{"id":1,"name":"x","status":1,"date":"2024-01-01 00:00:00"}]').file! },
      () => null,
    );
    expect(read.drafts[0]).toMatchObject({ externalId: '1', requesterEmail: undefined, comments: [] });
  });
});

describe('Zammad', () => {
  it('makes the first article the description and the rest the timeline', async () => {
    const { tickets, issues } = await checkAll('zammad', 'zammad');
    expect(tickets.map((t) => t.externalId)).toEqual(['31007', '31008']);
    const [wifi, expenses] = tickets;
    expect(wifi).toMatchObject({
      description: 'Since Monday the Wi-Fi in building B drops every few minutes.',
      state: 'archived',
      level: 3,
      closedAt: '2024-05-07T08:00:00.000Z',
      assignee: 'agent.li@example.cn',
      requester: { email: 'sara.lee@example.com' },
    });
    expect(wifi!.comments.map((c) => [c.visibility, c.author])).toEqual([
      ['internal', 'agent.li@example.cn'],
      ['public', 'agent.li@example.cn'],
    ]);
    expect(wifi!.attachments.map((a) => [a.filename, a.load()?.toString()])).toEqual([
      ['ap-b-03.txt', 'AP-B-03 firmware 8.10.130.0 -> 8.10.185.0\n'],
    ]);
    expect(expenses).toMatchObject({
      state: 'in_progress',
      level: 2,
      assignee: null,
      description: '上传 PDF 发票时提示“文件格式错误”。',
    });
    expect(issues.map((i) => [i.file, i.line, i.field, i.code, i.externalId])).toEqual([
      ['tickets.json', 50, 'created_at', 'import.bad_time', '31009'],
    ]);
  });

  it('reads articles nested in tickets and ids without expand', () => {
    const tickets = jsonFile(
      'tickets.json',
      JSON.stringify([
        {
          id: 1,
          number: '9',
          title: 'T',
          state_id: 2,
          priority_id: 3,
          customer_id: 4,
          created_at: '2024-01-01T00:00:00Z',
          articles: [
            { id: 1, body: 'first', created_at: '2024-01-01T00:00:00Z' },
            { id: 2, body: 'second', internal: true, created_at: '2024-01-02T00:00:00Z' },
          ],
        },
      ]),
    ).file!;
    const users = jsonFile('users.json', '[{"id":4,"email":"c@d.cn","firstname":"C"}]').file!;
    const read = readZammad({ tickets, users }, () => null);
    expect(read.drafts[0]).toMatchObject({
      state: 'open',
      priority: '3 high',
      requesterEmail: 'c@d.cn',
      description: 'first',
    });
    expect(read.drafts[0]!.comments.map((c) => c.visibility)).toEqual(['internal']);
  });
});

describe('JSON lines', () => {
  it('finds where each listed object starts', () => {
    const text = '{\n "items": [\n  {"a": "x\\"y"},\n  {\n   "b": [1, 2]\n  }\n ]\n}';
    expect(jsonElementLines(text).get('items')).toEqual([3, 4]);
  });
});

describe('progress bar', () => {
  it('writes one line per tenth when the output is not a terminal', async () => {
    const { progressBar, renderBar } = await import('../../src/platform/progress.js');
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const bar = progressBar('Importing', stream);
    for (let done = 0; done <= 1000; done += 50) bar.update(done, 1000);
    bar.done();
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toMatch(/^Importing \[#{30}\] 1000\/1000 100% \d+\/s\n$/);
    expect(renderBar(0.5, 10)).toBe('[#####-----]');
  });
});
