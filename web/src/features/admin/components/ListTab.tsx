import { useId, useState } from "react";
import type { MouseEvent } from "react";

import { describeError } from "../../../api";
import { DataState } from "../../../components/DataState";
import { saveBlob } from "../../../lib/download";
import { formatTime, relativeTime } from "../../../lib/format";
import { useAsync } from "../../../lib/useAsync";
import { addEntry, ENTRY_TYPES, feedPath, fetchFeed, listEntries, removeEntry } from "../api/lists";
import type { Entry, EntryFilter, EntryType, FeedFormat, ListName } from "../api/lists";
import { isForbidden } from "../hooks/access";
import { pageInfo } from "../hooks/audit";
import { computeExpiry, entryState, EXPIRY_CHOICES, localInputValue } from "../hooks/expiry";
import type { ExpiryChoice } from "../hooks/expiry";
import { useCheckedSubmit } from "../hooks/useCheckedSubmit";
import { guessType, listValueError, valueHint } from "../hooks/validation";
import { AdminOnly, ConfirmButton, NoticeLine, Pager, SelectField, TextField } from "./Controls";
import type { Notice } from "./Controls";

const PAGE = 100;

const TYPE_LABELS: Record<EntryType, string> = {
  ip: "IP address",
  cidr: "Network (CIDR)",
  domain: "Domain",
  user: "User name",
  hash: "File hash",
};

const TITLES: Record<ListName, { title: string; about: string }> = {
  watchlist: {
    title: "Watchlist",
    about: "Values to keep an eye on: events that mention one raise an alert.",
  },
  blocklist: {
    title: "Blocklist",
    about: "Values firewalls and proxies block: they poll the feeds below.",
  },
};

