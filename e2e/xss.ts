/**
 * The stored-XSS corpus: payloads planted through the API in every free-text field of every record
 * kind, then pages opened in Chromium as agent, requester and admin, watching for execution (a
 * dialog, the `__xss` marker the payloads call, a page error naming it) and for dangerous DOM (an
 * inline event handler, a javascript:/data:text/html URL, an injected script or frame).
 * Used by e2e/xss.test.ts (short) and bench/xss.bench.ts (every record's page).
 */
import type { Browser, Page } from 'playwright-core';
import { ACCOUNTS, newPage, PASSWORD, signIn } from './helpers.js';

/** Each payload calls __xss(n) if it ever runs; n says which one got through. */
export const PAYLOADS: string[] = [
  '<script>__xss(1)</script>',
  '<img src=x onerror=__xss(2)>',
  '<svg onload=__xss(3)>',
  '"><svg/onload=__xss(4)>',
  'javascript:__xss(5)',
  '[click me](javascript:__xss(6))',
  '<a href="javascript:__xss(7)">link7</a>',
  "{{constructor.constructor('__xss(8)')()}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, on purpose
  '${__xss(9)}#{__xss(9)}<%= __xss(9) %>',
  '<iframe src="javascript:__xss(10)"></iframe>',
  '<details open ontoggle=__xss(11)>',
  '\u202e＜script＞__xss(12)＜/script＞\u200b<img\tsrc=x\u00adonerror=__xss(12)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss(13)>',
  "';__xss(14);//\\';__xss(14);//",
  '<object data="data:text/html,<script>__xss(15)</script>"></object>',
  '<a href="&#106;avascript:__xss(16)">enc16</a><form><button formaction=javascript:__xss(16)>b</button></form>',
];

/** Every payload at once, for the long fields (descriptions, comments, bodies). */
export const ALL = PAYLOADS.map((p, i) => `#${i + 1} ${p}`).join('\n');

const short = (k: number, max: number) => PAYLOADS[k]!.slice(0, max);

// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read for an id or a list
type Json = any;

interface Session {
  userId: string;
  organizationId: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json; text: string }>;
}

