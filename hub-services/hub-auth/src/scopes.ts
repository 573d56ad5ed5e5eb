/**
 * JupyterHub scopes (JupyterHub docs, "JupyterHub scopes"): `base` or `base!filter=value`,
 * for example `access:services!service=catalog`. An unfiltered scope covers every filtered
 * form of itself; a filtered one covers only itself.
 */
export function holdsScope(held: Iterable<string>, required: string): boolean {
  const base = required.split('!', 1)[0] as string;
  for (const scope of held) {
    if (scope === required || scope === base) return true;
  }
  return false;
}

/** The scopes among `required` that `held` does not cover. */
export function missingScopes(held: Iterable<string>, required: readonly string[]): string[] {
  const list = [...held];
  return required.filter((scope) => !holdsScope(list, scope));
}
