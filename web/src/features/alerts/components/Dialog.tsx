// A modal dialog on the native <dialog>: the browser traps focus, Escape cancels, the page behind is inert.
// Rendered into <body> so a dialog opened from a table row is not inside the row.
import { useEffect, useId, useRef } from "react";
import type { ReactNode } from "react";
import { createPortal } from "react-dom";

export function Dialog({
  title,
  onCancel,
  role = "dialog",
  children,
}: {
  title: string;
  onCancel: () => void;
  /** "alertdialog" for a prompt that needs an answer (a 409). */
  role?: "dialog" | "alertdialog";
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    // focus goes back where it was (the button that opened it) when the dialog goes away
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      if (before?.isConnected) before.focus();
    };
  }, []);
  return createPortal(
    <dialog
      ref={ref}
      className="alert-dialog"
      role={role === "alertdialog" ? "alertdialog" : undefined}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>,
    document.body,
  );
}
