export { assetRoutes } from './asset.routes.js';
export {
  assignLicence,
  createAsset,
  decideDisposal,
  insertAsset,
  nameAssetOnRecord,
  operateAsset,
} from './asset.service.js';
export { moveStock, setReorderLevel } from './asset.stock.js';
export { createStockItem, stockItemRegister } from './stock.register.js';
