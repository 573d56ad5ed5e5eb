import type { FetchFunction } from '../catalog/client.js';
import type {
  AuditRecord,
  BulkAction,
  BulkAnswer,
  Me,
  Profile,
  ProfileInput,
  ProfileList,
  ProfileVersion,
  UserRow,
} from './types.js';

/** A refusal of the service, with its status and the sentence it says (`{ code, description }`). */
export class EnvironmentsRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EnvironmentsRequestError';
  }
}

/** The environments service's API, with the user's own credentials (the fetch adds them). */
export class EnvironmentsClient {
  constructor(
    readonly baseUrl: string,
    private readonly fetchFn: FetchFunction,
  ) {}

  me(): Promise<Me> {
    return this.json('GET', 'api/me');
  }

  async users(): Promise<UserRow[]> {
    return (await this.json<{ users: UserRow[] }>('GET', 'api/users')).users;
  }

  profiles(): Promise<ProfileList> {
    return this.json('GET', 'api/profiles');
  }

  /** A new profile (POST) or a new version of one (PUT). */
  saveProfile(input: ProfileInput, isNew: boolean): Promise<Profile> {
    return isNew
      ? this.json('POST', 'api/profiles', input)
      : this.json('PUT', `api/profiles/${encodeURIComponent(input.slug)}`, input);
  }

  async versions(slug: string): Promise<ProfileVersion[]> {
    return (
      await this.json<{ versions: ProfileVersion[] }>(
        'GET',
        `api/profiles/${encodeURIComponent(slug)}/versions`,
      )
    ).versions;
  }

  async history(slug: string): Promise<AuditRecord[]> {
    return (
      await this.json<{ records: AuditRecord[] }>(
        'GET',
        `api/audit?target=${encodeURIComponent(`profile:${slug}`)}&limit=50`,
      )
    ).records;
  }

  bulk(action: BulkAction): Promise<BulkAnswer> {
    return this.json('POST', 'api/bulk', action);
  }

  /** The month's usage report (`YYYY-MM`), as the service sends it. */
  async usageCsv(month: string): Promise<Blob> {
    const response = await this.fetchFn(
      `${this.baseUrl}api/usage.csv?month=${encodeURIComponent(month)}`,
      { headers: { accept: 'text/csv' } },
    );
    if (!response.ok) throw await refusal(response);
    return response.blob();
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetchFn(`${this.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await refusal(response);
    return (await response.json()) as T;
  }
}

async function refusal(response: Response): Promise<EnvironmentsRequestError> {
  const problem = (await response.json().catch(() => ({}))) as { description?: string };
  return new EnvironmentsRequestError(
    response.status,
    problem.description ?? `the environments service answered ${response.status}`,
  );
}
