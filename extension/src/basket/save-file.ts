import { type DownloadSink, memorySink } from './download-stream.js';

/** Hands a downloaded file to the browser's own download (a link with `download`, clicked). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken its copy once the click's task has run.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The File System Access API's picker (Chromium-based browsers; not in the DOM typings yet). */
type SaveFilePicker = (options: {
  suggestedName: string;
  types: Array<{ description: string; accept: Record<string, string[]> }>;
}) => Promise<{ createWritable(): Promise<FileSystemWritableFileStream> }>;

/**
 * Where a download is saved, asked of the user first (call it straight from the click, while
 * the browser still counts it as the user's gesture):
 * - where the browser has a save picker (Chromium, Edge), the file the user picks, written as
 *   the bytes arrive: a basket of many gigabytes never sits in the page's memory;
 * - elsewhere (Firefox, Safari), memory, then the browser's own download of the whole file.
 * Null when the user cancelled the picker: nothing is downloaded.
 */
export async function chooseDownloadSink(
  name: string,
  type: string,
  description: string,
): Promise<DownloadSink | null> {
  const inMemory = () => memorySink(type, (blob) => saveFile(blob, name));
  const picker = (window as unknown as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  if (!picker) return inMemory();
  let writable: FileSystemWritableFileStream;
  try {
    const extension = name.slice(name.lastIndexOf('.'));
    const handle = await picker({
      suggestedName: name,
      types: [{ description, accept: { [type]: [extension] } }],
    });
    writable = await handle.createWritable();
  } catch (error) {
    if ((error as Error).name === 'AbortError') return null;
    // A picker the page may not use (a cross-origin frame, a policy): the fallback.
    return inMemory();
  }
  return {
    write: (chunk) => writable.write(chunk as BufferSource),
    close: () => writable.close(),
    abort: (reason) => writable.abort(reason),
  };
}
