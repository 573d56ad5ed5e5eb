// Removes from node_modules every package outside the production closure of the given
// workspaces, computed from package-lock.json. `npm ci --omit=dev --workspace …` keeps a package
// one selected workspace uses only in its tests when another workspace (not selected) ships it in
// production, since the lock file then does not mark it dev (the kernels gateway's tests use
// @jupyterlab/services, which the extension ships). Run in the build stage after npm ci:
//   node prune-to-production.mjs [--dry-run] catalog-api hub-services/processing …
import { readFileSync, rmSync } from 'node:fs';

const packages = JSON.parse(readFileSync('package-lock.json', 'utf8')).packages;
const dryRun = process.argv.includes('--dry-run');
const workspaces = process.argv.slice(2).filter((arg) => arg !== '--dry-run');

/** Node's resolution: the nearest node_modules/<name> from `from` up to the root. */
function resolve(from, name) {
  let dir = from;
  for (;;) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[key]) return key;
    if (!dir) return undefined;
    const at = dir.lastIndexOf('/node_modules/');
    dir = at < 0 ? '' : dir.slice(0, at);
  }
}

// The selected workspaces' own links (node_modules/@styx/… → their folders) stay.
const keep = new Set(
  Object.keys(packages).filter(
    (key) => packages[key].link && workspaces.includes(packages[key].resolved),
  ),
);
const stack = workspaces.flatMap((ws) =>
  Object.keys(packages[ws]?.dependencies ?? {}).map((name) => resolve(ws, name)),
);
while (stack.length > 0) {
  const key = stack.pop();
  if (!key || keep.has(key)) continue;
  keep.add(key);
  const entry = packages[key];
  // A link (a workspace) resolves to its folder, whose dependencies count too.
  const real = entry.link ? entry.resolved : key;
  const info = packages[real] ?? {};
  // npm installs peers too (npm ≥ 7), so they are part of what runs.
  for (const name of Object.keys({
    ...info.dependencies,
    ...info.optionalDependencies,
    ...info.peerDependencies,
  })) {
    stack.push(resolve(real, name));
  }
}

let removed = 0;
for (const key of Object.keys(packages)) {
  if (!key.includes('node_modules/') || keep.has(key)) continue;
  if (dryRun) console.log(`would remove ${key}`);
  // A link (a workspace's) goes, never the folder it points to.
  else rmSync(key, { recursive: true, force: true });
  removed += 1;
}
console.log(`prune-to-production: kept ${keep.size} packages, removed ${removed} others`);
