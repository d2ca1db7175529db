import { BugOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const ProblemsPage = lazyPage(() => import('./pages/ProblemsPage'), 'ProblemsPage');
const ProblemPage = lazyPage(() => import('./pages/ProblemPage'), 'ProblemPage');

/** Problem management: the list and one problem. */
export const problemsFeature = defineFeature({
  name: 'problems',
  console: [
    { path: 'problems', page: ProblemsPage },
    { path: 'problems/:id', page: ProblemPage },
  ],
  nav: [
    {
      key: 'prb',
      area: 'console',
      path: '/console/problems',
      label: 'prb.nav',
      icon: BugOutlined,
      order: 90,
      match: (p) => p.startsWith('/console/problems'),
    },
  ],
});
