import type { KernelService } from './kernels/kernel-service.js';
import type { KernelSpecs } from './kernels/kernel-specs.js';
import type { Registrations } from './kernels/registrations.js';

/**
 * What every route plugin gets: built once in app.ts and passed down as plugin options. Its own
 * module, so that routes never import the app that registers them.
 */
export interface GatewayContext {
  kernels: KernelService;
  specs: KernelSpecs;
  registrations: Registrations;
  /**
   * The service prefix every route lives under (`/services/kernels/`, or `/`). Not `prefix`:
   * fastify would read that plugin option as a route prefix and apply it a second time.
   */
  servicePrefix: string;
}
