import { useEffect, useRef, useState } from "react";

import type { NewApiKey } from "../api/admin";

/**
 * The one time a key's secret is shown: the server keeps only its hash, so once this dialog closes the key
 * can only be revoked and replaced. A modal <dialog>: focus stays inside it until it is closed.
 */
export function NewKeyDialog({ created, onClose }: { created: NewApiKey; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const secret = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");

  useEffect(() => {
    const element = dialog.current;
    // no close() on cleanup: the element leaving the page ends the modal, and a close event fired by a
    // StrictMode re-run would dismiss the secret before anyone saw it
    if (element && !element.open) element.showModal();
  }, []);

  function selectSecret() {
    const node = secret.current;
    const selection = window.getSelection();
    if (!node || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("yes");
    } catch {
      // no clipboard access (an insecure origin, a denied permission): leave the key selected for Ctrl+C
      selectSecret();
      setCopied("failed");
    }
  }

  return (
    <dialog
      ref={dialog}
      className="admin-dialog"
      aria-labelledby="new-key-title"
      aria-describedby="new-key-warning"
      onClose={onClose}
    >
      <h2 id="new-key-title">API key “{created.apikey.name}” created</h2>
      <p id="new-key-warning" className="warning">
        Copy this key now. It will not be shown again: MozDef keeps only a hash of it. If it is lost, revoke it and
        create another.
      </p>
      <p className="admin-secret-line">
        {/* the first focusable element, so showModal() focuses it: the key arrives selected, ready for Ctrl+C */}
        <code ref={secret} className="mono admin-secret" data-testid="new-key-secret" onFocus={selectSecret} tabIndex={0}>
          {created.key}
        </code>
      </p>
      <p className="meta">
        Role {created.apikey.role}; id <span className="mono">{created.apikey.id}</span>. Send it as{" "}
        <span className="mono">Authorization: Bearer &lt;key&gt;</span>.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={() => dialog.current?.close()}>
          Done
        </button>
        <span role="status" className={copied === "failed" ? "error" : "hint"}>
          {copied === "yes"
            ? "Copied to the clipboard."
            : copied === "failed"
              ? "Could not copy: the key is selected, press Ctrl+C (⌘C)."
              : ""}
        </span>
      </div>
    </dialog>
  );
}
