export { STATUS_CLASSES } from './http-metrics.js';
export {
  HEALTH_JSON,
  type ReadinessCheck,
  type ServiceHealthOptions,
  serviceHealth,
} from './plugin.js';
