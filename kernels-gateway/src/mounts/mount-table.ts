import { readFile } from 'node:fs/promises';

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  /** The optional fields of mountinfo: `shared:N`, `master:N`, … (empty when private). */
  propagation: string[];
}

/** mountinfo escapes space, tab, newline and backslash as octal (proc(5)). */
function decodeOctalEscapes(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );
}

/** `/proc/self/mountinfo` (proc(5), "mountinfo"): mount point, optional fields, " - ", type. */
export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const separator = fields.indexOf('-');
    if (separator < 6 || !fields[4]) continue;
    entries.push({
      mountPoint: decodeOctalEscapes(fields[4]),
      propagation: fields.slice(6, separator),
      fsType: fields[separator + 1] ?? '',
    });
  }
  return entries;
}

/** The mounts this process sees; the last entry for a path is the one on top. */
export async function mountAt(path: string): Promise<MountEntry | undefined> {
  const entries = parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
  return entries.findLast((entry) => entry.mountPoint === path);
}
