/** Roles a person can hold. Staff roles belong to the provider organisation. */
export const ROLES = ['requester', 'agent', 'specialist', 'service_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['agent', 'specialist', 'service_manager', 'admin'];
export const isStaffRole = (role: Role): boolean => STAFF_ROLES.includes(role);

export const ORGANIZATION_KINDS = ['provider', 'customer'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Support tiers of the seeds: 一线, 二线, 三线. */
export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Where a record came in. The portal is the default for requesters. */
export const CHANNELS = ['portal', 'phone', 'walk_in', 'email', 'im', 'api', 'monitoring'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Kinds of work record that share the record core; each has its own number prefix. */
export const RECORD_KINDS = ['incident', 'request', 'problem', 'change', 'release', 'complaint'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const TIMELINE_VISIBILITY = ['public', 'internal'] as const;
export type TimelineVisibility = (typeof TIMELINE_VISIBILITY)[number];

export const LINK_KINDS = ['relates_to', 'duplicates', 'parent_of', 'caused_by'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
