import type { Dataset } from '../../platform/datasets.js';
import { MODULES } from '../index.js';

/**
 * Every dataset the reports endpoint serves: each module declares its own in `<module>.datasets.ts`
 * and lists them in its manifest (`defineModule({ datasets })`); this reads the module list.
 * Built on first use, because the module list imports this module too.
 */
let byName: Map<string, Dataset> | undefined;

function registry(): Map<string, Dataset> {
  if (byName) return byName;
  const found = new Map<string, Dataset>();
  for (const module of MODULES) {
    for (const dataset of module.datasets ?? []) {
      if (found.has(dataset.name)) throw new Error(`two datasets are named ${dataset.name}`);
      found.set(dataset.name, dataset);
    }
  }
  byName = found;
  return found;
}

export const allDatasets = (): Dataset[] => [...registry().values()];
export const findDataset = (name: string): Dataset | undefined => registry().get(name);
