import { Tabs } from 'antd';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { useT } from '../../app/i18n';
import { AssetImportPage } from './AssetImportPage';
import { AssetListPage } from './AssetListPage';
import { AssetPage } from './AssetPage';
import { LabelsPage } from './LabelsPage';
import { StockPage } from './StockPage';

/** /console/assets/*: the register, stock and import, each a tab; an asset opens on its own page. */
export function AssetsArea() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tab = pathname.endsWith('/stock') ? 'stock' : pathname.endsWith('/import') ? 'import' : 'register';
  const tabs = (
    <Tabs
      activeKey={tab}
      onChange={(key) => navigate(key === 'register' ? '/console/assets' : `/console/assets/${key}`)}
      items={[
        { key: 'register', label: t('assets.tab.register') },
        { key: 'stock', label: t('assets.tab.stock') },
        { key: 'import', label: t('assets.tab.import') },
      ]}
    />
  );
  return (
    <Routes>
      <Route
        index
        element={
          <>
            {tabs}
            <AssetListPage />
          </>
        }
      />
      <Route
        path="stock"
        element={
          <>
            {tabs}
            <StockPage />
          </>
        }
      />
      <Route
        path="import"
        element={
          <>
            {tabs}
            <AssetImportPage />
          </>
        }
      />
      <Route path="labels" element={<LabelsPage />} />
      <Route path=":id" element={<AssetPage />} />
    </Routes>
  );
}
