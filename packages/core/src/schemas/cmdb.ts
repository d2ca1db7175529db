import { z } from 'zod';
import { CI_ATTRIBUTE_TYPES, CI_RELATION_TYPES, CI_STATES } from '../cmdb.state.js';
import { Id, OptionalText, OrgRef, Text, UserRef } from './common.js';

export * from '../cmdb.state.js';

export const CiStateSchema = z.enum(CI_STATES);
export const CiRelationTypeSchema = z.enum(CI_RELATION_TYPES);

export const CiAttributeDefSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  nameZh: Text(60),
  nameEn: Text(60),
  type: z.enum(CI_ATTRIBUTE_TYPES),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  options: z.array(Text(60)).max(50).optional(),
});

/** A CI class (配置项类型) and the attributes its items carry. */
export const CiClass = z.object({
  id: Id,
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  attributes: z.array(CiAttributeDefSchema),
  isService: z.boolean(),
  active: z.boolean(),
  ciCount: z.number().int(),
});
export type CiClass = z.infer<typeof CiClass>;

const classAttributes = z
  .array(CiAttributeDefSchema)
  .max(40)
  .refine((defs) => new Set(defs.map((d) => d.key)).size === defs.length, 'attribute keys must be unique')
  .refine(
    (defs) => defs.every((d) => d.type !== 'enum' || (d.options?.length ?? 0) > 0),
    'an enumeration needs options',
  );

export const CreateCiClass = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/),
  nameZh: Text(60),
  nameEn: Text(60),
  attributes: classAttributes.default([]),
  isService: z.boolean().default(false),
});
export const UpdateCiClass = z.object({
  nameZh: Text(60).optional(),
  nameEn: Text(60).optional(),
  attributes: classAttributes.optional(),
  active: z.boolean().optional(),
});

export const CiRef = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  classCode: z.string(),
  state: CiStateSchema,
});
export type CiRef = z.infer<typeof CiRef>;

export const AttributeValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const Ci = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  class: z.object({ id: Id, code: z.string(), nameZh: z.string(), nameEn: z.string(), isService: z.boolean() }),
  state: CiStateSchema,
  organization: OrgRef,
  owner: UserRef.nullable(),
  location: z.object({ id: Id, name: z.string() }).nullable(),
  attributes: AttributeValues,
  version: z.number().int(),
  unauthorized: z.boolean(),
  updatedAt: z.string(),
});
export type Ci = z.infer<typeof Ci>;

export const CiRelation = z.object({
  id: Id,
  type: CiRelationTypeSchema,
  /** out: this CI is the source ("this depends on other"); in: the other CI points here. */
  direction: z.enum(['out', 'in']),
  other: CiRef,
});
export type CiRelation = z.infer<typeof CiRelation>;

export const LinkedRecord = z.object({
  id: Id,
  number: z.string(),
  kind: z.string(),
  title: z.string(),
  state: z.string(),
  open: z.boolean(),
});
export type LinkedRecord = z.infer<typeof LinkedRecord>;

export const CiAbilities = z.object({ update: z.boolean(), relate: z.boolean() });

export const CiDetail = Ci.extend({
  users: z.array(UserRef),
  relations: z.array(CiRelation),
  records: z.array(LinkedRecord),
  nextStates: z.array(CiStateSchema),
  abilities: CiAbilities,
});
export type CiDetail = z.infer<typeof CiDetail>;

/** Where a write came from: the record it was made through, and the approved change that allows it. */
const Through = {
  recordId: Id.nullish(),
  changeRef: z.string().trim().max(40).nullish(),
};

export const CreateCi = z.object({
  classId: Id,
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,60}$/)
    .optional(),
  name: Text(200),
  organizationId: Id,
  ownerId: Id.nullish(),
  locationId: Id.nullish(),
  state: CiStateSchema.default('ordered'),
  attributes: z.record(z.string(), z.unknown()).default({}),
  userIds: z.array(Id).max(200).optional(),
  ...Through,
});
export const UpdateCi = z.object({
  name: Text(200).optional(),
  ownerId: Id.nullish(),
  locationId: Id.nullish(),
  organizationId: Id.optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  userIds: z.array(Id).max(200).optional(),
  ...Through,
});
export const MoveCi = z.object({ state: CiStateSchema, note: OptionalText(500), ...Through });
export const CreateCiRelation = z.object({ type: CiRelationTypeSchema, targetId: Id, ...Through });

export const CiListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  classId: Id.optional(),
  state: CiStateSchema.optional(),
  organizationId: Id.optional(),
  unauthorized: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const CiPage = z.object({ items: z.array(Ci), total: z.number().int() });

