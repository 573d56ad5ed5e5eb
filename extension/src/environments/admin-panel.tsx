import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import { useSignal } from '../panel/use-signal.js';
import { EMPTY_PROFILE_FORM, formOf, type ProfileForm } from './profile-form.js';
import type { IEnvironmentsModel } from './tokens.js';
import type { AuditRecord, Profile, UserRow } from './types.js';
import { type BulkKind, monthOf, timeAgo, usageBar } from './users-table.js';

/**
 * The environments admin panel: the users the admin manages (state, profile, last activity,
 * usage against quota), bulk actions on the selected ones with the answer per item, the
 * profile editor with each profile's history, and the monthly usage report.
 */
export class EnvironmentsPanel extends ReactWidget {
  constructor(
    private readonly model: IEnvironmentsModel,
    private readonly trans: TranslationBundle,
    private readonly save: (blob: Blob, name: string) => void,
  ) {
    super();
    this.addClass('styx-EnvironmentsPanel');
  }

  protected render(): React.ReactElement {
    return <EnvironmentsView model={this.model} trans={this.trans} save={this.save} />;
  }
}

// Only JupyterLab's CSS variables, so that light and dark themes work.
const box: React.CSSProperties = { padding: '8px 16px', overflow: 'auto', height: '100%' };
const table: React.CSSProperties = { borderCollapse: 'collapse', width: '100%' };
const cell: React.CSSProperties = {
  borderBottom: '1px solid var(--jp-border-color2)',
  padding: '4px 8px',
  textAlign: 'left',
  verticalAlign: 'top',
};
const barColour = {
  ok: 'var(--jp-success-color1)',
  high: 'var(--jp-warn-color1)',
  over: 'var(--jp-error-color1)',
  none: 'transparent',
};
const stateColour = {
  running: 'var(--jp-success-color1)',
  starting: 'var(--jp-warn-color1)',
  stopping: 'var(--jp-warn-color1)',
  stopped: 'var(--jp-ui-font-color3)',
};

type Props = {
  model: IEnvironmentsModel;
  trans: TranslationBundle;
  save: (blob: Blob, name: string) => void;
};

function EnvironmentsView({ model, trans, save }: Props) {
  useSignal(model.changed);
  const me = model.me;
  return (
    <div className="styx-EnvironmentsPanel-body" style={box}>
      <h2>{trans.__('Environments')}</h2>
      <p className="styx-EnvRole">
        {me?.role === 'admin'
          ? trans.__('You are a Hub admin: every user and profile.')
          : trans.__('You administer the users of %1.', (me?.groups ?? []).join(', '))}{' '}
        <button
          type="button"
          className="jp-Button styx-EnvRefresh"
          onClick={() => void model.refresh()}
        >
          {trans.__('Refresh')}
        </button>
      </p>
      {model.error && (
        <p className="styx-EnvError" role="alert" style={{ color: 'var(--jp-error-color1)' }}>
          {model.error}
        </p>
      )}
      <UsersSection model={model} trans={trans} />
      <ProfilesSection model={model} trans={trans} />
      <UsageSection model={model} trans={trans} save={save} />
    </div>
  );
}

