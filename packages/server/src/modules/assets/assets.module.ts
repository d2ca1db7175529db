import { defineModule } from '../../platform/module.js';
import { assetPolicy } from './asset.policy.js';
import { assetRoutes } from './asset.routes.js';
import { stockItemRegister } from './stock.register.js';

export const assetsModule = defineModule({
  name: 'assets',
  policies: [assetPolicy],
  routes: assetRoutes,
  registers: [stockItemRegister],
});