async function session(base: string, email: string): Promise<Session> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`sign-in ${email}: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(';')[0])
    .filter((c) => c?.startsWith('trellis_session='))
    .join('; ');
  const body = (await login.json()) as { csrfToken: string; user: { id: string; organizationId: string } };
  return {
    userId: body.user.id,
    organizationId: body.user.organizationId,
    async call(method, path, payload = method === 'GET' ? undefined : {}) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': body.csrfToken,
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: payload !== undefined ? JSON.stringify(payload) : undefined,
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {}
      return { status: res.status, json, text };
    },
  };
}

export interface Planted {
  /** Pages to open, by who opens them. */
  pages: { role: 'agent' | 'requester' | 'admin'; path: string; record: number | null }[];
  /** Field planted → how many records carry it. */
  fields: Record<string, number>;
  /** What could not be planted (a 4xx is not a defect by itself, but it narrows the test). */
  refused: string[];
}

/**
 * Plants payload k in the short fields of record set k (names and titles, which lists show side by
 * side) and every payload in the long fields, for `records` sets.
 */
export async function plant(base: string, records: number): Promise<Planted> {
  const [admin, agent, requester, manager] = await Promise.all([
    session(base, ACCOUNTS.admin),
    session(base, ACCOUNTS.agent),
    session(base, ACCOUNTS.requester),
    session(base, ACCOUNTS.manager),
  ]);
  const fields: Record<string, number> = {};
  const refused: string[] = [];
  const pages: Planted['pages'] = [];
  const ok = async (label: string, p: Promise<{ status: number; json: Json; text: string }>, count = 1) => {
    const res = await p;
    if (res.status >= 500) throw new Error(`${label}: ${res.status} ${res.text.slice(0, 300)}`);
    if (res.status >= 400) {
      refused.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
      return null;
    }
    for (const f of label.split('+')) if (!f.startsWith('_')) fields[f] = (fields[f] ?? 0) + count;
    return res.json;
  };

  const services = (await admin.call('GET', '/api/v1/services')).json as { id: string }[];
  const classes = (await admin.call('GET', '/api/v1/cmdb/classes')).json as {
    id: string;
    attributes: { key: string; type: string; required?: boolean }[];
  }[];
  const ciClass =
    classes.find((c) => c.attributes.some((a) => a.type === 'text') && !c.attributes.some((a) => a.required)) ??
    classes[0]!;
  const textAttributes = ciClass.attributes.filter((a) => a.type === 'text').map((a) => a.key);

  for (let k = 0; k < records; k++) {
    const p = PAYLOADS[k % PAYLOADS.length]!;
    const n = k % PAYLOADS.length;
    // People and organisations: names shown in lists, pickers and on records.
    const org = await ok(
      'organisation.name',
      admin.call('POST', '/api/v1/organizations', { kind: 'customer', code: `XSS${k}`, name: short(n, 200) }),
    );
    if (org)
      await ok('department.name', admin.call('POST', `/api/v1/organizations/${org.id}/departments`, { name: p }));
    const person = await ok(
      'user.name',
      admin.call('POST', '/api/v1/users', {
        email: `xss${k}@trellis.demo`,
        name: short(n, 100),
        phone: short(n, 40),
        role: 'requester',
        organizationId: requester.organizationId,
        password: `Xss-${k}-corpus#Trellis2026`,
      }),
    );
    const service = await ok(
      'service.name+service.description',
      admin.call('POST', '/api/v1/services', {
        code: `XSS${k}`,
        nameZh: short(n, 100),
        nameEn: short(n, 100),
        description: ALL,
      }),
    );
    const item = await ok(
      'catalog.name+catalog.label',
      admin.call('POST', '/api/v1/catalog/items', {
        serviceId: service?.id ?? services[0]!.id,
        nameZh: short(n, 100),
        nameEn: short(n, 100),
        form: [{ key: 'detail', type: 'text', labelZh: short(n, 100), labelEn: short(n, 100), required: true }],
      }),
    );

    // An incident reported by the requester, worked and answered by the desk.
    const incident = await ok(
      'incident.title+incident.description+incident.contact+incident.scope',
      requester.call('POST', '/api/v1/incidents', {
        title: p,
        description: ALL,
        contact: short(n, 200),
        affectedScope: p,
      }),
    );
    if (incident) {
      await ok('comment.requester', requester.call('POST', `/api/v1/incidents/${incident.id}/comments`, { body: ALL }));
      await ok('_take', agent.call('POST', `/api/v1/incidents/${incident.id}/take`));
      await ok(
        'comment.public',
        agent.call('POST', `/api/v1/incidents/${incident.id}/comments`, { body: ALL, visibility: 'public' }),
      );
      await ok(
        'comment.internal',
        agent.call('POST', `/api/v1/incidents/${incident.id}/comments`, { body: ALL, visibility: 'internal' }),
      );
      if (k % 2)
        await ok(
          'resolution.cause+resolution.solution+resolution.knowledgeRef',
          agent.call('POST', `/api/v1/incidents/${incident.id}/resolve`, {
            cause: ALL,
            solution: ALL,
            timeSpentMinutes: 5,
            knowledgeRef: p,
          }),
        );
      pages.push({ role: 'agent', path: `/console/incidents/${incident.id}`, record: k });
      pages.push({ role: 'requester', path: `/portal/incidents/${incident.id}`, record: k });
    }
    // A call logged for the payload-named person: their name on the queue and the record.
    if (person) {
      const logged = await ok(
        'incident.logged-for',
        agent.call('POST', '/api/v1/incidents', {
          title: `for ${p}`,
          description: p,
          requesterId: person.id,
          channel: 'phone',
        }),
      );
      if (logged) pages.push({ role: 'agent', path: `/console/incidents/${logged.id}`, record: k });
    }
    if (item) {
      const request = await ok(
        'request.answer',
        requester.call('POST', '/api/v1/requests', { itemId: item.id, answers: { detail: p } }),
      );
      if (request) {
        await ok('request.comment', requester.call('POST', `/api/v1/requests/${request.id}/comments`, { body: ALL }));
        pages.push({ role: 'agent', path: `/console/requests/${request.id}`, record: k });
        pages.push({ role: 'requester', path: `/portal/requests/${request.id}`, record: k });
      }
      pages.push({ role: 'requester', path: `/portal/catalog/${item.id}`, record: k });
    }
    const problem = await ok(
      'problem.title+problem.description',
      manager.call('POST', '/api/v1/problems', {
        title: p,
        description: ALL,
        incidentIds: incident ? [incident.id] : [],
      }),
    );
    if (problem) {
      await ok(
        'problem.workaround+problem.rca',
        manager.call('PATCH', `/api/v1/problems/${problem.id}`, {
          workaround: ALL,
          rca: { whys: [{ question: p, answer: ALL.slice(0, 2000) }], fishbone: [], rootCause: ALL, conclusion: ALL },
        }),
      );
      pages.push({ role: 'agent', path: `/console/problems/${problem.id}`, record: k });
    }
    const article = await ok(
      'article.title+article.body',
      agent.call('POST', '/api/v1/knowledge/articles', {
        title: p,
        body: `<p>${ALL.replace(/\n/g, '</p><p>')}</p>${PAYLOADS.join('')}`,
        audience: 'requesters',
      }),
    );
    if (article) pages.push({ role: 'agent', path: `/console/knowledge/${article.id}`, record: k });
    const ci = await ok(
      'ci.name+ci.attributes',
      admin.call('POST', '/api/v1/cmdb/cis', {
        classId: ciClass.id,
        name: short(n, 200),
        organizationId: requester.organizationId,
        attributes: Object.fromEntries(textAttributes.map((key) => [key, p])),
      }),
    );
    if (ci) pages.push({ role: 'agent', path: `/console/cmdb/cis/${ci.id}`, record: k });
    const asset = await ok(
      'asset.name+asset.model+asset.serial+asset.supplier+asset.order+asset.note',
      admin.call('POST', '/api/v1/assets', {
        tag: `XSS-${k}`,
        class: 'equipment',
        name: short(n, 200),
        model: short(n, 100),
        serialNumber: short(n, 100),
        supplier: short(n, 200),
        orderNumber: short(n, 100),
        organizationId: requester.organizationId,
        ciId: ci?.id ?? null,
        note: ALL.slice(0, 2000),
      }),
    );
    if (asset) pages.push({ role: 'agent', path: `/console/assets/${asset.id}`, record: k });
  }
  // Lists show every record's short fields side by side.
  for (const path of [
    '/console',
    '/console/requests',
    '/console/problems',
    '/console/knowledge?tab=draft',
    '/console/cmdb',
    '/console/assets',
    `/console/search?q=${encodeURIComponent('__xss')}`,
  ])
    pages.push({ role: 'agent', path, record: null });
  for (const path of ['/portal', '/portal/catalog']) pages.push({ role: 'requester', path, record: null });
  for (const path of ['/admin/organizations', '/admin/users', '/admin/services', '/admin/catalog'])
    pages.push({ role: 'admin', path, record: null });
  return { pages, fields, refused };
}

