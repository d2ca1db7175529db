import { defineModule } from '../../platform/module.js';
import { assetRoutes } from './asset.routes.js';

export const assetsModule = defineModule({ name: 'assets', routes: assetRoutes });
