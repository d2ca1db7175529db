import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';
import { multipartFile } from './http.js';

/**
 * The server's own OpenAPI document as the list of everything an attacker can call. The attack
 * suites (tenancy matrix, fuzz) walk it, so a route added tomorrow is attacked tomorrow.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  /** "POST /api/v1/incidents/{id}/take": how reports and exclusion lists name an operation. */
  key: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: JsonSchema | null;
  /** Uploads: the document has no JSON body for them; they take one file in the field "file". */
  multipart: boolean;
}

/**
 * Operations no generic attack drives, each with the reason and where it is tested instead.
 * Anything not named here is attacked.
 */
export const NOT_ATTACKED: Record<string, string> = {
  'GET /api/v1/live':
    'an event stream that stays open; who is told what on it is tested in live.test.ts and record-events.test.ts',
  'POST /api/v1/auth/logout': 'would end the attacking session itself; covered by auth.test.ts',
};

const UPLOAD = /\/(attachments|asset-import|with-files)$/;

/** Every operation of the running app's OpenAPI document. */
export async function apiOperations(test: TestApp): Promise<Operation[]> {
  const res = await test.trellis.app.inject({ method: 'GET', url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`no OpenAPI document: ${res.statusCode}`);
  const doc = res.json() as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Parameter[];
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        }
      >
    >;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const method = m.toUpperCase() as Operation['method'];
      if (!['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) continue;
      const parameters = op.parameters ?? [];
      // A path parameter is in the path whatever the document says about it.
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      const pathParams = inPath.map(
        (name) =>
          parameters.find((p) => p.in === 'path' && p.name === name) ?? {
            name,
            in: 'path' as const,
            required: true,
            schema: { type: 'string' },
          },
      );
      const body = op.requestBody?.content?.['application/json']?.schema ?? null;
      operations.push({
        method,
        path,
        key: `${method} ${path}`,
        pathParams,
        queryParams: parameters.filter((p) => p.in === 'query'),
        body,
        multipart: !body && method === 'POST' && UPLOAD.test(path),
      });
    }
  }
  return operations;
}

export const attackable = (operations: Operation[]) =>
  operations.filter((op) => op.path.startsWith('/api/v1/') && !(op.key in NOT_ATTACKED));

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'missing'));
}

export function queryString(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (Array.isArray(v))
      for (const item of v) params.append(k, typeof item === 'string' ? item : JSON.stringify(item));
    else params.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Field names that carry a reference to another row: where tenancy and FK attacks aim. */
export const REFERENCE_FIELD = /(^id$|Ids?$|^ids$|^target$|^into$|^requester$|^assignee$|^owner$|^user$)/;

/** What a generator puts into reference fields: the name decides the kind of id. */
export type ReferenceHint = (field: string) => string[] | undefined;

export interface GenerateOptions {
  /** Real ids for reference fields, by field name. */
  references?: ReferenceHint;
  /** Also offer well-formed ids that point nowhere (the FK attack). */
  unknownIds?: boolean;
  /** Longest string generated where the schema allows longer (the schema's own limits are still tried). */
  maxString?: number;
}

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function stringArbitrary(schema: JsonSchema, options: GenerateOptions): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 200, options.maxString ?? 60));
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= min && (schema.maxLength === undefined || s.length <= schema.maxLength));
  }
  switch (schema.format) {
    case 'date-time':
      return fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress().filter((e) => e.length >= min && e.length <= (schema.maxLength ?? 254));
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'uuid':
      return fc.uuid();
  }
  // Chinese, emoji, combining marks and plain ASCII: what people really type, plus what breaks parsers.
  const words = ['服务台', '华东制造', '打印机卡纸', 'résumé ✓'].filter((w) => w.length >= min && w.length <= max);
  return fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }),
    // Filtering a constant list that cannot fit would loop for ever; offer only what fits.
    ...(words.length ? [fc.constantFrom(...words)] : []),
  );
}

