import type { BasketAsset } from '../schemas/basket.js';
import { parseMultihash } from './checksum.js';

/** One file a script downloads: where to, from where, and what it must be. */
export interface ScriptFile {
  path: string;
  href: string;
  size: number | null;
  algorithm: string | null;
  digest: string | null;
}

export interface ScriptContext {
  /** Whose basket, and which catalog: said in the script's header. */
  owner: string;
  catalogUrl: string;
  generatedAt: string;
}

/** The basket's downloadable assets as script entries. */
export function scriptFiles(assets: readonly BasketAsset[]): ScriptFile[] {
  return assets
    .filter((a) => a.downloadable)
    .map((a) => {
      const parsed = a.checksum ? parseMultihash(a.checksum) : undefined;
      return {
        path: a.path,
        href: a.href,
        size: a.size,
        algorithm: parsed?.algorithm ?? null,
        digest: parsed?.digest ?? null,
      };
    });
}

/** A word for the shell: single-quoted, with any ' closed, escaped and reopened. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Header lines are comments: no newline from an owner's or a catalog's name may end one. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function totalOf(files: readonly ScriptFile[]): string {
  const bytes = files.reduce((sum, f) => sum + (f.size ?? 0), 0);
  const unknown = files.filter((f) => f.size === null).length;
  return `${files.length} files, ${bytes} bytes${unknown ? ` (+${unknown} of unknown size)` : ''}`;
}

/**
 * A bash script that downloads the files with curl into the current folder: each into
 * `<path>.part`, resumed with `-C -` when the script is run again after an interruption, then
 * checked (size, and checksum when the catalog has one) and renamed. A file that fails its
 * check is downloaded once more from the start. Exits non-zero when any file failed.
 */
export function buildShellScript(files: readonly ScriptFile[], context: ScriptContext): string {
  const lines = files.map(
    (f) =>
      `get ${[
        f.path,
        f.href,
        f.size === null ? '' : String(f.size),
        f.algorithm ?? '',
        f.digest ?? '',
      ]
        .map(shellWord)
        .join(' ')}`,
  );
  return `#!/usr/bin/env bash
# The Styx basket of ${oneLine(context.owner)}: ${totalOf(files)}.
# From ${oneLine(context.catalogUrl)}, ${context.generatedAt}.
# Run it in the folder to download into:  bash download.sh
# Interrupted? Run it again: partial files are resumed (curl -C -), finished ones are kept.
set -uo pipefail
command -v curl >/dev/null || { echo "download.sh needs curl" >&2; exit 1; }

total=${files.length}
done_count=0
failed=()

size_of() { wc -c <"$1" | tr -d ' '; }

digest_of() { # algorithm file
  case $1 in
    sha256) if command -v sha256sum >/dev/null; then sha256sum "$2"; else shasum -a 256 "$2"; fi ;;
    sha512) if command -v sha512sum >/dev/null; then sha512sum "$2"; else shasum -a 512 "$2"; fi ;;
    sha1) if command -v sha1sum >/dev/null; then sha1sum "$2"; else shasum -a 1 "$2"; fi ;;
    md5) if command -v md5sum >/dev/null; then md5sum "$2"; else md5 -r "$2"; fi ;;
  esac | cut -d' ' -f1
}

valid() { # file size algorithm digest
  [[ -f $1 ]] || return 1
  if [[ -n $2 && $(size_of "$1") != "$2" ]]; then return 1; fi
  if [[ -n $3 && $(digest_of "$3" "$1") != "$4" ]]; then return 1; fi
  return 0
}

fetch() { # url part
  curl --fail --location --retry 3 --continue-at - --output "$2" "$1"
}

get() { # path url size algorithm digest
  local path=$1 url=$2 size=$3 algorithm=$4 digest=$5 part="$1.part"
  done_count=$((done_count + 1))
  if valid "$path" "$size" "$algorithm" "$digest"; then
    echo "[$done_count/$total] $path: already here"
    return
  fi
  echo "[$done_count/$total] $path\${size:+ ($size bytes)}"
  mkdir -p "$(dirname "$path")"
  # A part longer than the file cannot be resumed.
  if [[ -n $size && -f $part && $(size_of "$part") -gt $size ]]; then rm -f "$part"; fi
  if [[ -z $size || ! -f $part || $(size_of "$part") -lt $size ]]; then
    if ! fetch "$url" "$part"; then
      echo "  FAILED: $path (run the script again to resume it)" >&2
      failed+=("$path")
      return
    fi
  fi
  if ! valid "$part" "$size" "$algorithm" "$digest"; then
    echo "  $path does not match its \${algorithm:-size}; downloading it again from the start" >&2
    rm -f "$part"
    fetch "$url" "$part" || true
  fi
  if valid "$part" "$size" "$algorithm" "$digest"; then
    mv -f "$part" "$path"
    echo "  ok\${algorithm:+ ($algorithm checked)}"
  else
    echo "  FAILED: $path" >&2
    failed+=("$path")
  fi
}

${lines.join('\n')}

if ((\${#failed[@]} > 0)); then
  echo "\${#failed[@]} of $total files failed: \${failed[*]}" >&2
  exit 1
fi
echo "all $total files downloaded and checked"
`;
}

