import type { Role } from '@trellis/core';
import { createCategory } from '../../src/modules/categories/index.js';
import { createDepartment, createGroup, createOrganization, createUser } from '../../src/modules/directory/index.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import type { TestApp } from './app.js';

export const PASSWORD = 'correct-horse-42';

/**
 * A small world: one provider, two customers (A with a record-sharing department, B),
 * a first-line group serving both, a second-line group serving only A.
 */
export async function buildWorld(test: TestApp) {
  const { db, dialect } = test.trellis.database;
  const services = { db, dialect, bus: test.trellis.bus };
  return inTransaction(services, null, async (tx) => {
    const provider = await createOrganization({ tx, input: { kind: 'provider', code: 'PROV', name: '服务商' } });
    const orgA = await createOrganization({ tx, input: { kind: 'customer', code: 'CUSTA', name: '客户甲' } });
    const orgB = await createOrganization({ tx, input: { kind: 'customer', code: 'CUSTB', name: '客户乙' } });
    const financeA = await createDepartment({
      tx,
      organizationId: orgA.id,
      input: { name: '财务部', shareRecords: true },
    });
    const salesA = await createDepartment({
      tx,
      organizationId: orgA.id,
      input: { name: '销售部', shareRecords: false },
    });
    const deptB = await createDepartment({
      tx,
      organizationId: orgB.id,
      input: { name: '行政部', shareRecords: true },
    });
    const user = async (email: string, role: Role, organizationId: string, departmentId?: string) =>
      createUser({
        tx,
        input: {
          email,
          name: email.split('@')[0]!,
          role,
          organizationId,
          departmentId,
          locale: 'zh-CN',
          password: PASSWORD,
        },
      });
    const admin = await user('admin@test.local', 'admin', provider.id);
    const manager = await user('manager@test.local', 'service_manager', provider.id);
    const agent = await user('agent@test.local', 'agent', provider.id);
    const agentA = await user('agent-a@test.local', 'specialist', provider.id);
    const idle = await user('idle@test.local', 'agent', provider.id);
    const requesterA = await user('req-a@test.local', 'requester', orgA.id, financeA.id);
    const colleagueA = await user('colleague-a@test.local', 'requester', orgA.id, financeA.id);
    const salesPersonA = await user('sales-a@test.local', 'requester', orgA.id, salesA.id);
    const requesterB = await user('req-b@test.local', 'requester', orgB.id, deptB.id);
    const tier1 = await createGroup({
      tx,
      input: {
        name: '一线',
        tier: 1,
        memberIds: [agent.id],
        servedOrganizationIds: [orgA.id, orgB.id],
        managerId: manager.id,
      },
    });
    const tier2A = await createGroup({
      tx,
      input: { name: '二线甲', tier: 2, memberIds: [agentA.id], servedOrganizationIds: [orgA.id] },
    });
    const category = await createCategory({ tx, input: { nameZh: '硬件', nameEn: 'Hardware', sort: 0 } });
    return {
      provider,
      orgA,
      orgB,
      financeA,
      salesA,
      deptB,
      admin,
      manager,
      agent,
      agentA,
      idle,
      requesterA,
      colleagueA,
      salesPersonA,
      requesterB,
      tier1,
      tier2A,
      category,
    };
  });
}

export type World = Awaited<ReturnType<typeof buildWorld>>;