/** A fast-check arbitrary for values the schema accepts (references aimed by options). */
export function arbitraryFor(schema: JsonSchema, options: GenerateOptions = {}, field = ''): fc.Arbitrary<unknown> {
  const base = ((): fc.Arbitrary<unknown> => {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum?.length) return fc.constantFrom(...schema.enum);
    const union = schema.anyOf ?? schema.oneOf;
    if (union?.length) return fc.oneof(...union.map((s) => arbitraryFor(s, options, field)));
    if (schema.allOf?.length) return arbitraryFor(Object.assign({}, ...schema.allOf), options, field);
    const type = typeOf(schema);
    const references = REFERENCE_FIELD.test(field) ? options.references?.(field) : undefined;
    switch (type) {
      case 'string': {
        const choices: fc.Arbitrary<string>[] = [];
        if (references?.length) choices.push(fc.constantFrom(...references));
        if (options.unknownIds && REFERENCE_FIELD.test(field)) choices.push(fc.uuid());
        // References aimed at real rows are what reaches the code behind validation; weigh them up.
        if (choices.length)
          return fc.oneof({ arbitrary: fc.oneof(...choices), weight: 3 }, stringArbitrary(schema, options));
        return stringArbitrary(schema, options);
      }
      case 'integer':
        return fc.integer({
          min: schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000),
          max: schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000),
        });
      case 'number':
        return fc.double({
          min: schema.minimum ?? -1e9,
          max: schema.maximum ?? 1e9,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const items = schema.items ?? {};
        const itemField = field.endsWith('Ids') ? field : `${field}[]`;
        return fc.array(arbitraryFor(items, options, itemField), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
        });
      }
      case 'object': {
        const props = schema.properties ?? {};
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [name, sub] of Object.entries(props)) model[name] = arbitraryFor(sub, options, name);
        const requiredKeys = (schema.required ?? []).filter((k) => k in props);
        const record = fc.record(model, { requiredKeys });
        if (schema.additionalProperties && !Object.keys(props).length) {
          return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), {
            maxKeys: 4,
          });
        }
        return record;
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable ? fc.option(base, { nil: null, freq: 6 }) : base;
}

/** Values that have broken servers before: sizes, types, encodings, injections. */
export const HOSTILE_VALUES: unknown[] = [
  '',
  ' ',
  'x'.repeat(70_000),
  '<script>alert(1)</script>',
  "'; drop table users; --",
  "' OR '1'='1",
  '../../../../etc/passwd',
  '%00%2e%2e',
  'invoice\u202etxt.pdf',
  '\uFEFF\u200B\u200D',
  '😀'.repeat(500),
  '\uD800',
  'INC-2026-000001',
  '00000000-0000-0000-0000-000000000000',
  '9'.repeat(400),
  '1e309',
  -1,
  0,
  -0.5,
  2 ** 53 + 1,
  -(2 ** 63),
  1e308,
  true,
  false,
  null,
  [],
  [null],
  {},
  { $gt: '' },
  JSON.parse('{"__proto__": {"admin": true}}'),
  Array.from({ length: 10_000 }, (_, i) => i),
];

/** JSON nested this deep: far past any real payload, still far below the item-5 stack overflow depth. */
const deep = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};
HOSTILE_VALUES.push(deep(500));

export type Mutation =
  | { kind: 'none' }
  | { kind: 'replace'; pick: number; value: unknown }
  | { kind: 'drop'; pick: number }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'whole'; value: unknown };

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      pick: fc.nat(),
      value: fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.jsonValue({ maxDepth: 3 })),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      key: fc.constantFrom('__proto__', 'constructor', 'organizationId', 'role', 'id', 'zzz'),
      value: fc.constantFrom(...HOSTILE_VALUES),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('whole' as const), value: fc.constantFrom(...HOSTILE_VALUES) }),
    weight: 1,
  },
);

/** Paths to every value inside a JSON value, so a mutation can aim at any of them. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => leafPaths(v, [...prefix, i]))];
  if (value && typeof value === 'object')
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]))];
  return [prefix];
}

/** The mutated value; the input is not changed. */
export function mutate(value: unknown, mutation: Mutation): unknown {
  if (mutation.kind === 'none') return value;
  if (mutation.kind === 'whole') return mutation.value;
  const copy = structuredClone(value) as Record<string, unknown>;
  if (mutation.kind === 'extra') {
    if (!copy || typeof copy !== 'object' || Array.isArray(copy)) return mutation.value;
    // Defined as an own property, so "__proto__" is sent as a key, as an attacker's raw JSON would.
    Object.defineProperty(copy, mutation.key, { value: mutation.value, enumerable: true, writable: true });
    return copy;
  }
  const paths = leafPaths(copy).filter((p) => p.length > 0);
  if (!paths.length) return mutation.kind === 'replace' ? mutation.value : copy;
  const path = paths[mutation.pick % paths.length]!;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (mutation.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = mutation.value;
  }
  return copy;
}