/**
 * A Python 3 script (standard library only) that downloads the files into the current folder
 * with progress, resuming a `<path>.part` with an HTTP Range request guarded by If-Range (the
 * ETag saved beside it), so that a file changed on the server is downloaded afresh instead of
 * being spliced; then checks size and checksum and renames it.
 */
export function buildPythonScript(files: readonly ScriptFile[], context: ScriptContext): string {
  // A JSON string literal is also a valid Python string literal.
  const data = JSON.stringify(JSON.stringify(files));
  return `#!/usr/bin/env python3
# The Styx basket of ${oneLine(context.owner)}: ${totalOf(files)}.
# From ${oneLine(context.catalogUrl)}, ${context.generatedAt}.
# Run it in the folder to download into:  python3 download.py
# Interrupted? Run it again: partial files are resumed (HTTP Range), finished ones are kept.
import hashlib
import json
import os
import sys
import urllib.error
import urllib.request

FILES = json.loads(${data})
CHUNK = 1 << 20


def digest_of(algorithm, path):
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def valid(path, entry):
    if not os.path.isfile(path):
        return False
    if entry["size"] is not None and os.path.getsize(path) != entry["size"]:
        return False
    if entry["algorithm"] and digest_of(entry["algorithm"], path) != entry["digest"]:
        return False
    return True


def show(path, got, total):
    if total:
        sys.stderr.write("\\r  %s: %d / %d bytes (%d%%)" % (path, got, total, got * 100 // total))
    else:
        sys.stderr.write("\\r  %s: %d bytes" % (path, got))
    sys.stderr.flush()


def fetch(entry, part):
    """Downloads into part, resuming it when the server still has the same file."""
    etag_file = part + ".etag"
    have = os.path.getsize(part) if os.path.isfile(part) else 0
    etag = open(etag_file).read().strip() if have and os.path.isfile(etag_file) else ""
    if entry["size"] is not None and have > entry["size"]:
        have = 0
    request = urllib.request.Request(entry["href"])
    if have and etag:
        request.add_header("Range", "bytes=%d-" % have)
        request.add_header("If-Range", etag)
    try:
        response = urllib.request.urlopen(request, timeout=60)
    except urllib.error.HTTPError as error:
        if error.code == 416 and entry["size"] == have:
            return  # the part is complete already
        raise
    with response:
        resumed = response.status == 206
        if not resumed:
            have = 0  # the server sent the whole file (changed, or no ranges)
        new_etag = response.headers.get("ETag")
        if new_etag:
            with open(etag_file, "w") as f:
                f.write(new_etag)
        length = response.headers.get("Content-Length")
        total = have + int(length) if length else entry["size"]
        with open(part, "ab" if resumed else "wb") as out:
            got = have
            for block in iter(lambda: response.read(CHUNK), b""):
                out.write(block)
                got += len(block)
                show(entry["path"], got, total)
    sys.stderr.write("\\n")


def main():
    failed = []
    for n, entry in enumerate(FILES, 1):
        path, part = entry["path"], entry["path"] + ".part"
        if valid(path, entry):
            print("[%d/%d] %s: already here" % (n, len(FILES), path))
            continue
        print("[%d/%d] %s" % (n, len(FILES), path))
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        ok = False
        for attempt in range(2):
            try:
                fetch(entry, part)
            except (OSError, urllib.error.URLError) as error:
                # The part stays: running the script again resumes it.
                print("  %s: %s (run the script again to resume it)" % (path, error), file=sys.stderr)
                break
            if valid(part, entry):
                os.replace(part, path)
                if os.path.exists(part + ".etag"):
                    os.remove(part + ".etag")
                print("  ok" + (" (%s checked)" % entry["algorithm"] if entry["algorithm"] else ""))
                ok = True
                break
            print("  %s does not match; downloading it again from the start" % path, file=sys.stderr)
            for stale in (part, part + ".etag"):
                if os.path.exists(stale):
                    os.remove(stale)
        if not ok:
            print("  FAILED: %s" % path, file=sys.stderr)
            failed.append(path)
    if failed:
        print("%d of %d files failed: %s" % (len(failed), len(FILES), " ".join(failed)), file=sys.stderr)
        return 1
    print("all %d files downloaded and checked" % len(FILES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;
}
