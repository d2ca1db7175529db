import { expect } from 'vitest';
import { MODULES } from '../../src/modules/index.js';
import type { Client, TestApp } from './app.js';
import { signIn } from './app.js';
import { buildWorld, PASSWORD, type World } from './factories.js';
import { upload } from './http.js';

/**
 * Two customer organisations, each with a record of every kind a customer owns (incident with a
 * comment and a file, service, catalogue item and service request, CI, asset) and the people the
 * seeded roles name: a requester, a specialist serving only that customer. The provider side has an
 * agent serving both, an agent serving none, a service manager and an administrator.
 *
 * Every row of a customer also yields "secrets" (ids, numbers, e-mails, names, distinctive texts):
 * a response to someone who may not see that customer must contain none of them.
 */

export type Side = 'A' | 'B';
export type Actor = 'reqA' | 'specA' | 'reqB' | 'specB' | 'idle' | 'agent' | 'manager' | 'admin';

export interface CustomerData {
  orgId: string;
  departmentId: string;
  requesterId: string;
  requesterEmail: string;
  specialistId: string;
  incident: { id: string; number: string };
  request: { id: string; number: string };
  attachmentId: string;
  serviceId: string;
  itemId: string;
  ciId: string;
  assetId: string;
  problemId: string;
  /** Strings that identify this customer's records. */
  secrets: string[];
  /** Strings that identify this customer's people and departments (the directory). */
  personSecrets: string[];
  /**
   * The customer's own services and catalogue items: configuration, not records. Staff manage
   * the catalogue, so only requesters of other customers must not see them.
   */
  configSecrets: string[];
  /** Ids whose appearance in a changed row means the change touched this customer. */
  rowIds: string[];
}

export interface AttackWorld {
  world: World;
  customers: Record<Side, CustomerData>;
  emails: Record<Actor, string>;
  /** The customers each actor may see; the others' secrets must never reach them. */
  forbidden: Record<Actor, Side[]>;
  shared: { groupId: string; categoryId: string; classId: string; datasets: string[] };
}

export const ATTACK_PASSWORD = PASSWORD;

/** The setup call succeeded (any 2xx: some writes answer 200, some 201). */
function ok(res: { statusCode: number; body: string }, _status: number, what: string) {
  expect(res.statusCode >= 200 && res.statusCode < 300, `${what}: ${res.statusCode} ${res.body}`).toBe(true);
  return JSON.parse(res.body) as Record<string, unknown> & { id: string };
}

export async function buildAttackWorld(test: TestApp): Promise<AttackWorld> {
  const world = await buildWorld(test);
  const admin = await signIn(test, 'admin@test.local', PASSWORD);

  // A specialist serving only B, as agent-a serves only A.
  const specB = ok(
    await admin.post('/api/v1/users', {
      email: 'spec-b@test.local',
      name: '乙方专员',
      role: 'specialist',
      organizationId: world.provider.id,
      password: PASSWORD,
    }),
    201,
    'specialist of B',
  );
  ok(
    await admin.post('/api/v1/groups', {
      name: '二线乙',
      tier: 2,
      memberIds: [specB.id],
      servedOrganizationIds: [world.orgB.id],
    }),
    201,
    'group serving B',
  );
  const classes = ok(await admin.get('/api/v1/cmdb/classes'), 200, 'CI classes') as unknown as
    | { items: { id: string }[] }
    | { id: string }[];
  const classList = Array.isArray(classes) ? classes : classes.items;
  expect(classList.length, 'the migrations seed CI classes').toBeGreaterThan(0);
  const classId = classList[0]!.id;

  const customer = async (side: Side): Promise<CustomerData> => {
    const org = side === 'A' ? world.orgA : world.orgB;
    const requester = side === 'A' ? world.requesterA : world.requesterB;
    const department = side === 'A' ? world.financeA : world.deptB;
    const specialistId = side === 'A' ? world.agentA.id : specB.id;
    const tag = `ZQ${side}`;
    const asRequester: Client = await signIn(test, requester.email, PASSWORD);

    const incident = ok(
      await asRequester.post('/api/v1/incidents', {
        title: `${tag}-incident 机密故障`,
        description: `${tag}-description 只有本单位可见`,
      }),
      201,
      `incident of ${side}`,
    ) as unknown as { id: string; number: string };
    ok(
      await asRequester.post(`/api/v1/incidents/${incident.id}/comments`, {
        body: `${tag}-comment 补充说明`,
        visibility: 'public',
      }),
      201,
      `comment of ${side}`,
    );
    const file = ok(
      await upload(asRequester, incident.id, `${tag}-file.txt`, `${tag}-content 附件内容`),
      201,
      'attachment',
    );
    const service = ok(
      await admin.post('/api/v1/services', {
        code: `ZS${side}-SVC`,
        nameZh: `ZS${side}-service 专属服务`,
        nameEn: `ZS${side}-service`,
        organizationId: org.id,
      }),
      201,
      `service of ${side}`,
    );
    const item = ok(
      await admin.post('/api/v1/catalog/items', {
        serviceId: service.id,
        nameZh: `ZS${side}-item 专属目录项`,
        nameEn: `ZS${side}-item`,
        organizationIds: [org.id],
      }),
      201,
      `catalogue item of ${side}`,
    );
    const request = ok(
      await asRequester.post('/api/v1/requests', { itemId: item.id, answers: {} }),
      201,
      `service request of ${side}`,
    ) as unknown as { id: string; number: string };
    const ci = ok(
      await admin.post('/api/v1/cmdb/cis', {
        classId,
        code: `${tag}-CI`,
        name: `${tag}-ci 服务器`,
        organizationId: org.id,
        userIds: [requester.id],
      }),
      201,
      `CI of ${side}`,
    );
    const asset = ok(
      await admin.post('/api/v1/assets', {
        tag: `${tag}-ASSET`,
        class: 'equipment',
        name: `${tag}-asset 笔记本`,
        organizationId: org.id,
      }),
      201,
      `asset of ${side}`,
    );
    if (asset.status === 'ordered')
      ok(await admin.post(`/api/v1/assets/${asset.id}/operations`, { type: 'receive' }), 201, `asset of ${side} in`);
    ok(
      await admin.post(`/api/v1/assets/${asset.id}/operations`, { type: 'issue', toHolderId: requester.id }),
      201,
      `asset of ${side} to its requester`,
    );
    const problem = ok(
      await admin.post('/api/v1/problems', {
        // Problems belong to the provider; only the linked incident is the customer's.
        title: `PRB-${side} 反复故障`,
        description: `PRB-${side} 描述`,
        incidentIds: [incident.id],
      }),
      201,
      `problem of ${side}`,
    );
    return {
      orgId: org.id,
      departmentId: department.id,
      requesterId: requester.id,
      requesterEmail: requester.email,
      specialistId,
      incident,
      request,
      attachmentId: file.id,
      serviceId: service.id,
      itemId: item.id,
      ciId: ci.id,
      assetId: asset.id,
      problemId: problem.id,
      personSecrets: [requester.id, requester.email, department.id],
      configSecrets: [service.id, item.id, `ZS${side}-`],
      secrets: [
        incident.id,
        incident.number,
        request.id,
        request.number,
        file.id,
        ci.id,
        asset.id,
        // The distinctive texts: titles, descriptions, comments, file names and contents, CI and asset names.
        `${tag}-`,
      ],
      rowIds: [org.id, requester.id, department.id, incident.id, request.id, file.id, ci.id, asset.id],
    };
  };

  const customers = { A: await customer('A'), B: await customer('B') };
  return {
    world,
    customers,
    emails: {
      reqA: world.requesterA.email,
      specA: world.agentA.email,
      reqB: world.requesterB.email,
      specB: 'spec-b@test.local',
      idle: world.idle.email,
      agent: world.agent.email,
      manager: world.manager.email,
      admin: world.admin.email,
    },
    forbidden: {
      reqA: ['B'],
      specA: ['B'],
      reqB: ['A'],
      specB: ['A'],
      idle: ['A', 'B'],
      agent: [],
      manager: [],
      admin: [],
    },
    shared: {
      groupId: world.tier1.id,
      categoryId: world.category.id,
      classId,
      datasets: MODULES.flatMap((m) => m.datasets ?? []).map((d) => d.name),
    },
  };
}

