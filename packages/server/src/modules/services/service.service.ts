import type { Service } from '@trellis/core';
import type { Db } from '../../platform/db/database.js';
import { systemContext } from '../../platform/register.js';
import { services } from './service.register.js';

/** One service whatever its offer rules (records keep the service they were filed under). */
export async function findService(db: Db, id: string): Promise<Service | null> {
  return (await services.find(systemContext(db), id)) as Service | null;
}
