// Saving bytes the app fetched (a feed, an export) as a file. A plain link cannot do it: the API wants the
// session's bearer token, which a browser following a link does not send.

/** Hand ``blob`` to the browser as a download named ``name``. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // the download has started from the object URL by now; free it a moment later
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
