import type { GroupAdminStore } from './admins/group-admin-store.js';
import type { HubServersClient } from './hub/hub-servers-client.js';
import type { ProfileStore } from './profiles/profile-store.js';
import type { QuotaStore } from './usage/quota-store.js';
import type { UsageLedger } from './usage/usage-ledger.js';

/**
 * What every route plugin gets: built once in app.ts and passed down as plugin options. Its own
 * module, so that routes never import the app that registers them.
 */
export interface EnvironmentsContext {
  profiles: ProfileStore;
  quotas: QuotaStore;
  ledger: UsageLedger;
  /** Each group's delegated admins. */
  groupAdmins: GroupAdminStore;
  /** The Hub's REST API as this service (bulk actions); none without a Hub. */
  hub: HubServersClient | undefined;
  /** The public URL, ending with '/'; every link is rooted here. */
  baseUrl: string;
  /**
   * The service whose token the Hub's spawn hooks use (this service's own name under a Hub):
   * only it may ask for spawn decisions and report spawns and stops.
   */
  hookService: string;
  /** Clock seam for quota windows. */
  now: () => Date;
}
