export { requestRoutes } from './request.routes.js';
export {
  acceptRequest,
  approveRequest,
  cancelRequest,
  commentOnRequest,
  completeTask,
  deliverRequest,
  raiseRequest,
  rejectDelivery,
  rejectRequest,
  submitRequest,
} from './request.service.js';
