/**
 * The admins' side of Styx environments: the client of the environments service, the model
 * (users, profiles, bulk actions, usage), the pure mappings the panel shows, and the panel.
 */
export { EnvironmentsPanel } from './admin-panel.js';
export { EnvironmentsClient, EnvironmentsRequestError } from './environments-client.js';
export { EnvironmentsModel } from './environments-model.js';
export {
  EMPTY_PROFILE_FORM,
  fieldMessages,
  formOf,
  inputOf,
  type ProfileForm,
} from './profile-form.js';
export { IEnvironmentsModel } from './tokens.js';
export type * from './types.js';
export {
  type BulkKind,
  bulkRequest,
  monthOf,
  timeAgo,
  type UsageBar,
  usageBar,
} from './users-table.js';
