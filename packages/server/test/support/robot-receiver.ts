import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server that plays WeCom, DingTalk, Feishu and a generic webhook consumer, checking each
 * request the way the platform's documentation says its servers do, and answering like them.
 */
export interface Received {
  platform: 'wecom' | 'dingtalk' | 'feishu' | 'webhook';
  path: string;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface RobotReceiver {
  url: string;
  received: Received[];
  rejected: { platform: string; reason: string }[];
  /** Make the next n webhook calls fail with HTTP 500. */
  failNext(n: number): void;
  close(): Promise<void>;
}

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startRobotReceiver(secrets: {
  wecomKey: string;
  dingtalkToken: string;
  dingtalkSecret: string;
  feishuSecret: string;
  webhookSecret: string;
}): Promise<RobotReceiver> {
  const received: Received[] = [];
  const rejected: RobotReceiver['rejected'] = [];
  let failures = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw);
      } catch {
        return reply(400, { errcode: 40001, errmsg: 'invalid json' });
      }
      const now = Date.now();
      // WeCom group robot: the key in the URL is the only credential.
      if (url.pathname === '/cgi-bin/webhook/send') {
        if (url.searchParams.get('key') !== secrets.wecomKey) {
          rejected.push({ platform: 'wecom', reason: 'key' });
          return reply(200, { errcode: 93000, errmsg: 'invalid webhook url' });
        }
        received.push({ platform: 'wecom', path: url.pathname, body, headers: req.headers, at: now });
        return reply(200, { errcode: 0, errmsg: 'ok' });
      }
      // DingTalk: timestamp (ms, within one hour) and sign = urlencode(base64(HmacSHA256(secret, ts + "\n" + secret))).
      if (url.pathname === '/robot/send') {
        const timestamp = url.searchParams.get('timestamp') ?? '';
        const sign = url.searchParams.get('sign') ?? '';
        const expected = createHmac('sha256', secrets.dingtalkSecret)
          .update(`${timestamp}\n${secrets.dingtalkSecret}`)
          .digest('base64');
        if (
          url.searchParams.get('access_token') !== secrets.dingtalkToken ||
          Math.abs(now - Number(timestamp)) > 3_600_000 ||
          !safeEqual(sign, expected)
        ) {
          rejected.push({ platform: 'dingtalk', reason: 'sign' });
          return reply(200, { errcode: 310000, errmsg: 'sign not match' });
        }
        received.push({ platform: 'dingtalk', path: url.pathname, body, headers: req.headers, at: now });
        return reply(200, { errcode: 0, errmsg: 'ok' });
      }
      // Feishu: body.timestamp (s, within one hour), body.sign = base64(HmacSHA256(key = ts + "\n" + secret, "")).
      if (url.pathname.startsWith('/open-apis/bot/v2/hook/')) {
        const timestamp = String(body.timestamp ?? '');
        const expected = createHmac('sha256', `${timestamp}\n${secrets.feishuSecret}`).update('').digest('base64');
        if (Math.abs(now / 1000 - Number(timestamp)) > 3600 || !safeEqual(String(body.sign ?? ''), expected)) {
          rejected.push({ platform: 'feishu', reason: 'sign' });
          return reply(200, {
            code: 19021,
            msg: 'sign match fail or timestamp is not within one hour from current time',
          });
        }
        received.push({ platform: 'feishu', path: url.pathname, body, headers: req.headers, at: now });
        return reply(200, { code: 0, msg: 'success', data: {} });
      }
      // A generic consumer verifying X-Trellis-Signature over "timestamp.body".
      if (url.pathname === '/hooks/trellis') {
        if (failures > 0) {
          failures--;
          return reply(500, { error: 'temporarily down' });
        }
        const timestamp = String(req.headers['x-trellis-timestamp'] ?? '');
        const expected = `sha256=${createHmac('sha256', secrets.webhookSecret).update(`${timestamp}.${raw}`).digest('hex')}`;
        if (!safeEqual(String(req.headers['x-trellis-signature'] ?? ''), expected)) {
          rejected.push({ platform: 'webhook', reason: 'signature' });
          return reply(401, { error: 'bad signature' });
        }
        received.push({ platform: 'webhook', path: url.pathname, body, headers: req.headers, at: now });
        return reply(200, { ok: true });
      }
      reply(404, { error: 'no such endpoint' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    rejected,
    failNext(n) {
      failures = n;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
