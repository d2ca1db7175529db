import { createOrganization, createUser } from '../modules/directory/index.js';
import type { Trellis } from '../platform/trellis.js';
import { inTransaction } from '../platform/unit-of-work.js';
import { loadDemoData } from './demo.js';

export interface BootstrapResult {
  admin?: string;
  demo: boolean;
}

/**
 * First start on an empty database: the administrator from TRELLIS_ADMIN_EMAIL / _PASSWORD,
 * and the demo data unless an administrator was named (a real installation) or it is switched off.
 */
export async function bootstrap(trellis: Trellis, options: { demo: 'auto' | 'on' | 'off' }): Promise<BootstrapResult> {
  const { db } = trellis.database;
  const { config } = trellis;
  const result: BootstrapResult = { demo: false };
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const anyOrg = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();

  const loadDemo = options.demo === 'on' || (options.demo === 'auto' && !anyOrg && !config.adminEmail);
  if (loadDemo && !anyOrg) {
    await loadDemoData(trellis);
    result.demo = true;
  }

  if (!anyUser && config.adminEmail && config.adminPassword) {
    const services = { db, dialect: trellis.database.dialect, bus: trellis.bus };
    await inTransaction(services, null, async (tx) => {
      let provider = await tx.db
        .selectFrom('organizations')
        .select('id')
        .where('kind', '=', 'provider')
        .executeTakeFirst();
      provider ??= await createOrganization({ tx, input: { kind: 'provider', code: 'PROVIDER', name: 'IT 服务中心' } });
      await createUser({
        tx,
        input: {
          email: config.adminEmail!,
          name: '系统管理员',
          role: 'admin',
          organizationId: provider.id,
          locale: 'zh-CN',
          password: config.adminPassword!,
        },
      });
    });
    result.admin = config.adminEmail;
  }
  return result;
}
