export { hrefOfDrop } from './drop-href.js';
export { JobsModel } from './jobs-model.js';
export { JobsPanel } from './jobs-panel.js';
export { ProcessingClient, ProcessingRequestError } from './processing-client.js';
export type * from './types.js';
