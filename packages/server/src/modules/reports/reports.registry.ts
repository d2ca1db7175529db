import type { Dataset } from '../../platform/datasets.js';
import { datasets as cmdb } from '../cmdb/index.js';
import { datasets as knowledge } from '../knowledge/index.js';
import { datasets as sla } from '../sla/index.js';
import { datasets as time } from '../time-tracking/index.js';

/**
 * Every dataset the reports endpoint serves. Each module declares its own in `<module>.datasets.ts`
 * and exports them from its index; this list only collects them (until the module manifest does).
 */
export const DATASETS: readonly Dataset[] = [...sla, ...cmdb, ...knowledge, ...time];

const byName = new Map<string, Dataset>();
for (const dataset of DATASETS) {
  if (byName.has(dataset.name)) throw new Error(`two datasets are named ${dataset.name}`);
  byName.set(dataset.name, dataset);
}

export const findDataset = (name: string): Dataset | undefined => byName.get(name);
