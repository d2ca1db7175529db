import { releaseEvents, releaseMessages } from '@trellis/core/modules/releases';
import { defineModule } from '../../platform/module.js';
import { releaseMeasures } from './release.datasets.js';
import { loadReleaseDemo } from './release.demo.js';
import { releaseKind } from './release.kind.js';
import { dslPolicy, releasePolicy } from './release.policy.js';
import { dslRegister } from './release.registers.js';
import { releaseRoutes } from './release.routes.js';

export const releasesModule = defineModule({
  name: 'releases',
  recordKinds: [releaseKind],
  policies: [releasePolicy, dslPolicy],
  registers: [dslRegister],
  datasets: [releaseMeasures],
  events: releaseEvents,
  messages: releaseMessages,
  routes: releaseRoutes,
  errors: {
    'release.illegal_transition': 409,
    'release.changes_required': 409,
    'release.plan_incomplete': 409,
    'release.tests_required': 409,
    'release.tests_failing': 409,
    'release.acceptance_required': 409,
    'release.changes_not_approved': 409,
    'release.sites_required': 409,
    'release.sites_open': 409,
    'release.site_not_rolled_back': 409,
    'release.no_site_succeeded': 409,
    'release.backout_report_required': 400,
    'release.verification_required': 409,
    'release.review_required': 409,
    'release.site_illegal_transition': 409,
    'release.not_deploying': 409,
    'release.site_outside_window': 409,
    'release.site_note_required': 400,
    'release.not_editable': 409,
    'release.change_unknown': 400,
    'release.ci_not_in_change': 400,
    'release.ci_no_version': 400,
    'release.not_a_location': 400,
    'release.window_blocked': 409,
    'release.not_acceptor': 403,
    'release.not_reviewing': 409,
    'release.not_failed': 409,
    'release.dsl_duplicate': 409,
    'release.not_software': 400,
  },
  demo: loadReleaseDemo,
});
