export {
  HubAuthError,
  HubUnavailableError,
  MissingScopeError,
  NotAuthenticatedError,
} from './errors.js';
export { HubClient } from './hub-client.js';
export { HubConfigError, type HubServiceConfig, hubServiceFromEnv } from './hub-service-config.js';
export type { HubIdentity } from './identity.js';
export { HubIdentitySource, type IdentitySource, StaticTokenSource } from './identity-source.js';
export { type HubAuthOptions, hubAuth, type RequireScopesOptions } from './plugin.js';
export { holdsScope, missingScopes } from './scopes.js';
