export { type InsertOptions, insertIntoNotebook, runInConsole } from './code-actions.js';
export { dragLabel, startDrag } from './drag.js';
export { attachConsoleDropTarget, attachNotebookDropTarget, dropIndex } from './drop-targets.js';
export { STYX_DROP_MIME } from './mime.js';
