/** One item of a bulk action, as the Hub answered it. */
export interface HubActionResult {
  ok: boolean;
  /** The Hub's status code (202: a start or stop still under way). */
  status: number;
  message: string;
}

export interface RunningServer {
  user: string;
  /** '' for the user's default server. */
  server: string;
  /** Up and answering (not still starting or stopping). */
  ready: boolean;
  started: Date | null;
  lastActivity: Date | null;
}

interface HubServerModel {
  ready?: boolean;
  pending?: string | null;
  stopped?: boolean;
  started?: string | null;
  last_activity?: string | null;
}

interface HubUserModel {
  name: string;
  admin?: boolean;
  groups?: string[];
  last_activity?: string | null;
  servers?: Record<string, HubServerModel>;
}

/** A server as the Hub reports it (a named server may be stopped and still exist). */
export interface HubServer {
  /** '' for the user's default server. */
  name: string;
  state: 'running' | 'starting' | 'stopping' | 'stopped';
  started: Date | null;
  lastActivity: Date | null;
}

/** A Hub user with their groups and servers (`GET /users`, with read:users and read:servers). */
export interface HubUser {
  name: string;
  admin: boolean;
  groups: string[];
  lastActivity: Date | null;
  servers: HubServer[];
}

const date = (v: string | null | undefined) => (v ? new Date(v) : null);

function toHubUser(u: HubUserModel): HubUser {
  return {
    name: u.name,
    admin: u.admin === true,
    groups: u.groups ?? [],
    lastActivity: date(u.last_activity),
    servers: Object.entries(u.servers ?? {}).map(([name, s]) => ({
      name,
      state:
        s.pending === 'spawn'
          ? 'starting'
          : s.pending === 'stop'
            ? 'stopping'
            : s.ready
              ? 'running'
              : 'stopped',
      started: date(s.started),
      lastActivity: date(s.last_activity),
    })),
  };
}

/** JupyterHub's page size limit (`api_page_max_limit`) is 200 by default. */
const PAGE = 200;

/**
 * The Hub's REST API as this service (JupyterHub REST API: users, servers, groups), with its
 * own token; created once and shared. A thin adapter: what to do is decided by the routes.
 */
export class HubServersClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: { apiUrl: string; token: string; fetch?: typeof fetch }) {
    this.fetch = options.fetch ?? fetch;
  }

  /** Every server the Hub reports running or pending (`GET /users?state=active`). */
  async runningServers(): Promise<RunningServer[]> {
    const response = await this.call('GET', 'users?state=active&limit=10000');
    if (!response.ok) throw new Error(`the Hub refused GET /users: ${response.status}`);
    const users = (await response.json()) as Array<{
      name: string;
      servers?: Record<string, HubServerModel>;
    }>;
    return users.flatMap((u) =>
      Object.entries(u.servers ?? {}).map(([server, model]) => ({
        user: u.name,
        server,
        ready: model.ready === true,
        started: date(model.started),
        lastActivity: date(model.last_activity),
      })),
    );
  }

  /**
   * Every Hub user with groups and servers, stopped named servers included, page by page
   * (JupyterHub REST API §Paginated responses: `Accept: application/jupyterhub-pagination+json`).
   */
  async users(): Promise<HubUser[]> {
    const users: HubUser[] = [];
    let offset = 0;
    for (;;) {
      const response = await this.call(
        'GET',
        `users?include_stopped_servers=true&offset=${offset}&limit=${PAGE}`,
        undefined,
        { accept: 'application/jupyterhub-pagination+json' },
      );
      if (!response.ok) throw new Error(`the Hub refused GET /users: ${response.status}`);
      const page = (await response.json()) as {
        items: HubUserModel[];
        _pagination?: { next?: { offset?: number } | null };
      };
      users.push(...page.items.map(toHubUser));
      const next = page._pagination?.next?.offset;
      if (next === undefined || next <= offset || page.items.length === 0) return users;
      offset = next;
    }
  }

  startServer(user: string, server: string, options: Record<string, unknown>) {
    return this.action('POST', serverPath(user, server), options);
  }

  stopServer(user: string, server: string) {
    return this.action('DELETE', serverPath(user, server));
  }

  /** Stops a named server and removes it (`remove: true`); the default server cannot be. */
  deleteServer(user: string, server: string) {
    return this.action('DELETE', serverPath(user, server), { remove: true });
  }

  addToGroup(group: string, user: string) {
    return this.action('POST', `groups/${encodeURIComponent(group)}/users`, { users: [user] });
  }

  private call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.fetch(`${this.options.apiUrl}${path}`, {
      method,
      headers: {
        ...headers,
        authorization: `token ${this.options.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  private async action(method: string, path: string, body?: unknown): Promise<HubActionResult> {
    let response: Response;
    try {
      response = await this.call(method, path, body);
    } catch (error) {
      return {
        ok: false,
        status: 503,
        message: `the Hub could not be reached: ${(error as Error).message}`,
      };
    }
    const text = await response.text();
    let message = response.status === 202 ? 'accepted; under way' : 'done';
    if (!response.ok) {
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        message = text || response.statusText;
      }
    }
    return { ok: response.ok, status: response.status, message };
  }
}

function serverPath(user: string, server: string): string {
  const u = encodeURIComponent(user);
  return server === '' ? `users/${u}/server` : `users/${u}/servers/${encodeURIComponent(server)}`;
}
