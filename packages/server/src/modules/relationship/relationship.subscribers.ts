import { defineSubscriber } from '../../platform/subscribers.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { onRecordEvent, SURVEY_TRIGGER_EVENTS } from './survey.service.js';

/** Transactional surveys: the sign-off rating and the invitations, after the record's change has committed. */
export const surveyTriggerSubscriber = defineSubscriber({
  name: 'relationship.survey_triggers',
  on: SURVEY_TRIGGER_EVENTS,
  handle: (ctx, event) => inTransaction(ctx, null, (tx) => onRecordEvent(tx, event)),
});