/** Path parameter values the fuzzer tries besides real ids. */
export const HOSTILE_PATH_VALUES = [
  '00000000-0000-0000-0000-000000000000',
  'INC-2026-000001',
  'inc-0000-000000',
  '..',
  '../users',
  '%2e%2e%2f',
  '-1',
  '0',
  '1e400',
  'x'.repeat(199),
  'null',
  'undefined',
  '__proto__',
  "1' or '1'='1",
  '中文',
];

export interface Caller {
  /** Cookie, CSRF token and language of a signed-in person; nothing for an anonymous caller. */
  headers: Record<string, string>;
}

/**
 * One request as an attacker sends it: the body as raw JSON text (so "__proto__" keys and
 * hostile shapes arrive as written), or one uploaded file.
 */
export function send(
  test: TestApp,
  caller: Caller,
  method: string,
  url: string,
  body: unknown,
  multipart = false,
): Promise<LightMyRequestResponse> {
  if (multipart) {
    const file = multipartFile(
      typeof body === 'string' && body.length < 300 ? body : 'probe.txt',
      'attack probe',
      'text/plain',
    );
    return test.trellis.app.inject({
      method: method as 'POST',
      url,
      headers: { ...caller.headers, ...file.headers },
      payload: file.payload,
    });
  }
  const hasBody = body !== undefined && method !== 'GET' && method !== 'DELETE';
  return test.trellis.app.inject({
    method: method as 'GET',
    url,
    headers: { ...caller.headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    ...(hasBody ? { payload: JSON.stringify(body) ?? 'null' } : {}),
  });
}

/**
 * Each caller's known-device cookie, kept as a browser keeps it: an attack that fuzzes the sign-in
 * from this one address trips the per-source lock, which a known device passes (issue 12 item 2).
 */
const deviceCookies = new Map<string, string>();

/** The caller behind a session cookie, as signIn leaves it. */
export async function callerFor(test: TestApp, email: string, password: string): Promise<Caller & { userId: string }> {
  const device = deviceCookies.get(email);
  const login = await test.trellis.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    ...(device ? { headers: { cookie: `trellis_device=${device}` } } : {}),
  });
  if (login.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${login.statusCode} ${login.body}`);
  const issued = login.cookies.find((c) => c.name === 'trellis_device');
  if (issued) deviceCookies.set(email, issued.value);
  const cookie = login.cookies.find((c) => c.name === 'trellis_session');
  const { csrfToken, user } = login.json() as { csrfToken: string; user: { id: string } };
  return {
    userId: user.id,
    headers: { cookie: `trellis_session=${cookie?.value}`, 'x-csrf-token': csrfToken, 'accept-language': 'zh-CN' },
  };
}

/**
 * Puts the server's own error on every failed response (x-attack-error), so a 500 found by an
 * attack can be told apart: a known numbered defect or a new one. Call before the first request.
 */
export function exposeErrors(test: TestApp): void {
  test.trellis.app.addHook('onError', async (_request, reply, error) => {
    const text = `${error.name}: ${error.message}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 300);
    reply.header('x-attack-error', text);
  });
}

/** Numbered defects of issue 12 that an attack is known to hit, by the server error behind the 500. */
export const KNOWN_500: { item: string; matches: RegExp }[] = [
  {
    item: 'issue 12 item 4: unknown referenced ids answer 500 (foreign-key violation not mapped to 400)',
    matches: /foreign key|FOREIGN KEY constraint/i,
  },
  {
    item: 'issue 12 item 5: deeply nested JSON overflows the stack in containsNul',
    matches: /Maximum call stack/i,
  },
];

export function knownDefect(res: LightMyRequestResponse): string | null {
  const error = String(res.headers['x-attack-error'] ?? '');
  return KNOWN_500.find((k) => k.matches.test(error))?.item ?? null;
}
