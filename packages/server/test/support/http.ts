import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Client, TestApp } from './app.js';

/** A multipart/form-data body with one file in the field "file", built by hand. */
export function multipartFile(
  filename: string,
  content: Buffer | string,
  contentType = 'application/octet-stream',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----trellis${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    payload: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export function upload(client: Client, recordId: string, filename: string, content: Buffer | string) {
  const { payload, headers } = multipartFile(filename, content);
  return client.request('POST', `/api/v1/incidents/${recordId}/attachments`, payload, headers);
}

/** The response is the documented error envelope with this status (and code, when given). */
export function expectError(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { error: { code: string; message: string; details?: unknown } };
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

/** A request with no session and no token. */
export function anonymous(test: TestApp, method: string, url: string, payload?: object) {
  return test.trellis.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });
}

/** A request authenticated by an API token only. */
export function withToken(test: TestApp, token: string, method: string, url: string, payload?: object) {
  return test.trellis.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
}

export const numbersOf = (res: LightMyRequestResponse): string[] =>
  (res.json() as { items: { number: string }[] }).items.map((i) => i.number);

/** Reports an incident and returns its body, failing loudly if the report was refused. */
export async function report(client: Client, title: string, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/incidents', { title, description: `${title} 的描述`, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; organization: { id: string }; state: string };
}
