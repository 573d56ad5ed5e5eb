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
  started?: string | null;
  last_activity?: string | null;
}

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
    const date = (v: string | null | undefined) => (v ? new Date(v) : null);
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

  private call(method: string, path: string, body?: unknown): Promise<Response> {
    return this.fetch(`${this.options.apiUrl}${path}`, {
      method,
      headers: {
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
