import type { PresenceUser } from "../../../lib/live";

/** Who else has this case open, and who is editing it. */
export function PresenceList({ users, me, noun }: { users: PresenceUser[]; me: string | null; noun: string }) {
  const others = users.filter((user) => user.name !== me);
  return (
    <section className="presence" aria-label="Other analysts here" aria-live="polite">
      {others.length === 0 ? (
        <span className="hint">No one else has this {noun} open.</span>
      ) : (
        <ul>
          {others.map((user) => (
            <li key={user.name} className={`presence-${user.state}`} data-testid="presence-user">
              <span className="presence-avatar" aria-hidden="true">
                {user.name.slice(0, 1).toUpperCase()}
              </span>{" "}
              {user.name} 
              <span className="hint">is {user.state}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
