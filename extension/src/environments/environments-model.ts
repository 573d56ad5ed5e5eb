import { Poll } from '@lumino/polling';
import { type ISignal, Signal } from '@lumino/signaling';
import type { FetchFunction } from '../catalog/client.js';
import { EnvironmentsClient, EnvironmentsRequestError } from './environments-client.js';
import { fieldMessages, inputOf, type ProfileForm } from './profile-form.js';
import type { IEnvironmentsModel } from './tokens.js';
import type { BulkAnswer, Me, ProfileList, UserRow } from './types.js';
import { type BulkKind, bulkRequest } from './users-table.js';

/**
 * The admins' side of the environments service: the users the caller manages (polled while
 * the panel is open, servers change state on their own), the profiles they may see and edit,
 * bulk actions with the service's answer per item, and the monthly usage report.
 */
export class EnvironmentsModel implements IEnvironmentsModel {
  private readonly client: EnvironmentsClient;
  private readonly changedSignal = new Signal<this, void>(this);
  private readonly poll: Poll;
  private who: Me | null = null;
  private rows: UserRow[] = [];
  private profileList: ProfileList | null = null;
  private selection = new Set<string>();
  private bulkAnswer: BulkAnswer | null = null;
  private lastError: string | null = null;
  private working = false;
  private profileHistory: IEnvironmentsModel['history'] = null;
  private messages: Record<string, string[]> = {};
  private disposed = false;

  constructor(options: EnvironmentsModel.IOptions) {
    this.client = new EnvironmentsClient(options.baseUrl, options.fetch);
    this.poll = new Poll({
      factory: () => this.refresh(),
      frequency: { interval: options.pollInterval ?? 15_000, backoff: true, max: 300_000 },
      standby: 'when-hidden',
      auto: false,
      name: '@styx/jupyterlab:environments',
    });
  }

  get changed(): ISignal<this, void> {
    return this.changedSignal;
  }
  get baseUrl(): string {
    return this.client.baseUrl;
  }
  get me(): Me | null {
    return this.who;
  }
  get users(): readonly UserRow[] {
    return this.rows;
  }
  get profiles(): ProfileList | null {
    return this.profileList;
  }
  get selected(): ReadonlySet<string> {
    return this.selection;
  }
  get lastBulk(): BulkAnswer | null {
    return this.bulkAnswer;
  }
  get error(): string | null {
    return this.lastError;
  }
  get busy(): boolean {
    return this.working;
  }
  get history(): IEnvironmentsModel['history'] {
    return this.profileHistory;
  }
  get formMessages(): Record<string, string[]> {
    return this.messages;
  }
  get isDisposed(): boolean {
    return this.disposed;
  }

  async loadMe(): Promise<boolean> {
    try {
      this.who = await this.client.me();
    } catch {
      // No environments service here (it is off), or it cannot be asked: nothing to offer.
      this.who = null;
    }
    this.changedSignal.emit();
    return this.who !== null && this.who.role !== 'user';
  }

  /** Starts the polling of the users (the panel calls it when shown). */
  start(): void {
    void this.poll.start();
  }

  async refresh(): Promise<void> {
    try {
      const [users, profiles] = await Promise.all([this.client.users(), this.client.profiles()]);
      this.rows = users;
      this.profileList = profiles;
      // A user no longer listed (stopped being managed) is no longer selected.
      const names = new Set(users.map((u) => u.name));
      this.selection = new Set([...this.selection].filter((n) => names.has(n)));
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
    } finally {
      this.changedSignal.emit();
    }
  }

  toggle(user: string): void {
    const next = new Set(this.selection);
    if (next.has(user)) next.delete(user);
    else next.add(user);
    this.selection = next;
    this.changedSignal.emit();
  }

  selectAll(on: boolean): void {
    this.selection = on ? new Set(this.rows.map((r) => r.name)) : new Set();
    this.changedSignal.emit();
  }

  async runBulk(kind: BulkKind, group = ''): Promise<void> {
    const request = bulkRequest(this.rows, this.selection, kind, group);
    if (typeof request === 'string') {
      this.lastError = request;
      this.changedSignal.emit();
      return;
    }
    let answered = false;
    await this.working_(async () => {
      this.bulkAnswer = await this.client.bulk(request);
      answered = true;
    });
    // Servers changed: read them again. A refusal stays on screen instead (a refresh clears it).
    if (answered) await this.refresh();
  }

  async openHistory(slug: string): Promise<void> {
    await this.working_(async () => {
      const [versions, records] = await Promise.all([
        this.client.versions(slug),
        this.client.history(slug),
      ]);
      this.profileHistory = { slug, versions: [...versions].reverse(), records };
    });
  }

  async saveProfile(form: ProfileForm, isNew: boolean): Promise<boolean> {
    this.messages = {};
    let saved = false;
    await this.working_(async () => {
      try {
        const profile = await this.client.saveProfile(inputOf(form), isNew);
        saved = true;
        this.profileList = await this.client.profiles();
        const [versions, records] = await Promise.all([
          this.client.versions(profile.slug),
          this.client.history(profile.slug),
        ]);
        this.profileHistory = { slug: profile.slug, versions: [...versions].reverse(), records };
      } catch (error) {
        if (error instanceof EnvironmentsRequestError && error.status === 400)
          this.messages = fieldMessages(error.message);
        throw error;
      }
    });
    return saved;
  }

  async usageCsv(month: string): Promise<{ blob: Blob; name: string }> {
    return { blob: await this.client.usageCsv(month), name: `styx-usage-${month}.csv` };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.poll.dispose();
    Signal.clearData(this);
  }

  /** Runs a request with `busy` set; a refusal becomes `error` (its sentence), not a throw. */
  private async working_(run: () => Promise<void>): Promise<void> {
    this.working = true;
    this.lastError = null;
    this.changedSignal.emit();
    try {
      await run();
    } catch (error) {
      this.lastError = (error as Error).message;
    } finally {
      this.working = false;
      this.changedSignal.emit();
    }
  }
}

export namespace EnvironmentsModel {
  export interface IOptions {
    /** The environments service's base URL, ending with '/'. */
    baseUrl: string;
    fetch: FetchFunction;
    /** Milliseconds between reads of the users while the panel is open; 15 s by default. */
    pollInterval?: number;
  }
}
