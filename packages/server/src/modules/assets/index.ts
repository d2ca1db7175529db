export { assetRoutes } from './asset.routes.js';
export { createAsset, operateAsset, decideDisposal, assignLicence, insertAsset } from './asset.service.js';
export { createStockItem, moveStock, setReorderLevel } from './asset.stock.js';
