import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageTag, podman, ROOT } from './podman.js';

/**
 * Apptainer is not packaged in Debian, so the definition files cannot be built here. This
 * checks what `apptainer build` would reject first: the header (Bootstrap, From), the known
 * sections, and that From names the OCI archive scripts/images.sh saves.
 * Format: https://apptainer.org/docs/user/latest/definition_files.html
 */
interface Definition {
  header: Map<string, string>;
  sections: Map<string, string>;
}

const HEADER_KEYWORDS = new Set(['Bootstrap', 'From', 'Stage', 'Fingerprints']);
const SECTIONS = new Set([
  'setup',
  'files',
  'post',
  'environment',
  'runscript',
  'startscript',
  'test',
  'labels',
  'help',
  'arguments',
]);

function parseDefinition(text: string): Definition {
  const header = new Map<string, string>();
  const sections = new Map<string, string>();
  let section: string | undefined;
  for (const [i, line] of text.split('\n').entries()) {
    const at = `line ${i + 1}`;
    const heading = /^%(\S+)/.exec(line);
    if (heading?.[1]) {
      section = heading[1];
      if (!SECTIONS.has(section)) throw new Error(`${at}: unknown section %${section}`);
      if (sections.has(section)) throw new Error(`${at}: %${section} appears twice`);
      sections.set(section, '');
      continue;
    }
    if (section) {
      sections.set(section, `${sections.get(section)}${line}\n`);
      continue;
    }
    if (line.trim() === '' || line.startsWith('#')) continue;
    const keyword = /^(\w+):\s*(.*?)\s*$/.exec(line);
    if (!keyword?.[1] || !HEADER_KEYWORDS.has(keyword[1])) {
      throw new Error(`${at}: not a header keyword: ${line}`);
    }
    if (header.has(keyword[1])) throw new Error(`${at}: ${keyword[1]} appears twice`);
    header.set(keyword[1], keyword[2] ?? '');
  }
  return { header, sections };
}

function archive(name: string): string {
  return execFileSync('bash', ['scripts/images.sh', 'archive', name], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
}

describe('the definition parser', () => {
  it('rejects an unknown section and a stray header line', () => {
    expect(() => parseDefinition('Bootstrap: oci-archive\nFrom: x.tar\n%pots\n')).toThrow(
      /unknown section %pots/,
    );
    expect(() => parseDefinition('Bootstrap: oci-archive\nFrom x.tar\n')).toThrow(/line 2/);
  });
});

describe.each(['notebook', 'processing'])('the Apptainer definition of %s', (name) => {
  const file = join(ROOT, 'images', name, `${name}.def`);
  const definition = parseDefinition(readFileSync(file, 'utf8'));

  it('bootstraps from the OCI archive scripts/images.sh saves (relative to the repository root)', () => {
    expect(definition.header.get('Bootstrap')).toBe('oci-archive');
    expect(definition.header.get('From')).toBe(relative(ROOT, archive(name)));
  });

  it('has a runscript, a test, an environment, labels and help', () => {
    for (const section of ['runscript', 'test', 'environment', 'labels', 'help']) {
      expect(definition.sections.get(section)?.trim(), `%${section}`).toBeTruthy();
    }
  });

  it('names in %test and %runscript only commands the image has', async () => {
    const script = `${definition.sections.get('runscript')}\n${definition.sections.get('test')}`;
    const commands = [...script.matchAll(/^\s*(?:exec\s+)?(\/\S+|python3)\b/gm)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThan(0);
    for (const command of new Set(commands)) {
      const r = await podman([
        'run',
        '--rm',
        imageTag(name as 'notebook' | 'processing'),
        'sh',
        '-c',
        `command -v ${command}`,
      ]);
      expect(r.code, `${command} in ${name}`).toBe(0);
    }
  });
});

describe('scripts/images.sh save', () => {
  it('writes an OCI archive of the processing base, the format Bootstrap: oci-archive reads', async () => {
    execFileSync('bash', ['scripts/images.sh', 'save', 'processing'], { cwd: ROOT, stdio: 'pipe' });
    const listing = execFileSync('tar', ['-tf', archive('processing')], { encoding: 'utf8' }).split(
      '\n',
    );
    expect(listing).toContain('oci-layout');
    expect(listing).toContain('index.json');
    const index = JSON.parse(
      execFileSync('tar', ['-xOf', archive('processing'), 'index.json'], { encoding: 'utf8' }),
    );
    expect(index.manifests[0].annotations['org.opencontainers.image.ref.name']).toContain(
      'processing-base',
    );
  });
});
