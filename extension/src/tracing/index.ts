/** Trace context for the requests the extension sends to Styx's services (W3C traceparent). */
export { newTraceparent, traceIdOf, withTraceparent } from './traceparent.js';
