import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MountRecord } from '../mount-record.js';
import type { PublicMountSource } from '../mount-request.js';
import type { MountDriver } from './mount-driver.js';

type PublicS3Source = Extract<PublicMountSource, { kind: 's3' }>;

export const FSSPEC_DESCRIPTION = 'styx-mount.json';
const README = 'README.md';

/** s3fs's `storage_options` for the source: what `fsspec.open(url, **options)` takes. */
export function fsspecStorageOptions(source: PublicS3Source): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (source.anonymous) options.anon = true;
  if (source.endpoint) options.endpoint_url = source.endpoint;
  if (source.region) options.client_kwargs = { region_name: source.region };
  return options;
}

/** The description a kernel reads (styx-mount.json): never any credential. */
export function fsspecDescription(record: MountRecord & { source: PublicS3Source }) {
  return {
    name: record.name,
    driver: 'fsspec',
    protocol: 's3',
    url: record.source.url,
    storage_options: fsspecStorageOptions(record.source),
    credentials: record.source.anonymous ? 'none (public data)' : 'yours: not stored here',
    ...(record.stac ? { stac: record.stac } : {}),
  };
}

export function fsspecReadme(record: MountRecord & { source: PublicS3Source }): string {
  const options = JSON.stringify(fsspecStorageOptions(record.source));
  const credentials = record.source.anonymous
    ? 'The data is public: no credentials are needed.'
    : 'Your credentials are not stored here: add `key=` and `secret=` to the options, or set ' +
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the kernel.';
  return `# ${record.name}: ${record.source.url}

This data is not copied here and could not be mounted as files (this server cannot use FUSE).
Open it lazily from Python with fsspec and s3fs; only the bytes you read are fetched:

\`\`\`python
import json, fsspec
options = ${options}
fs = fsspec.filesystem("s3", **options)
fs.ls("${record.source.url}")
with fs.open("${record.source.url}/<file>") as f:
    header = f.read(1024)
\`\`\`

The same settings are in \`${FSSPEC_DESCRIPTION}\` next to this file, for programs.
${credentials}
`;
}

/** Where FUSE is impossible: a directory that tells the kernel how to open the data itself. */
export class FsspecDriver implements MountDriver {
  async mount(record: MountRecord): Promise<void> {
    const s3 = s3Record(record);
    await mkdir(record.mountPoint, { mode: 0o755 });
    await writeFile(join(record.mountPoint, README), fsspecReadme(s3), { mode: 0o644 });
    await writeFile(
      join(record.mountPoint, FSSPEC_DESCRIPTION),
      `${JSON.stringify(fsspecDescription(s3), null, 2)}\n`,
      { mode: 0o644 },
    );
  }

  async isMounted(record: MountRecord): Promise<boolean> {
    const text = await readFile(join(record.mountPoint, FSSPEC_DESCRIPTION), 'utf8').catch(
      () => undefined,
    );
    return text?.includes(JSON.stringify(s3Record(record).source.url)) ?? false;
  }

  async unmount(record: MountRecord): Promise<void> {
    await rm(join(record.mountPoint, README), { force: true });
    await rm(join(record.mountPoint, FSSPEC_DESCRIPTION), { force: true });
    // Files the user has added since are theirs: the directory then stays.
    await rmdir(record.mountPoint).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT' && error.code !== 'ENOTEMPTY') throw error;
    });
  }

  hostPath(record: MountRecord): string {
    return record.mountPoint;
  }
}

function s3Record(record: MountRecord): MountRecord & { source: PublicS3Source } {
  if (record.source.kind !== 's3') throw new Error('the fsspec driver serves S3 sources only');
  return record as MountRecord & { source: PublicS3Source };
}
