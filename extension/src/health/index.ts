/**
 * System health from the Styx health service: the client, the model (polled), the status bar
 * indicator, the health panel, and the pure mapping from its answers to lights and uptime bars.
 */
export { HealthClient } from './health-client.js';
export { HealthIndicator } from './health-indicator.js';
export { HealthModel } from './health-model.js';
export { HealthPanel } from './health-panel.js';
export {
  type ComponentRow,
  componentRows,
  formatUptime,
  type Light,
  lightOf,
  sparklinePath,
  type UptimeBar,
  uptimeBars,
} from './health-status.js';
export { IHealthModel } from './tokens.js';
export type * from './types.js';
