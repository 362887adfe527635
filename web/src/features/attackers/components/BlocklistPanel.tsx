import { useId, useState } from "react";

import { describeError } from "../../../api";
import { saveBlob } from "../../../lib/download";
import { formatCount } from "../../../lib/format";
import { downloadFeedText } from "../api/attackers";
import { countAddresses, curlCommands, DEFAULT_FEED_MIN_SCORE, FEED_KEY_COMMAND, feedFileName, feedMinScore, feedUrl } from "../hooks/feed";

/**
 * The plain-text attackers feed: saved from here with this analyst's session, and the URL and commands a
 * firewall uses to poll it with an API key of its own. A link would not do: the feed needs credentials,
 * and a browser following a link sends none.
 */
export function BlocklistPanel() {
  const [minScoreText, setMinScoreText] = useState(String(DEFAULT_FEED_MIN_SCORE));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const ids = { title: useId(), score: useId(), url: useId() };
  const minScore = feedMinScore(minScoreText);
  const url = feedUrl(window.location.origin, minScore);
  const curl = curlCommands(url);

  async function download() {
    setBusy(true);
    setResult(null);
    try {
      const text = await downloadFeedText(minScore);
      const name = feedFileName(minScore, new Date());
      saveBlob(new Blob([text], { type: "text/plain;charset=utf-8" }), name);
      const count = countAddresses(text);
      setResult({ ok: true, text: `Saved ${name}: ${formatCount(count)} address${count === 1 ? "" : "es"}.` });
    } catch (error) {
      setResult({ ok: false, text: `Could not download the blocklist: ${describeError(error)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel blocklist" aria-labelledby={ids.title}>
      <h2 id={ids.title}>Blocklist feed</h2>
      <p className="hint">
        Every address of every attacker scoring at least the minimum, one per line, highest score first. An
        attacker leaves the feed once its score decays below the minimum.
      </p>
      <div className="actions">
        <label htmlFor={ids.score}>Feed minimum score</label>
        <input
          id={ids.score}
          type="number"
          min={0}
          step="any"
          className="narrow"
          value={minScoreText}
          onChange={(event) => setMinScoreText(event.target.value)}
        />
        <button type="button" className="primary" onClick={() => void download()} disabled={busy}>
          {busy ? "Downloading…" : "Download blocklist (text)"}
        </button>
      </div>
      <p role="status" className={result && !result.ok ? "error" : "hint"}>
        {result?.text ?? ""}
      </p>
      <dl className="fields">
        <dt id={ids.url}>Feed URL</dt>
        <dd>
          <code className="mono" aria-labelledby={ids.url} data-testid="attackers-feed-url">
            {url}
          </code>
        </dd>
      </dl>
      <p>
        Firewalls and proxies fetch the feed with an API key of the <strong>viewer</strong> role, sent as a
        bearer token (or as the password of HTTP Basic authentication, for devices that only do that). Make
        one with <code className="mono">{FEED_KEY_COMMAND}</code> (an administrator can also make one under Admin) and poll:
      </p>
      <pre className="mono command" aria-label="curl command with a bearer API key">
        <code>{curl.bearer}</code>
      </pre>
      <pre className="mono command" aria-label="curl command with the API key as a Basic password">
        <code>{curl.basic}</code>
      </pre>
      <p className="hint">
        <code>/api/v1/attackers.json</code> answers the same with each address's profile, score, last seen and
        phase.
      </p>
    </section>
  );
}
