import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cwlCommandLine } from '../../src/processes/cwl/cwl-command.js';
import { processFromCwl } from '../../src/processes/cwl/cwl-process.js';
import { CwlPackageError, parseCwlPackage } from '../../src/processes/cwl/cwl-subset.js';
import { globToRegExp, listOutputs, matchOutputs } from '../../src/processes/cwl/output-glob.js';
import { cwlFixture, UNSUPPORTED } from '../support/cwl-corpus.js';

const problemsOf = (cwl: string): string => {
  try {
    parseCwlPackage(cwl, 'yaml');
  } catch (error) {
    if (error instanceof CwlPackageError) return error.message;
    throw error;
  }
  throw new Error('the package was accepted');
};

describe("Styx's CWL subset", () => {
  it('reads the list and map forms, hints, $namespaces metadata and defaults', () => {
    const summary = parseCwlPackage(cwlFixture('series-summary.cwl'), 'yaml');
    expect(summary).toMatchObject({
      id: 'series-summary',
      version: '2.1.0',
      keywords: ['hydrology', 'csv'],
      image: 'localhost/styx/base:latest',
      cores: 1,
      ramMiB: 256,
      env: { GREETING: 'hello from the package' },
      baseCommand: ['python3'],
    });
    expect(summary.inputs.map((i) => [i.id, i.type, i.optional, i.default])).toEqual([
      ['series', 'File', false, undefined],
      ['column', 'string', true, 'water_level_m'],
    ]);
    expect(summary.outputs.map((o) => [o.id, o.type, o.optional, o.glob])).toEqual([
      ['counts', 'File', false, ['counts.json']],
      ['values', 'File[]', false, ['value-*.txt']],
      ['report', 'Directory', false, ['report']],
      ['missing', 'File', true, ['nothing-*.bin']],
    ]);
    const listing = parseCwlPackage(cwlFixture('folder-listing.cwl'), 'yaml');
    expect(listing.inputs[0]).toMatchObject({ id: 'folder', type: 'Directory' });
  });

  it('accepts JSON and a $graph holding one tool', () => {
    const tool = parseCwlPackage(
      JSON.stringify({
        cwlVersion: 'v1.2',
        $graph: [
          {
            class: 'CommandLineTool',
            id: '#water-mask',
            hints: { DockerRequirement: { dockerPull: 'localhost/styx/base:latest' } },
            baseCommand: 'true',
            inputs: [],
            outputs: [],
          },
        ],
      }),
      'json',
    );
    expect(tool.id).toBe('water-mask');
    expect(tool.cwlVersion).toBe('v1.2');
  });

  for (const { feature, cwl, named } of UNSUPPORTED) {
    it(`refuses ${feature}, naming it`, () => {
      expect(problemsOf(cwl)).toContain(named);
    });
  }

  it('lists every problem of a package at once, and refuses what is not CWL', () => {
    const message = problemsOf(`cwlVersion: v1.2
class: CommandLineTool
requirements:
  ShellCommandRequirement: {}
baseCommand: echo
stdin: in.txt
inputs: {}
outputs: {}`);
    expect(message).toContain("needs an 'id'");
    expect(message).toContain('ShellCommandRequirement');
    expect(message).toContain("'stdin'");
    expect(message).toContain('DockerRequirement');
    expect(problemsOf('cwlVersion: draft-3\nclass: CommandLineTool')).toContain(
      'cwlVersion "draft-3" is not supported',
    );
    expect(problemsOf('{ not: [yaml')).toContain('not valid YAML');
    expect(problemsOf('- just\n- a list')).toContain('must be a CWL document');
  });

  it('keeps globs inside the output folder and ids safe for URLs', () => {
    const cwl = (id: string, glob: string) => `cwlVersion: v1.2
class: CommandLineTool
id: ${id}
requirements: {DockerRequirement: {dockerPull: localhost/styx/base:latest}}
baseCommand: "true"
inputs: {}
outputs:
  out: {type: File, outputBinding: {glob: "${glob}"}}`;
    expect(problemsOf(cwl('ok', '../etc/passwd'))).toContain('must stay inside the output folder');
    expect(problemsOf(cwl('ok', '/etc/passwd'))).toContain('must stay inside the output folder');
    expect(problemsOf(cwl('"a b/../c"', 'x'))).toContain("id 'a b/../c' must be");
  });
});