function UsersSection({ model, trans }: Omit<Props, 'save'>) {
  const [group, setGroup] = React.useState('');
  const now = new Date();
  const all = model.users.length > 0 && model.users.every((u) => model.selected.has(u.name));
  const action = (kind: BulkKind, label: string) => (
    <button
      type="button"
      className={`jp-Button styx-EnvBulk styx-EnvBulk-${kind}`}
      disabled={model.busy || model.selected.size === 0}
      onClick={() => void model.runBulk(kind, group)}
    >
      {label}
    </button>
  );
  return (
    <section className="styx-EnvUsers">
      <h3>{trans.__('Users')}</h3>
      <table style={table}>
        <thead>
          <tr>
            <th style={cell}>
              <input
                type="checkbox"
                aria-label={trans.__('Select all')}
                checked={all}
                onChange={(e) => model.selectAll(e.currentTarget.checked)}
              />
            </th>
            <th style={cell}>{trans.__('User')}</th>
            <th style={cell}>{trans.__('State')}</th>
            <th style={cell}>{trans.__('Profile')}</th>
            <th style={cell}>{trans.__('Last activity')}</th>
            <th style={cell}>{trans.__('Usage vs quota')}</th>
          </tr>
        </thead>
        <tbody>
          {model.users.map((row) => (
            <UserLine key={row.name} row={row} model={model} now={now} trans={trans} />
          ))}
        </tbody>
      </table>
      {model.users.length === 0 && <p>{trans.__('No users to show yet.')}</p>}
      <div className="styx-EnvBulkBar" style={{ display: 'flex', gap: 8, margin: '8px 0' }}>
        {action('stop', trans.__('Stop servers'))}
        {action('start', trans.__('Start servers'))}
        {action('delete', trans.__('Delete named servers'))}
        <input
          className="styx-EnvGroupInput"
          placeholder={trans.__('group')}
          aria-label={trans.__('Group to add them to')}
          value={group}
          onChange={(e) => setGroup(e.currentTarget.value)}
        />
        {action('add-to-group', trans.__('Add to group'))}
      </div>
      {model.lastBulk && (
        <div className="styx-EnvBulkResults">
          <p>
            {trans.__(
              '%1: %2 done, %3 failed',
              model.lastBulk.action,
              model.lastBulk.succeeded,
              model.lastBulk.failed,
            )}
          </p>
          <ul>
            {model.lastBulk.results.map((r) => (
              <li
                key={`${r.user}/${r.server ?? ''}/${r.group ?? ''}`}
                className={`styx-EnvBulkResult styx-EnvBulkResult-${r.ok ? 'ok' : 'failed'}`}
                style={{ color: r.ok ? undefined : 'var(--jp-error-color1)' }}
              >
                {r.ok ? '✓' : '✗'} {r.user}
                {r.server ? `/${r.server}` : ''}
                {r.group ? ` → ${r.group}` : ''}: {r.message} ({r.status})
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function UserLine({
  row,
  model,
  now,
  trans,
}: {
  row: UserRow;
  model: IEnvironmentsModel;
  now: Date;
  trans: TranslationBundle;
}) {
  const bar = usageBar(row);
  return (
    <tr className="styx-EnvUserRow" data-user={row.name}>
      <td style={cell}>
        <input
          type="checkbox"
          aria-label={trans.__('Select %1', row.name)}
          checked={model.selected.has(row.name)}
          onChange={() => model.toggle(row.name)}
        />
      </td>
      <td style={cell}>
        <strong>{row.name}</strong>
        {row.admin ? ` (${trans.__('admin')})` : ''}
        <div style={{ color: 'var(--jp-ui-font-color2)' }}>{row.groups.join(', ')}</div>
      </td>
      <td style={cell} className="styx-EnvState" data-state={row.state}>
        <span style={{ color: stateColour[row.state] }}>●</span> {row.state}
        {row.servers
          .filter((s) => s.name !== '')
          .map((s) => (
            <div key={s.name} style={{ color: 'var(--jp-ui-font-color2)' }}>
              {s.name}: {s.state}
            </div>
          ))}
      </td>
      <td style={cell} className="styx-EnvProfile">
        {row.profile ?? '—'}
      </td>
      <td style={cell} className="styx-EnvActivity" title={row.lastActivity ?? ''}>
        {timeAgo(row.lastActivity, now)}
      </td>
      <td style={cell} className="styx-EnvUsage" data-level={bar.level}>
        {bar.level !== 'none' && (
          <div
            className="styx-EnvUsageBar"
            style={{
              width: 160,
              height: 8,
              background: 'var(--jp-layout-color3)',
              borderRadius: 4,
              overflow: 'hidden',
            }}
          >
            <div
              style={{
                width: `${Math.round(bar.width * 100)}%`,
                height: '100%',
                background: barColour[bar.level],
              }}
            />
          </div>
        )}
        <div className="styx-EnvUsageLabel">{bar.label}</div>
      </td>
    </tr>
  );
}

const FIELDS: Array<[keyof ProfileForm, string, 'text' | 'area']> = [
  ['slug', 'Slug', 'text'],
  ['displayName', 'Name', 'text'],
  ['description', 'Description', 'area'],
  ['image', 'Image', 'text'],
  ['cpu', 'CPU cores', 'text'],
  ['memory', 'Memory (e.g. 4G)', 'text'],
  ['gpu', 'GPUs', 'text'],
  ['idleTimeout', 'Idle timeout (s, 0: never)', 'text'],
  ['maxAge', 'Max age (s, 0: none)', 'text'],
  ['allowedGroups', 'Allowed groups (commas; empty: everyone)', 'text'],
  ['mounts', 'Mounts (one a line: source target [rw])', 'area'],
];

function ProfilesSection({ model, trans }: Omit<Props, 'save'>) {
  const [editing, setEditing] = React.useState<{ form: ProfileForm; isNew: boolean } | null>(null);
  const list = model.profiles;
  const open = (profile: Profile) => {
    setEditing({ form: formOf(profile), isNew: false });
    void model.openHistory(profile.slug);
  };
  const editable = (slug: string) => list?.editable.includes(slug) ?? false;
  const readOnly = editing !== null && !editing.isNew && !editable(editing.form.slug);
  return (
    <section className="styx-EnvProfiles">
      <h3>{trans.__('Profiles')}</h3>
      <ul>
        {(list?.profiles ?? []).map((p) => (
          <li key={p.slug} className="styx-EnvProfileItem" data-slug={p.slug}>
            <button type="button" className="jp-Button styx-EnvProfileOpen" onClick={() => open(p)}>
              {p.displayName}
            </button>{' '}
            <code>{p.slug}</code> v{p.version} — {p.cpu} CPU, {p.memory}
            {p.gpu ? `, ${p.gpu} GPU` : ''};{' '}
            {p.allowedGroups.length > 0 ? p.allowedGroups.join(', ') : trans.__('everyone')}
          </li>
        ))}
      </ul>
      {list?.mayCreate && (
        <button
          type="button"
          className="jp-Button styx-EnvProfileNew"
          onClick={() => setEditing({ form: { ...EMPTY_PROFILE_FORM }, isNew: true })}
        >
          {trans.__('New profile')}
        </button>
      )}
      {editing && (
        <form
          className="styx-EnvProfileEditor"
          style={{ display: 'grid', gridTemplateColumns: '16em 1fr', gap: 4, margin: '8px 0' }}
          onSubmit={(event) => {
            event.preventDefault();
            void model.saveProfile(editing.form, editing.isNew).then((saved) => {
              if (saved) setEditing({ ...editing, isNew: false });
            });
          }}
        >
          {FIELDS.map(([key, label, kind]) => {
            const messages = model.formMessages[key] ?? [];
            const props = {
              name: key,
              className: `styx-EnvField styx-EnvField-${key}`,
              value: editing.form[key],
              disabled: readOnly || (key === 'slug' && !editing.isNew),
              'aria-invalid': messages.length > 0,
              onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
                setEditing({
                  ...editing,
                  form: { ...editing.form, [key]: event.currentTarget.value },
                }),
            };
            return (
              <React.Fragment key={key}>
                <label htmlFor={`styx-env-${key}`}>{trans.__(label)}</label>
                <div>
                  {kind === 'area' ? (
                    <textarea id={`styx-env-${key}`} rows={2} cols={50} {...props} />
                  ) : (
                    <input id={`styx-env-${key}`} size={50} {...props} />
                  )}
                  {messages.map((m) => (
                    <div
                      key={m}
                      className="styx-EnvFieldMessage"
                      style={{ color: 'var(--jp-error-color1)' }}
                    >
                      {m}
                    </div>
                  ))}
                </div>
              </React.Fragment>
            );
          })}
          {(model.formMessages[''] ?? []).map((m) => (
            <div key={m} className="styx-EnvFieldMessage" style={{ gridColumn: '1 / 3' }}>
              {m}
            </div>
          ))}
          <div style={{ gridColumn: '1 / 3' }}>
            {readOnly ? (
              <em>{trans.__('You may not change this profile.')}</em>
            ) : (
              <button type="submit" className="jp-Button styx-EnvProfileSave" disabled={model.busy}>
                {editing.isNew ? trans.__('Create profile') : trans.__('Save as a new version')}
              </button>
            )}
          </div>
        </form>
      )}
      {editing && !editing.isNew && model.history?.slug === editing.form.slug && (
        <ProfileHistory
          records={model.history.records}
          versions={model.history.versions}
          trans={trans}
        />
      )}
    </section>
  );
}

function describeDiff(record: AuditRecord): string {
  const show = (v: unknown) => (v === undefined ? '∅' : JSON.stringify(v));
  return Object.entries(record.diff)
    .map(([field, change]) => `${field}: ${show(change.from)} → ${show(change.to)}`)
    .join('; ');
}

function ProfileHistory({
  records,
  versions,
  trans,
}: {
  records: AuditRecord[];
  versions: Array<{ version: number; deleted: boolean; created: string; createdBy: string }>;
  trans: TranslationBundle;
}) {
  return (
    <div className="styx-EnvHistory">
      <h4>{trans.__('Versions')}</h4>
      <ul>
        {versions.map((v) => {
          const record = records.find((r) => r.version === v.version);
          return (
            <li key={v.version} className="styx-EnvVersion" data-version={v.version}>
              v{v.version} {v.deleted ? trans.__('(deleted)') : ''} —{' '}
              {trans.__('%1 on %2', v.createdBy, new Date(v.created).toLocaleString())}
              {record && (
                <div style={{ color: 'var(--jp-ui-font-color2)' }}>{describeDiff(record)}</div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function UsageSection({ model, trans, save }: Props) {
  const [month, setMonth] = React.useState(monthOf(new Date()));
  const [error, setError] = React.useState<string | null>(null);
  return (
    <section className="styx-EnvUsage">
      <h3>{trans.__('Usage report')}</h3>
      <input
        type="month"
        className="styx-EnvMonth"
        aria-label={trans.__('Month')}
        value={month}
        onChange={(e) => setMonth(e.currentTarget.value)}
      />{' '}
      <button
        type="button"
        className="jp-Button styx-EnvDownloadCsv"
        onClick={() => {
          setError(null);
          model.usageCsv(month).then(
            ({ blob, name }) => save(blob, name),
            (e: Error) => setError(e.message),
          );
        }}
      >
        {trans.__('Download usage CSV')}
      </button>
      {error && <p style={{ color: 'var(--jp-error-color1)' }}>{error}</p>}
    </section>
  );
}
