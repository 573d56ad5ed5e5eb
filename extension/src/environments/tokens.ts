/**
 * The environments admin model's public surface: the admin panel reads it; only the model
 * talks to the environments service.
 */
import { Token } from '@lumino/coreutils';
import type { IDisposable } from '@lumino/disposable';
import type { ISignal } from '@lumino/signaling';
import type { ProfileForm } from './profile-form.js';
import type { AuditRecord, BulkAnswer, Me, ProfileList, ProfileVersion, UserRow } from './types.js';
import type { BulkKind } from './users-table.js';

export interface IEnvironmentsModel extends IDisposable {
  readonly baseUrl: string;
  /** Who the service takes the user to be, once asked; null before or if it cannot be asked. */
  readonly me: Me | null;
  readonly users: readonly UserRow[];
  readonly profiles: ProfileList | null;
  readonly selected: ReadonlySet<string>;
  /** The last bulk action's answer, item by item. */
  readonly lastBulk: BulkAnswer | null;
  /** A sentence about the last failed request, or null. */
  readonly error: string | null;
  readonly busy: boolean;
  /** The open profile's versions and its audit records (who changed what), newest first. */
  readonly history: { slug: string; versions: ProfileVersion[]; records: AuditRecord[] } | null;
  /** The service's 400 for the last save, by field ('' for the rest). */
  readonly formMessages: Record<string, string[]>;
  readonly changed: ISignal<IEnvironmentsModel, void>;
  /** Asks the service who the user is; true for Hub admins and delegated admins. */
  loadMe(): Promise<boolean>;
  /** Starts reading the users every few seconds (while the page is visible). */
  start(): void;
  refresh(): Promise<void>;
  toggle(user: string): void;
  selectAll(on: boolean): void;
  runBulk(kind: BulkKind, group?: string): Promise<void>;
  openHistory(slug: string): Promise<void>;
  /** Saves the form (a new profile, or a new version); true when the service took it. */
  saveProfile(form: ProfileForm, isNew: boolean): Promise<boolean>;
  usageCsv(month: string): Promise<{ blob: Blob; name: string }>;
}

export const IEnvironmentsModel = new Token<IEnvironmentsModel>(
  '@styx/jupyterlab:IEnvironmentsModel',
  "Styx's environments for admins: the users they manage, profiles, bulk actions, usage.",
);