/** Ids of one customer, aimed by field or path-parameter name: what an attacker would put there. */
export function idsOf(data: CustomerData, shared: AttackWorld['shared'], name: string): string[] | undefined {
  const n = name.replace(/\[\]$/, '');
  if (/^dataset$/.test(n)) return shared.datasets;
  if (/organi[sz]ation/i.test(n)) return [data.orgId];
  if (/department/i.test(n)) return [data.departmentId];
  if (/(requester|user|owner|holder|member|approver|watcher|manager|toUser|assignee|^user)/i.test(n))
    return [data.requesterId];
  if (/service/i.test(n)) return [data.serviceId];
  if (/item/i.test(n)) return [data.itemId];
  if (/^ci|ciId/i.test(n)) return [data.ciId];
  if (/asset|device/i.test(n)) return [data.assetId];
  if (/problem/i.test(n)) return [data.problemId];
  if (/attachment/i.test(n)) return [data.attachmentId];
  if (/group/i.test(n)) return [shared.groupId];
  if (/category/i.test(n)) return [shared.categoryId];
  if (/class/i.test(n)) return [shared.classId];
  if (/number/i.test(n)) return [data.incident.number];
  // Records: incidents and requests are what most {id}s and references name.
  return [data.incident.id, data.request.id];
}

/** The id a path's {param} gets when the attacker aims at this customer: decided by the path. */
export function pathIdFor(path: string, param: string, data: CustomerData, shared: AttackWorld['shared']): string {
  if (param !== 'id') return idsOf(data, shared, param)![0]!;
  const prefix = path.replace(/\/\{id\}.*$/, '');
  const byPrefix: [RegExp, string][] = [
    [/\/incidents$/, data.incident.id],
    [/\/requests$/, data.request.id],
    [/\/problems$/, data.problemId],
    [/\/attachments$/, data.attachmentId],
    [/\/users$/, data.requesterId],
    [/\/organizations$/, data.orgId],
    [/\/departments$/, data.departmentId],
    [/\/services$/, data.serviceId],
    [/\/catalog\/items$/, data.itemId],
    [/\/cmdb\/cis$/, data.ciId],
    [/\/assets$/, data.assetId],
    [/\/records$/, data.incident.id],
    [/\/for-record$/, data.incident.id],
    [/\/groups$/, shared.groupId],
    [/\/categories$/, shared.categoryId],
    [/\/cmdb\/classes$/, shared.classId],
  ];
  return byPrefix.find(([re]) => re.test(prefix))?.[1] ?? data.incident.id;
}
