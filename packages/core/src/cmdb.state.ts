/**
 * The configuration-item life cycle of the seed (004 §8.1.5): 订购 → 接收 → 测试 → 使用 → 变更 →
 * 拆卸 → 取消. Pure: the service applies the result.
 */
export const CI_STATES = ['ordered', 'received', 'testing', 'in_use', 'changing', 'removed', 'cancelled'] as const;
export type CiState = (typeof CI_STATES)[number];

const NEXT: Record<CiState, readonly CiState[]> = {
  ordered: ['received', 'cancelled'],
  received: ['testing', 'in_use', 'cancelled'],
  testing: ['in_use', 'received', 'cancelled'],
  in_use: ['changing', 'removed'],
  changing: ['in_use', 'testing', 'removed'],
  removed: ['cancelled', 'in_use'],
  cancelled: [],
};

export function ciStatesAfter(state: CiState): readonly CiState[] {
  return NEXT[state];
}

export function canMoveCi(from: CiState, to: CiState): boolean {
  return NEXT[from].includes(to);
}

/** Typed relations. "A depends_on B" means A needs B: when B fails, A is impacted. */
export const CI_RELATION_TYPES = ['depends_on', 'runs_on', 'hosted_in', 'connected_to', 'part_of', 'uses'] as const;
export type CiRelationType = (typeof CI_RELATION_TYPES)[number];

export const CI_ATTRIBUTE_TYPES = ['text', 'number', 'date', 'boolean', 'enum'] as const;
export type CiAttributeType = (typeof CI_ATTRIBUTE_TYPES)[number];

export interface CiAttributeDef {
  key: string;
  nameZh: string;
  nameEn: string;
  type: CiAttributeType;
  required?: boolean;
  unique?: boolean;
  options?: string[];
}

/** Checks attribute values against a class schema; returns [path, reason] pairs and the normalised values. */
export function checkCiAttributes(
  defs: readonly CiAttributeDef[],
  values: Record<string, unknown>,
): { values: Record<string, string | number | boolean>; issues: { key: string; reason: string }[] } {
  const out: Record<string, string | number | boolean> = {};
  const issues: { key: string; reason: string }[] = [];
  const known = new Set(defs.map((d) => d.key));
  for (const key of Object.keys(values)) if (!known.has(key)) issues.push({ key, reason: 'unknown attribute' });
  for (const def of defs) {
    const raw = values[def.key];
    if (raw === undefined || raw === null || raw === '') {
      if (def.required) issues.push({ key: def.key, reason: 'required' });
      continue;
    }
    switch (def.type) {
      case 'number': {
        const n = typeof raw === 'number' ? raw : Number(raw);
        if (!Number.isFinite(n)) issues.push({ key: def.key, reason: 'not a number' });
        else out[def.key] = n;
        break;
      }
      case 'boolean':
        if (typeof raw !== 'boolean') issues.push({ key: def.key, reason: 'not a boolean' });
        else out[def.key] = raw;
        break;
      case 'date':
        if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw)))
          issues.push({ key: def.key, reason: 'not a date (YYYY-MM-DD)' });
        else out[def.key] = raw;
        break;
      case 'enum':
        if (typeof raw !== 'string' || !(def.options ?? []).includes(raw))
          issues.push({ key: def.key, reason: `not one of ${(def.options ?? []).join(', ')}` });
        else out[def.key] = raw;
        break;
      default:
        if (typeof raw !== 'string' || raw.length > 500) issues.push({ key: def.key, reason: 'not a text' });
        else out[def.key] = raw.trim();
    }
  }
  return { values: out, issues };
}
