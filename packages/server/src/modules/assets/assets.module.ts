import { defineModule } from '../../platform/module.js';
import { assetPolicy } from './asset.policy.js';
import { assetRoutes } from './asset.routes.js';

export const assetsModule = defineModule({ name: 'assets', policies: [assetPolicy], routes: assetRoutes });
