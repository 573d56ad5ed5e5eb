import type { LocalHub } from './local-hub.js';

/** A server in the Hub's user model (GET /hub/api/users/:name). */
export interface HubServerModel {
  ready: boolean;
  last_activity?: string;
  /** The spawner's own state: the local process's pid, DockerSpawner's object_id, batchspawner's job_id. */
  state?: { pid?: number; object_id?: string; job_id?: string };
}

/** The Hub's REST API as the dev admin service, for setting up users, groups and tokens. */
export function hubAdmin(hub: LocalHub) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${hub.url}hub/api/${path}`, {
      method,
      headers: { authorization: `token ${hub.adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /hub/api/${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  /** The user's default server as the Hub's REST API describes it; undefined when none. */
  const serverOf = async (user: string): Promise<HubServerModel | undefined> => {
    const model = (await call('GET', `users/${user}`)) as {
      servers: Record<string, HubServerModel>;
    };
    return model.servers[''];
  };
  return {
    call,
    createUser: (name: string) => call('POST', `users/${name}`),
    addToGroup: (group: string, ...users: string[]) =>
      call('POST', `groups/${group}/users`, { users }),
    serverOf,
    /**
     * Waits (up to 2 minutes) until the user's default server is ready, or gone; throws with
     * the end of the Hub's log otherwise.
     */
    async waitForServer(user: string, ready: boolean): Promise<HubServerModel | undefined> {
      for (let i = 0; i < 240; i += 1) {
        const server = await serverOf(user);
        if (ready ? server?.ready : !server) return server;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(
        `${user}'s server did not ${ready ? 'start' : 'stop'}\n${hub.log().slice(-3000)}`,
      );
    },
    /** A new API token for `name`, with the user's own scopes unless `scopes` narrows them. */
    async tokenFor(name: string, scopes?: string[]): Promise<string> {
      const answer = await call('POST', `users/${name}/tokens`, {
        note: 'styx test',
        expires_in: 3600,
        ...(scopes ? { scopes } : {}),
      });
      return answer.token as string;
    },
  };
}

/** A cookie jar for following the Hub's browser flows with fetch (redirects by hand). */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request('GET', url, headers);
  }

  async request(method: string, url: string, headers: Record<string, string> = {}, body?: string) {
    const absolute = new URL(url, this.origin).toString();
    const response = await fetch(absolute, {
      method,
      redirect: 'manual',
      headers: { ...headers, cookie: this.cookieHeader() },
      ...(body === undefined ? {} : { body }),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, eq).trim();
      const value = (pair ?? '').slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '')
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects (same origin) until a non-redirect answer; returns it and the URLs seen. */
  async follow(url: string, headers: Record<string, string> = {}) {
    const seen: string[] = [];
    let next = new URL(url, this.origin).toString();
    for (let hop = 0; hop < 10; hop += 1) {
      seen.push(next);
      const response = await this.get(next, headers);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { response, seen };
      }
      await response.body?.cancel();
      next = new URL(location, next).toString();
    }
    throw new Error(`too many redirects: ${seen.join(' -> ')}`);
  }

  /** Logs in on the Hub's own login form, as a person would. */
  async logIn(username: string, password: string): Promise<Response> {
    const form = await this.get('/hub/login');
    const html = await form.text();
    const xsrf = /name="_xsrf" value="([^"]+)"/.exec(html)?.[1] ?? this.cookies.get('_xsrf') ?? '';
    return this.request(
      'POST',
      '/hub/login',
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ username, password, _xsrf: xsrf }).toString(),
    );
  }

  has(cookie: string): boolean {
    return this.cookies.has(cookie);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
