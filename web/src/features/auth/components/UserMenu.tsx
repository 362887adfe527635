import { navigate } from "../../../lib/router";
import { signOut } from "../api/auth";
import { useSession } from "../hooks/useSession";

/** The signed-in analyst, their role, and sign-out. */
export function UserMenu() {
  const current = useSession();
  if (!current) return null;
  return (
    <div className="user-menu">
      <span>
        <span className="visually-hidden">Signed in as </span>
        <strong>{current.user.name}</strong> <span className="role">({current.user.role})</span>
      </span>
      <button
        type="button"
        onClick={() => {
          void signOut().then(() => navigate("/signin", { replace: true }));
        }}
      >
        Sign out
      </button>
    </div>
  );
}
