import { Tabs } from 'antd';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { useT } from '../../app/i18n';
import { useCmdbAbilities } from './api';
import { CiListPage } from './CiListPage';
import { CiPage } from './CiPage';
import { ClassesPage } from './ClassesPage';
import { AuditsPage, BaselinesPage, ReportPage } from './GovernancePages';

/** /console/cmdb/*: CIs, classes, baselines, audits and the report as tabs; a CI on its own page. */
export function CmdbArea() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { data: abilities } = useCmdbAbilities();
  const tab = ['classes', 'baselines', 'audits', 'report'].find((k) => pathname.endsWith(`/${k}`)) ?? 'cis';
  const tabs = (
    <Tabs
      activeKey={tab}
      onChange={(key) => navigate(key === 'cis' ? '/console/cmdb' : `/console/cmdb/${key}`)}
      items={[
        { key: 'cis', label: t('cmdb.tab.cis') },
        { key: 'classes', label: t('cmdb.tab.classes') },
        { key: 'baselines', label: t('cmdb.tab.baselines') },
        { key: 'audits', label: t('cmdb.tab.audits') },
        { key: 'report', label: t('cmdb.tab.report') },
      ]}
    />
  );
  const withTabs = (page: React.ReactNode) => (
    <>
      {tabs}
      {page}
    </>
  );
  return (
    <Routes>
      <Route index element={withTabs(<CiListPage manage={!!abilities?.manage} />)} />
      <Route path="classes" element={withTabs(<ClassesPage manage={!!abilities?.manageClasses} />)} />
      <Route path="baselines" element={withTabs(<BaselinesPage manage={!!abilities?.manage} />)} />
      <Route path="audits" element={withTabs(<AuditsPage manage={!!abilities?.manage} />)} />
      <Route path="report" element={withTabs(<ReportPage />)} />
      <Route path="cis/:id" element={<CiPage />} />
    </Routes>
  );
}