export const ImpactQuery = z.object({
  direction: z.enum(['upstream', 'downstream', 'both']).default('downstream'),
  depth: z.coerce.number().int().min(1).max(10).default(3),
});
export const ImpactedCi = CiRef.extend({
  classNameZh: z.string(),
  classNameEn: z.string(),
  isService: z.boolean(),
  depth: z.number().int(),
  direction: z.enum(['upstream', 'downstream']),
  /** The CI one step nearer the origin, and the relation that led here. */
  viaId: Id,
  viaType: CiRelationTypeSchema,
});
export const ImpactResult = z.object({
  origin: CiRef,
  cis: z.array(ImpactedCi),
  services: z.array(ImpactedCi),
  users: z.array(UserRef),
  edges: z.array(z.object({ sourceId: Id, targetId: Id, type: CiRelationTypeSchema })),
});
export type ImpactResult = z.infer<typeof ImpactResult>;

export const CiVersion = z.object({
  version: z.number().int(),
  at: z.string(),
  actor: UserRef.nullable(),
  action: z.string(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
  record: z.object({ id: Id, number: z.string() }).nullable(),
  changeRef: z.string().nullable(),
  unauthorized: z.boolean(),
});
export type CiVersion = z.infer<typeof CiVersion>;

export const Baseline = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  createdBy: UserRef.nullable(),
  itemCount: z.number().int(),
});
export type Baseline = z.infer<typeof Baseline>;
export const CreateBaseline = z
  .object({
    name: Text(100),
    description: OptionalText(1000),
    ciIds: z.array(Id).max(5000).optional(),
    classId: Id.optional(),
  })
  .refine((b) => b.ciIds?.length || b.classId, 'choose CIs or a class');
export const BaselineDiff = z.object({
  baseline: Baseline,
  added: z.array(CiRef),
  removed: z.array(CiRef),
  changed: z.array(
    z.object({
      ci: CiRef,
      fromVersion: z.number().int(),
      toVersion: z.number().int(),
      fields: z.array(z.object({ field: z.string(), baseline: z.unknown(), current: z.unknown() })),
    }),
  ),
  unchanged: z.number().int(),
});
export type BaselineDiff = z.infer<typeof BaselineDiff>;

export const AUDIT_ITEM_RESULTS = ['pending', 'match', 'discrepancy', 'corrected'] as const;
export const Observed = z.object({
  state: CiStateSchema.optional(),
  locationId: Id.nullish(),
  ownerId: Id.nullish(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export const CiAuditItem = z.object({
  id: Id,
  ci: CiRef,
  recorded: z.record(z.string(), z.unknown()),
  observed: z.record(z.string(), z.unknown()).nullable(),
  result: z.enum(AUDIT_ITEM_RESULTS),
  note: z.string(),
  checkedBy: UserRef.nullable(),
  checkedAt: z.string().nullable(),
});
export const CiAudit = z.object({
  id: Id,
  name: z.string(),
  state: z.enum(['open', 'closed']),
  createdAt: z.string(),
  createdBy: UserRef.nullable(),
  record: z.object({ id: Id, number: z.string() }).nullable(),
  counts: z.object({
    pending: z.number().int(),
    match: z.number().int(),
    discrepancy: z.number().int(),
    corrected: z.number().int(),
  }),
  items: z.array(CiAuditItem),
});
export type CiAudit = z.infer<typeof CiAudit>;
export const CreateCiAudit = z
  .object({ name: Text(100), ciIds: z.array(Id).max(2000).optional(), classId: Id.optional() })
  .refine((b) => b.ciIds?.length || b.classId, 'choose CIs or a class');
export const CheckAuditItem = z.object({
  result: z.enum(['match', 'discrepancy']),
  observed: Observed.optional(),
  note: OptionalText(1000),
});
/** Corrections are made through a work record (an incident or request that tracks the fix). */
export const CorrectAudit = z.object({ recordId: Id, changeRef: z.string().trim().max(40).nullish() });

export const ConfigurationReport = z.object({
  generatedAt: z.string(),
  totals: z.object({ cis: z.number().int(), relations: z.number().int(), unauthorized: z.number().int() }),
  byClass: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), count: z.number().int() })),
  byState: z.array(z.object({ state: CiStateSchema, count: z.number().int() })),
  items: z.array(
    Ci.extend({
      dependsOn: z.array(z.object({ type: CiRelationTypeSchema, name: z.string() })),
      changes: z.number().int(),
      lastChangedAt: z.string(),
    }),
  ),
  recentChanges: z.array(CiVersion.extend({ ci: CiRef })),
});
export type ConfigurationReport = z.infer<typeof ConfigurationReport>;

export const LinkCi = z.object({ ciId: Id });
export const CmdbAbilities = z.object({
  read: z.boolean(),
  manage: z.boolean(),
  manageClasses: z.boolean(),
});