describe('the CWL command line', () => {
  const tool = parseCwlPackage(cwlFixture('echo-args.cwl'), 'yaml');
  const command = (values: Record<string, unknown>) =>
    cwlCommandLine(tool, values, { series: '/inputs/series/levels.csv' }).slice(3);

  it('sorts by position, arguments before inputs at the same position, inputs by name', () => {
    expect(
      command({ series: 'x', threshold: 0.5, name: 'garonne', verbose: true, quiet: false }),
    ).toEqual([
      'first',
      '--mode',
      '--verbose',
      '--name=garonne',
      '--file',
      '/inputs/series/levels.csv',
      '0.5',
      '-k',
      'fixed',
      '-n',
      '7',
      '--joined=glued',
    ]);
  });

  it('binds optional values only when given, booleans as flags, defaults when absent', () => {
    expect(
      command({ series: 'x', threshold: 2, name: 'n', count: 3, label: 'a b', quiet: true }),
    ).toEqual([
      'first',
      '--mode',
      '--quiet',
      '--name=n',
      '--file',
      '/inputs/series/levels.csv',
      '2',
      '-k',
      'fixed',
      '-n',
      '3',
      '--joined=glued',
      '--label',
      'a b',
    ]);
  });

  it('describes a deployed process by its inputs and outputs', () => {
    const process = processFromCwl(cwlFixture('series-summary.cwl'), 'application/cwl+yaml', 'ada');
    expect(process.inputs.series?.file).toEqual({ mediaType: 'application/octet-stream' });
    expect(process.inputs.column?.optional).toBe(true);
    expect(process.outputs.values?.files).toEqual({
      glob: ['value-*.txt'],
      kind: 'File[]',
      optional: false,
    });
    expect(process.env).toMatchObject({ GREETING: 'hello from the package', HOME: '/outputs' });
    expect(process.resources).toEqual({ cpus: 1, memoryMiB: 256 });
    expect(process.jobControlOptions).toEqual(['async-execute', 'dismiss']);
    expect(process.deployedBy).toBe('ada');
  });
});

describe('output globs', () => {
  const entries = [
    { path: '.hidden.txt', directory: false },
    { path: 'a.txt', directory: false },
    { path: 'b.tif', directory: false },
    { path: 'report', directory: true },
    { path: 'report/x.txt', directory: false },
  ];
  it('match within one folder level, not hidden files, as POSIX glob does', () => {
    expect(matchOutputs(entries, ['*.txt']).map((e) => e.path)).toEqual(['a.txt']);
    expect(matchOutputs(entries, ['report/*']).map((e) => e.path)).toEqual(['report/x.txt']);
    expect(matchOutputs(entries, ['[ab].*']).map((e) => e.path)).toEqual(['a.txt', 'b.tif']);
    expect(matchOutputs(entries, ['?.tif', 'report']).map((e) => e.path)).toEqual([
      'b.tif',
      'report',
    ]);
    expect(globToRegExp('a+b(1).txt').test('a+b(1).txt')).toBe(true);
  });

  it("list a job's regular files and folders, never a symbolic link (it could point outside)", async () => {
    const root = await mkdtemp(join(tmpdir(), 'styx-outputs-'));
    try {
      await mkdir(join(root, 'report'));
      await writeFile(join(root, 'report', 'a.txt'), 'a');
      await symlink('/etc/passwd', join(root, 'passwd.txt'));
      await symlink(join(root, 'report'), join(root, 'linked'));
      expect(await listOutputs(root)).toEqual([
        { path: 'report', directory: true },
        { path: 'report/a.txt', directory: false },
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
