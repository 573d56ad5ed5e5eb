/**
 * Who made a request, as the Hub says (`GET /hub/api/user`: a user or a service model with
 * the scopes of the token used).
 */
export interface HubIdentity {
  kind: 'user' | 'service';
  name: string;
  admin: boolean;
  groups: string[];
  /** The scopes the presented token holds, expanded by the Hub. */
  scopes: string[];
}

/** The Hub's user/service model reduced to what services decide on. */
export function identityFromHubModel(model: unknown): HubIdentity {
  const m = (model ?? {}) as Record<string, unknown>;
  if (typeof m.name !== 'string' || m.name === '') {
    throw new Error('the Hub answered GET /user without a name');
  }
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  return {
    kind: m.kind === 'service' ? 'service' : 'user',
    name: m.name,
    admin: m.admin === true,
    groups: strings(m.groups),
    scopes: strings(m.scopes),
  };
}
