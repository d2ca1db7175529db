import { defineFeature, lazyPage } from '../../app/feature';

const ReportIncidentPage = lazyPage(() => import('./ReportIncidentPage'), 'ReportIncidentPage');
const PortalIncidentPage = lazyPage(() => import('./PortalIncidentPage'), 'PortalIncidentPage');

/** The requester's side of incidents: report one, follow one. */
export const portalFeature = defineFeature({
  name: 'portal',
  portal: [
    { path: 'new', page: ReportIncidentPage },
    { path: 'incidents/:id', page: PortalIncidentPage },
  ],
});
