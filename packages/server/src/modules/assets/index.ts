export { assetRoutes } from './asset.routes.js';
export {
  assignLicence,
  createAsset,
  decideDisposal,
  insertAsset,
  nameAssetOnRecord,
  operateAsset,
} from './asset.service.js';
export { createStockItem, moveStock, setReorderLevel } from './asset.stock.js';
