export { complaintKind } from './complaint.kind.js';
export { createComplaint, escalateComplaints, transitionComplaint } from './complaint.service.js';
export { agendaFor, customerContracts, remindRenewals, serviceReviews } from './relationship.registers.js';
export { linkFor, sampled, surveyTick } from './survey.service.js';