/** The watchlist or the blocklist: entries, adding and removing them, and the feeds devices poll. */
export function ListTab({ list, me }: { list: ListName; me: { name: string } }) {
  const { title, about } = TITLES[list];
  const [type, setType] = useState<EntryType | "">("");
  const [text, setText] = useState("");
  const [value, setValue] = useState("");
  const [includeExpired, setIncludeExpired] = useState(true);
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<Notice | null>(null);
  const ids = { type: useId(), value: useId(), expired: useId() };

  const query: EntryFilter = { limit: PAGE, offset, include_expired: includeExpired };
  if (type) query.type = type;
  if (value) query.value = value;
  const entries = useAsync((signal) => listEntries(list, query, signal), [list, type, value, includeExpired, offset]);

  if (isForbidden(entries.error)) return <AdminOnly name={me.name} />;

  async function remove(entry: Entry) {
    try {
      await removeEntry(list, entry.id);
      setNotice({ kind: "ok", text: `Removed ${entry.value} from the ${list}.` });
      entries.reload();
    } catch (error) {
      setNotice({ kind: "error", text: describeError(error) });
    }
  }

  const now = Date.now();
  return (
    <section aria-labelledby={`admin-${list}-title`}>
      <h2 id={`admin-${list}-title`}>{title}</h2>
      <p className="hint">{about}</p>
      <AddEntryForm
        list={list}
        onAdded={(entry, refreshed) => {
          setNotice({
            kind: "ok",
            text: refreshed
              ? `${entry.value} was listed already: its reason and expiry were updated.`
              : `Added ${entry.value} to the ${list}.`,
          });
          entries.reload();
        }}
      />
      <Feeds list={list} onFail={(error) => setNotice({ kind: "error", text: `feed download: ${describeError(error)}` })} />
      <NoticeLine notice={notice} />
      <form
        className="filters"
        role="search"
        aria-label={`Filter the ${list}`}
        onSubmit={(event) => {
          event.preventDefault();
          setOffset(0);
          setValue(text.trim());
        }}
      >
        <label htmlFor={ids.type}>Type</label>
        <select
          id={ids.type}
          value={type}
          onChange={(event) => {
            setOffset(0);
            setType(event.target.value as EntryType | "");
          }}
        >
          <option value="">All types</option>
          {ENTRY_TYPES.map((kind) => (
            <option key={kind} value={kind}>
              {TYPE_LABELS[kind]}
            </option>
          ))}
        </select>
        <label htmlFor={ids.value}>Value contains</label>
        <input id={ids.value} type="search" value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit">Filter</button>
        <input
          id={ids.expired}
          type="checkbox"
          checked={includeExpired}
          onChange={(event) => {
            setOffset(0);
            setIncludeExpired(event.target.checked);
          }}
        />
        <label htmlFor={ids.expired}>Show expired entries</label>
      </form>
      <DataState
        what={`the ${list}`}
        loading={entries.loading}
        error={entries.error}
        data={entries.data}
        onRetry={entries.reload}
        isEmpty={(page) => page.entries.length === 0}
        empty={type || value ? "No entry matches these filters." : `The ${list} is empty.`}
      >
        {(page) => {
          const info = pageInfo(offset, PAGE, page.entries.length, page.total);
          return (
            <>
              <table className="grid admin-table" aria-label={title} aria-busy={entries.loading}>
                <thead>
                  <tr>
                    <th scope="col">Value</th>
                    <th scope="col">Type</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Source</th>
                    <th scope="col">Created</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {page.entries.map((entry) => {
                    const state = entryState(entry, now);
                    return (
                      <tr key={entry.id} className={state === "expired" ? "admin-row-disabled" : undefined}>
                        <th scope="row" className="mono admin-value">
                          {entry.value}
                        </th>
                        <td>{TYPE_LABELS[entry.type]}</td>
                        <td className="pre admin-wrap">{entry.reason || <span className="meta">—</span>}</td>
                        <td>
                          {entry.source || "—"}
                          {entry.actor && <div className="meta">by {entry.actor}</div>}
                        </td>
                        <td>
                          <time dateTime={entry.created}>{formatTime(entry.created)}</time>
                        </td>
                        <td>
                          {state === "never" ? (
                            "Never"
                          ) : (
                            <>
                              <time dateTime={entry.expires ?? undefined}>{formatTime(entry.expires)}</time>{" "}
                              {state === "expired" ? (
                                <span className="badge admin-state-off">expired</span>
                              ) : (
                                <span className="meta">({relativeTime(entry.expires, now)})</span>
                              )}
                            </>
                          )}
                        </td>
                        <td>
                          <ConfirmButton
                            label={`Remove ${entry.value}`}
                            question={`Remove ${entry.value} from the ${list}?`}
                            confirm="Remove"
                            onConfirm={() => remove(entry)}
                          >
                            Remove
                          </ConfirmButton>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <Pager
                what="entries"
                one="entry"
                from={info.from}
                to={info.to}
                total={page.total}
                onPrevious={info.previous === null ? null : () => setOffset(info.previous ?? 0)}
                onNext={info.next === null ? null : () => setOffset(info.next ?? 0)}
              />
            </>
          );
        }}
      </DataState>
    </section>
  );
}

function Feeds({ list, onFail }: { list: ListName; onFail: (error: unknown) => void }) {
  const [busy, setBusy] = useState<FeedFormat | null>(null);

  async function download(event: MouseEvent<HTMLAnchorElement>, format: FeedFormat) {
    // the feed wants the session's token, which a plain link cannot send: fetch it, then save the bytes
    event.preventDefault();
    if (busy) return;
    setBusy(format);
    try {
      saveBlob(await fetchFeed(list, format), `${list}.${format}`);
    } catch (error) {
      onFail(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <p className="admin-feeds">
      <span>Feeds (every unexpired entry):</span>{" "}
      {(["txt", "json"] as const).map((format) => (
        <a
          key={format}
          className="button"
          href={feedPath(list, format)}
          download={`${list}.${format}`}
          aria-busy={busy === format}
          onClick={(event) => void download(event, format)}
        >
          {format === "txt" ? "Text feed" : "JSON feed"} ({list}.{format})
        </a>
      ))}
      <span className="meta"> Devices poll these URLs with a viewer API key.</span>
    </p>
  );
}

function AddEntryForm({ list, onAdded }: { list: ListName; onAdded: (entry: Entry, refreshed: boolean) => void }) {
  const [value, setValue] = useState("");
  const [type, setType] = useState<EntryType>("ip");
  const [typeChosen, setTypeChosen] = useState(false);
  const [reason, setReason] = useState("");
  const [choice, setChoice] = useState<ExpiryChoice>("7d");
  const [date, setDate] = useState("");
  const ids = { date: useId(), dateError: useId(), preview: useId() };
  const form = useCheckedSubmit(
    () => !listValueError(type, value) && computeExpiry(choice, date, new Date()).ok,
    async () => {
      const when = computeExpiry(choice, date, new Date());
      if (!when.ok) return;
      const entry = await addEntry(list, { type, value: value.trim(), reason: reason.trim(), expires: when.expires });
      // a value listed already is refreshed in place (the server answers 200, not 201): its version moved on
      onAdded(entry, entry.version > 1);
      setValue("");
      setReason("");
      setTypeChosen(false);
      form.uncheck();
    },
  );
  const { checked } = form;

  const now = new Date();
  const expiry = computeExpiry(choice, date, now);
  const valueError = checked ? listValueError(type, value) : undefined;
  const expiryError = checked && !expiry.ok ? expiry.error : undefined;

  return (
    <form className="panel admin-form" aria-label={`Add to the ${list}`} onSubmit={form.submit} noValidate>
      <h3>Add to the {list}</h3>
      <div className="admin-form-fields">
        <TextField
          label="Value"
          className="mono"
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            if (!typeChosen) setType(guessType(event.target.value));
          }}
          error={valueError}
          hint={`Expected: ${valueHint(type)}.`}
          autoComplete="off"
          spellCheck={false}
        />
        <SelectField
          label="Type"
          value={type}
          options={ENTRY_TYPES.map((kind) => ({ value: kind, label: TYPE_LABELS[kind] }))}
          onChange={(kind) => {
            setType(kind);
            setTypeChosen(true);
          }}
        />
        <TextField label="Reason" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={2000} />
        <SelectField
          label="Expires"
          value={choice}
          options={EXPIRY_CHOICES.map((item) => ({ value: item.id, label: item.label }))}
          onChange={setChoice}
        />
        {choice === "date" && (
          <div className="admin-field">
            <label htmlFor={ids.date}>Expiry date and time</label>
            <input
              id={ids.date}
              type="datetime-local"
              value={date}
              min={localInputValue(now)}
              onChange={(event) => setDate(event.target.value)}
              aria-invalid={expiryError ? true : undefined}
              aria-describedby={expiryError ? ids.dateError : undefined}
            />
            {expiryError && (
              <span id={ids.dateError} className="field-error">
                {expiryError}
              </span>
            )}
          </div>
        )}
        <div className="admin-field admin-field-button">
          <button type="submit" className="primary" disabled={form.busy}>
            Add
          </button>
        </div>
      </div>
      <p className="hint" id={ids.preview}>
        {expiry.ok
          ? expiry.at
            ? `Expires around ${formatTime(expiry.at.toISOString())}.`
            : "Never expires: remove it when it is no longer needed."
          : choice === "date" && !checked
            ? "Pick when it expires."
            : ""}{" "}
        Listing a value already listed updates its reason and expiry.
      </p>
      {form.error && (
        <p className="error" role="alert">
          {form.error}
        </p>
      )}
    </form>
  );
}
