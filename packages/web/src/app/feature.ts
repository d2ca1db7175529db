import type { GlobalAbilities } from '@trellis/core';
import { type ComponentType, lazy } from 'react';
import type { TranslationKey } from './i18n';

/** The three areas of the app; each has its own shell and loads its screens on first visit. */
export type Area = 'console' | 'portal' | 'admin';

/** Whether the session may do a subject-less policy action, e.g. `can('sla.list')` (the session's `can` map). */
export type Can = (ability: `${string}.${string}`) => boolean;

/**
 * A rule over the session's abilities (computed by the server); the web never tests a role.
 * Prefer `can('resource.action')`: a page then opens for exactly whom the API serves.
 */
export type AbilityCheck = (abilities: GlobalAbilities, can: Can) => boolean;

export interface FeatureRoute {
  /** Path inside the area (`requests/:id`, `cmdb/*`); omit it for the area's index page. */
  path?: string;
  /** A lazy component (see `lazyPage`), so the area's bundle does not carry it. */
  page: ComponentType;
  /** Who may open the page by URL; anyone else is sent to their home. The area's own rule always applies. */
  allow?: AbilityCheck;
}

export interface NavEntry {
  /** Unique within its area; the side menu uses it as the item key. */
  key: string;
  area: Exclude<Area, 'portal'>;
  /** Absolute URL the entry opens, e.g. `/console/requests`. */
  path: string;
  label: TranslationKey;
  icon: ComponentType;
  /** Position in the area's menu, ascending; see docs/decisions/web-features.md for the numbers in use. */
  order: number;
  /** Paths that also light this entry up, e.g. an incident under the queue. */
  match?: (pathname: string) => boolean;
  /** Whether the session sees the entry; omitted means everyone who may enter the area. */
  visible?: AbilityCheck;
}

export interface Feature {
  name: string;
  console?: readonly FeatureRoute[];
  portal?: readonly FeatureRoute[];
  admin?: readonly FeatureRoute[];
  /** Pages outside every area and its sign-in (a signed link's page), at an absolute path such as `/s/:token`. */
  open?: readonly { path: string; page: ComponentType }[];
  nav?: readonly NavEntry[];
}

/** One web feature: its pages per area and its menu entries. List it in `features/index.ts`. */
export function defineFeature<const F extends Feature>(feature: F): F {
  return feature;
}

/**
 * A page loaded on first visit from a module's named export. Call it with an inline `import()`
 * so the bundler splits the page into its own chunk (the portal on a phone never downloads admin screens).
 */
export const lazyPage = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((module) => ({ default: module[name] })));

/** The routes every feature gives an area, in the order of the features list. */
export function routesOf(features: readonly Feature[], area: Area): FeatureRoute[] {
  return features.flatMap((feature) => feature[area] ?? []);
}

/** The menu of an area for this session, ordered by `order`. */
export function navOf(
  features: readonly Feature[],
  area: NavEntry['area'],
  abilities: GlobalAbilities,
  can: Can = () => false,
): NavEntry[] {
  return features
    .flatMap((feature) => feature.nav ?? [])
    .filter((entry) => entry.area === area && (entry.visible?.(abilities, can) ?? true))
    .sort((a, b) => a.order - b.order);
}
