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
