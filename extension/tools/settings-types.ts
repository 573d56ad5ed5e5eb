/**
 * Generates the TypeScript types of the settings from their JSON Schemas (schema/*.json), so
 * the two never drift: `--check` (run by `npm run typecheck`) fails when a schema changed and
 * its types were not regenerated with `npm run build:schema -w extension`.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const stale: string[] = [];

for (const file of (await readdir(join(root, 'schema')))
  .filter((name) => name.endsWith('.json'))
  .sort()) {
  const schema = JSON.parse(await readFile(join(root, 'schema', file), 'utf8')) as JSONSchema;
  const name = basename(file, '.json');
  const typeName = `${name[0]?.toUpperCase()}${name.slice(1)}Settings`;
  const code = await compile({ ...schema, title: typeName }, typeName, {
    bannerComment: `/* Generated from schema/${file} by tools/settings-types.ts; do not edit. */`,
    additionalProperties: false,
    style: { singleQuote: true, printWidth: 100 },
  });
  const target = join(root, 'src', 'settings', `${name}-settings.ts`);
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current === code) continue;
  if (check) {
    stale.push(target);
  } else {
    await writeFile(target, code);
    console.log(`wrote ${target}`);
  }
}
if (stale.length > 0) {
  console.error(
    `settings types are out of date; run npm run build:schema -w extension:\n  ${stale.join('\n  ')}`,
  );
  process.exit(1);
}
