import type { Feature } from '../app/feature';
import { adminFeature } from './admin';
import * as adminMessages from './admin/messages';
import { assetsFeature } from './assets';
import * as assetsMessages from './assets/messages';
import { catalogFeature } from './catalog';
import * as catalogMessages from './catalog/messages';
import { changesFeature } from './changes';
import * as changesMessages from './changes/messages';
import { channelsFeature } from './channels';
import * as channelsMessages from './channels/messages';
import { cmdbFeature } from './cmdb';
import * as cmdbMessages from './cmdb/messages';
import { consoleFeature } from './console';
import * as consoleMessages from './console/messages';
import { deskFeature } from './desk';
import * as deskMessages from './desk/messages';
import { incidentsFeature } from './incidents';
import { knowledgeFeature } from './knowledge';
import * as knowledgeMessages from './knowledge/messages';
import { portalFeature } from './portal';
import { problemsFeature } from './problems';
import * as problemsMessages from './problems/messages';
import { relationshipFeature } from './relationship';
import * as relationshipMessages from './relationship/messages';
import { releasesFeature } from './releases';
import * as releasesMessages from './releases/messages';
import { requestsFeature } from './requests';
import * as requestsMessages from './requests/messages';
import { searchFeature } from './search';
import { slaFeature } from './sla';
import * as slaMessages from './sla/messages';
import { suppliersFeature } from './suppliers';
import * as suppliersMessages from './suppliers/messages';

/**
 * The only list of web features. App.tsx turns it into the routes and menus of the console,
 * the portal and admin; a new feature adds its manifest here, its words to `featureMessages`
 * below, and nothing outside its own folder (docs/decisions/web-features.md).
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
  changesFeature,
  deskFeature,
  consoleFeature,
  searchFeature,
  adminFeature,
  slaFeature,
  suppliersFeature,
  channelsFeature,
  relationshipFeature,
  releasesFeature,
];

/** Each feature's UI words (its `messages.ts`); the web catalogues add them to the shared foundation. */
export const featureMessages = {
  zhCN: {
    ...slaMessages.zhCN,
    ...catalogMessages.zhCN,
    ...requestsMessages.zhCN,
    ...cmdbMessages.zhCN,
    ...assetsMessages.zhCN,
    ...knowledgeMessages.zhCN,
    ...problemsMessages.zhCN,
    ...deskMessages.zhCN,
    ...channelsMessages.zhCN,
    ...adminMessages.zhCN,
    ...consoleMessages.zhCN,
    ...suppliersMessages.zhCN,
    ...changesMessages.zhCN,
    ...relationshipMessages.zhCN,
    ...releasesMessages.zhCN,
  },
  enUS: {
    ...slaMessages.enUS,
    ...catalogMessages.enUS,
    ...requestsMessages.enUS,
    ...cmdbMessages.enUS,
    ...assetsMessages.enUS,
    ...knowledgeMessages.enUS,
    ...problemsMessages.enUS,
    ...deskMessages.enUS,
    ...channelsMessages.enUS,
    ...adminMessages.enUS,
    ...consoleMessages.enUS,
    ...suppliersMessages.enUS,
    ...changesMessages.enUS,
    ...relationshipMessages.enUS,
    ...releasesMessages.enUS,
  },
};