export interface PageResult {
  role: string;
  path: string;
  /** Distinct payload numbers whose text is on the page (shown, not run). */
  shown: number[];
  executions: string[];
  dangerous: string[];
  /** The start of the page's text, to tell a blank page from a safe one. */
  excerpt: string;
}

/** Opens pages as each role in its own browser context and reports what ran and what is dangerous. */
export async function openPages(base: string, browser: Browser, pages: Planted['pages']): Promise<PageResult[]> {
  const results: PageResult[] = [];
  for (const role of ['agent', 'requester', 'admin'] as const) {
    const mine = pages.filter((p) => p.role === role);
    if (!mine.length) continue;
    const { context, page } = await newPage(browser);
    const executions: string[] = [];
    // In every frame, before any app code: the marker the payloads call.
    await context.addInitScript(() => {
      (window as unknown as { __xss: (n: number) => void }).__xss = (n: number) => {
        console.log(`XSS-EXECUTED ${n}`);
      };
    });
    page.on('dialog', (dialog) => {
      executions.push(`dialog: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    page.on('console', (message) => {
      if (message.text().includes('XSS-EXECUTED')) executions.push(message.text());
    });
    page.on('pageerror', (error) => {
      if (error.message.includes('__xss')) executions.push(`error: ${error.message}`);
    });
    await signIn(page, base, ACCOUNTS[role]);
    for (const target of mine) {
      const before = executions.length;
      await page.goto(`${base}${target.path}`);
      // Not networkidle: the live-update stream keeps a request open. Wait for a payload's text.
      await page
        // biome-ignore lint/performance/useDomNodeTextContent: rendered text, as scanDom reads it
        .waitForFunction(() => document.body.innerText.includes('__xss('), undefined, { timeout: 10_000 })
        .catch(() => {});
      await settle(page);
      const scan = await page.evaluate(scanDom);
      results.push({
        role,
        path: target.path,
        shown: scan.shown,
        executions: executions.slice(before),
        dangerous: scan.dangerous,
        excerpt: scan.excerpt,
      });
    }
    await context.close();
  }
  return results;
}

async function settle(page: Page) {
  // Let lazy panels and timers run: a payload that fires late still counts.
  await page.waitForTimeout(300);
}

/** Runs in the page: which payloads are visible as text, and which DOM is dangerous. */
function scanDom(): { shown: number[]; dangerous: string[]; excerpt: string } {
  const dangerous: string[] = [];
  // biome-ignore lint/performance/useDomNodeTextContent: what a person sees, not hidden template text
  const text = document.body.innerText;
  const shown = new Set<number>();
  for (const m of text.matchAll(/__xss\((\d+)\)/g)) shown.add(Number(m[1]));
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'background', 'poster'];
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
      const value = Array.from(attr.value)
        .filter((c) => c.charCodeAt(0) > 32)
        .join('')
        .toLowerCase();
      if (name.startsWith('on')) dangerous.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value.slice(0, 60)}">`);
      else if (urlAttributes.includes(name) && /^(javascript|vbscript):|^data:text\/html/.test(value))
        dangerous.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value.slice(0, 60)}">`);
    }
    const tag = el.tagName.toLowerCase();
    if (tag === 'script' && (el.textContent ?? '').includes('__xss')) dangerous.push('<script> with a payload');
    if (['iframe', 'object', 'embed', 'frame', 'base'].includes(tag)) dangerous.push(`<${tag}>`);
    if (tag === 'meta' && (el.getAttribute('http-equiv') ?? '').toLowerCase() === 'refresh')
      dangerous.push('<meta refresh>');
  }
  return { shown: [...shown].sort((a, b) => a - b), dangerous, excerpt: text.replace(/\s+/g, ' ').slice(0, 300) };
}
