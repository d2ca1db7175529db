import { FrownOutlined, SmileOutlined, SolutionOutlined } from '@ant-design/icons';
import '@trellis/core/modules/relationship';
import { defineFeature, lazyPage } from '../../app/feature';

const ComplaintsPage = lazyPage(() => import('./ComplaintPages'), 'ComplaintsPage');
const ConsoleComplaintPage = lazyPage(() => import('./ComplaintPages'), 'ConsoleComplaintPage');
const PortalComplaintPage = lazyPage(() => import('./ComplaintPages'), 'PortalComplaintPage');
const SurveysPage = lazyPage(() => import('./SurveyPages'), 'SurveysPage');
const SurveyPage = lazyPage(() => import('./SurveyPages'), 'SurveyPage');
const PortalSurveyPage = lazyPage(() => import('./SurveyAnswer'), 'PortalSurveyPage');
const CustomersPage = lazyPage(() => import('./CustomerPages'), 'CustomersPage');
const PortalRelationshipPage = lazyPage(() => import('./PortalPages'), 'PortalRelationshipPage');
/** The signed survey link's page: outside every area, no session needed. */
const SurveyLinkPage = lazyPage(() => import('./SurveyAnswer'), 'SurveyLinkPage');

/** Business relationship (server module `relationship`): surveys, complaints, customer managers' view. */
export const relationshipFeature = defineFeature({
  name: 'relationship',
  open: [{ path: '/s/:token', page: SurveyLinkPage }],
  console: [
    { path: 'complaints', page: ComplaintsPage, allow: (_a, can) => can('complaint.log') },
    { path: 'complaints/:id', page: ConsoleComplaintPage },
    { path: 'surveys', page: SurveysPage, allow: (_a, can) => can('survey.results') },
    { path: 'surveys/:id', page: SurveyPage, allow: (_a, can) => can('survey.results') },
    { path: 'customers', page: CustomersPage },
  ],
  portal: [
    { path: 'relationship', page: PortalRelationshipPage },
    { path: 'surveys/:id', page: PortalSurveyPage },
    { path: 'complaints/:id', page: PortalComplaintPage },
  ],
  nav: [
    {
      key: 'complaints',
      area: 'console',
      path: '/console/complaints',
      label: 'rel.nav.complaints',
      icon: FrownOutlined,
      order: 92,
      match: (p) => p.startsWith('/console/complaints'),
      visible: (_a, can) => can('complaint.log'),
    },
    {
      key: 'surveys',
      area: 'console',
      path: '/console/surveys',
      label: 'rel.nav.surveys',
      icon: SmileOutlined,
      order: 93,
      match: (p) => p.startsWith('/console/surveys'),
      visible: (_a, can) => can('survey.results'),
    },
    {
      key: 'customers',
      area: 'console',
      path: '/console/customers',
      label: 'rel.nav.customers',
      icon: SolutionOutlined,
      order: 94,
    },
  ],
});
