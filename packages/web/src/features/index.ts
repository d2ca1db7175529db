import type { Feature } from '../app/feature';
import { adminFeature } from './admin';
import { assetsFeature } from './assets';
import { catalogFeature } from './catalog';
import { channelsFeature } from './channels';
import { cmdbFeature } from './cmdb';
import { consoleFeature } from './console';
import { deskFeature } from './desk';
import { incidentsFeature } from './incidents';
import { knowledgeFeature } from './knowledge';
import { portalFeature } from './portal';
import { problemsFeature } from './problems';
import { requestsFeature } from './requests';
import { searchFeature } from './search';
import { slaFeature } from './sla';

/**
 * The only list of web features. App.tsx turns it into the routes and menus of the console,
 * the portal and admin; a new feature adds one line here and its own folder.
 */
export const features: readonly Feature[] = [
  incidentsFeature,
  portalFeature,
  requestsFeature,
  catalogFeature,
  cmdbFeature,
  assetsFeature,
  knowledgeFeature,
  problemsFeature,
  deskFeature,
  consoleFeature,
  searchFeature,
  adminFeature,
  slaFeature,
  channelsFeature,
];
