import type { Mount, Profile, ProfileInput } from './types.js';

/** The profile editor's fields, as typed (text until sent). */
export interface ProfileForm {
  slug: string;
  displayName: string;
  description: string;
  image: string;
  cpu: string;
  memory: string;
  gpu: string;
  idleTimeout: string;
  maxAge: string;
  /** Hub groups, separated by commas; empty: every user. */
  allowedGroups: string;
  /** One mount a line: `source target`, and `rw` for a writable one. */
  mounts: string;
}

export const EMPTY_PROFILE_FORM: ProfileForm = {
  slug: '',
  displayName: '',
  description: '',
  image: '',
  cpu: '1',
  memory: '2G',
  gpu: '0',
  idleTimeout: '3600',
  maxAge: '0',
  allowedGroups: '',
  mounts: '',
};

export function formOf(profile: Profile): ProfileForm {
  return {
    slug: profile.slug,
    displayName: profile.displayName,
    description: profile.description,
    image: profile.image,
    cpu: String(profile.cpu),
    memory: profile.memory,
    gpu: String(profile.gpu),
    idleTimeout: String(profile.idleTimeout),
    maxAge: String(profile.maxAge),
    allowedGroups: profile.allowedGroups.join(', '),
    mounts: profile.mounts
      .map((m) => `${m.source} ${m.target}${m.readOnly ? '' : ' rw'}`)
      .join('\n'),
  };
}

/**
 * A number as typed: empty is left out (the service's default, or its "required" message);
 * anything else is sent as the number it reads as, and a non-number as the text itself, so that
 * the service's own validation says what is wrong with it.
 */
function numberField(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

function mountsOf(text: string): Mount[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [source = '', target = '', mode] = line.split(/\s+/);
      return { source, target, readOnly: mode !== 'rw' };
    });
}

/** The request body for the service: what the form says, nothing checked here but its shape. */
export function inputOf(form: ProfileForm): ProfileInput {
  const body: Record<string, unknown> = {
    slug: form.slug.trim(),
    displayName: form.displayName.trim(),
    description: form.description,
    image: form.image.trim(),
    cpu: numberField(form.cpu),
    memory: form.memory.trim(),
    gpu: numberField(form.gpu),
    idleTimeout: numberField(form.idleTimeout),
    maxAge: numberField(form.maxAge),
    allowedGroups: form.allowedGroups
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean),
    mounts: mountsOf(form.mounts),
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body as unknown as ProfileInput;
}

/**
 * The service's 400 sentence (`body/cpu must be number; body/memory must match …`) split by
 * field, so that each message shows beside its field; what names no field is under `''`.
 */
export function fieldMessages(description: string): Record<string, string[]> {
  const messages: Record<string, string[]> = {};
  for (const part of description.split('; ')) {
    const match = /^body\/([A-Za-z]+)(?:\/\S*)? (.*)$/.exec(part);
    const field = match?.[1] ?? '';
    const required = /^body must have required property '([A-Za-z]+)'$/.exec(part);
    const key = required?.[1] ?? field;
    messages[key] = [...(messages[key] ?? []), required ? 'is required' : (match?.[2] ?? part)];
  }
  return messages;
}
