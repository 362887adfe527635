import { useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";

import { Chart } from "../../../components/Chart";
import { DataState } from "../../../components/DataState";
import { formatCount, formatTime, relativeTime } from "../../../lib/format";
import { href } from "../../../lib/router";
import type { Health } from "../api/metrics";
import { formatRate } from "../hooks/eventRates";
import {
  describeArchive,
  describeDeadLetters,
  describeLag,
  describeLagHistory,
  describeLastEvent,
  describeRates,
  describeRuleRuns,
  describeStatus,
  STATUS_WORDS,
} from "../hooks/healthWords";
import type { LagSample } from "../hooks/healthWords";
import { HEALTH_POLL_MS, useHealth } from "../hooks/useHealth";
import { sparklineOption } from "./chartOptions";
import { Panel, ShowData } from "./Panel";

const DEADLETTER_SEARCH = "/search?index=deadletter";

export function HealthPanel({ reload }: { reload: number }) {
  const health = useHealth();
  const now = useNow(5000);
  // the page's Refresh button asks for fresh health too (not on the first render: the poll just did)
  const { refresh } = health;
  const seen = useRef(reload);
  useEffect(() => {
    if (seen.current === reload) return;
    seen.current = reload;
    refresh();
  }, [reload, refresh]);
  return (
    <Panel
      title="Pipeline health"
      actions={
        <div className="actions">
          <span className="meta" aria-live="off">
            {health.updatedAt
              ? `Updated ${relativeTime(new Date(health.updatedAt).toISOString(), now)}; refreshes every ${HEALTH_POLL_MS / 1000} s while this tab is visible.`
              : `Refreshes every ${HEALTH_POLL_MS / 1000} s while this tab is visible.`}
          </span>
          <button type="button" onClick={health.refresh}>
            Refresh health
          </button>
        </div>
      }
    >
      {!health.data && !health.loading && !health.error && <p className="hint">Paused while this tab is hidden.</p>}
      <DataState what="pipeline health" loading={health.loading} error={health.error} data={health.data} onRetry={health.refresh}>
        {(data) => <HealthBody health={data} history={health.history} now={now} />}
      </DataState>
    </Panel>
  );
}

/** The clock, ticking every ``ms``, so "2 min ago" stays true between polls. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

function HealthBody({ health, history, now }: { health: Health; history: LagSample[]; now: number }) {
  const status = describeStatus(health);
  const minute = health.rates?.last_minute;
  const hour = health.rates?.last_hour;
  return (
    <>
      <div className={`health-status health-${health.status}`} data-testid="metrics-health-status">
        <p role="status">
          <span className={`badge health-badge health-badge-${health.status}`}>{STATUS_WORDS[health.status]}</span>{" "}
          {status.headline}
        </p>
        {status.reasons.length > 0 && (
          <ul className="health-reasons" aria-label="Reasons">
            {status.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
      </div>

      <div className="cards" role="list" aria-label="Pipeline figures">
        <Card label="In, last minute" value={minute ? `${formatRate(minute.in_per_s)}/s` : "–"} />
        <Card label="Indexed, last minute" value={minute ? `${formatRate(minute.out_per_s)}/s` : "–"} />
        <Card label="In, last hour" value={hour ? `${formatRate(hour.in_per_s)}/s` : "–"} />
        <Card label="Consumer lag" value={`${formatCount(health.lag.total)} messages`} />
        <Card
          label="Dead letters, last hour"
          value={health.deadletters ? formatCount(health.deadletters.last_hour) : "–"}
          extra={<a href={href(DEADLETTER_SEARCH)}>Search dead letters</a>}
        />
      </div>
      <p>
        {describeRates(health.rates)} {describeLastEvent(health.rates, now)}
      </p>

      <div className="metrics-columns">
        <div className="metrics-block">
          <h3>Consumer lag</h3>
          <p>{describeLag(health.lag)}</p>
          <LagSparkline history={history} />
          {health.lag.stages.length > 0 && (
            <div className="metrics-scroll">
              <table className="grid">
                <caption className="visually-hidden">Consumer lag per stage</caption>
                <thead>
                  <tr>
                    <th scope="col">Stage</th>
                    <th scope="col">Group</th>
                    <th scope="col" className="num">
                      Messages behind
                    </th>
                    <th scope="col">Partitions</th>
                  </tr>
                </thead>
                <tbody>
                  {health.lag.stages.map((stage) => (
                    <tr key={`${stage.stage}/${stage.group}`}>
                      <th scope="row">{stage.stage}</th>
                      <td className="mono">{stage.group}</td>
                      <td className="num">{formatCount(stage.total)}</td>
                      <td className="mono">
                        {stage.partitions.map((part) => `${part.topic}[${part.partition}]: ${part.lag}`).join(", ") || "–"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>

        <div className="metrics-block">
          <h3>Errors</h3>
          <Errors health={health} />
          <h3>Dead letters</h3>
          <p>
            {describeDeadLetters(health.deadletters)} <a href={href(DEADLETTER_SEARCH)}>Search the dead letters</a>
          </p>
          <h3>Rule runs</h3>
          <p>{describeRuleRuns(health.rule_runs, now)}</p>
          <h3>Archive</h3>
          <p>{describeArchive(health.last_archive, now)}</p>
        </div>
      </div>

      <h3>Stores</h3>
      <StoreTable health={health} />
      <p className="meta">
        Answer generated <time dateTime={health.generated_at}>{formatTime(health.generated_at)}</time>.
      </p>
    </>
  );
}

function Card({ label, value, extra }: { label: string; value: string; extra?: ReactNode }) {
  return (
    <div className="card" role="listitem">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {extra && <div className="meta">{extra}</div>}
    </div>
  );
}

function Errors({ health }: { health: Health }) {
  const failing = health.rule_runs?.failing ?? [];
  const storeError = !health.store.reachable || health.store.error;
  const stateError = !health.state.reachable || health.state.error;
  if (!storeError && !stateError && failing.length === 0) return <p>No errors: both stores answer and no scheduled rule is failing.</p>;
  return (
    <>
      {storeError && (
        <p className="error">
          Event store {health.store.reachable ? "error" : "unreachable"}: {health.store.error ?? "no detail"}
        </p>
      )}
      {stateError && (
        <p className="error">
          State store {health.state.reachable ? "error" : "unreachable"}: {health.state.error ?? "no detail"}
        </p>
      )}
      {failing.length > 0 && (
        <div className="metrics-scroll">
          <table className="grid">
            <caption>Scheduled rules whose last run failed</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col" className="num">
                  Failures
                </th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {failing.map((rule) => (
                <tr key={rule.id}>
                  <th scope="row">
                    <a href={href(`/rules/${encodeURIComponent(rule.id)}`)}>{rule.id}</a>
                  </th>
                  <td className="num">{rule.failures ?? 0}</td>
                  <td>
                    <span className="pre">{rule.last_error ?? "–"}</span>
                    {rule.last_error_at && (
                      <span className="meta">
                        {" "}
                        (<time dateTime={rule.last_error_at}>{formatTime(rule.last_error_at)}</time>)
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function StoreTable({ health }: { health: Health }) {
  const families = Object.entries(health.store.families ?? {});
  return (
    <>
      <p>
        Event store: <strong>{health.store.reachable ? "reachable" : "unreachable"}</strong>; state store:{" "}
        <strong>{health.state.reachable ? "reachable" : "unreachable"}</strong>.
      </p>
      {families.length > 0 && (
        <div className="metrics-scroll">
          <table className="grid">
            <caption className="visually-hidden">Event store families</caption>
            <thead>
              <tr>
                <th scope="col">Family</th>
                <th scope="col" className="num">
                  Daily indices
                </th>
                <th scope="col" className="num">
                  Documents
                </th>
                <th scope="col">Oldest day</th>
                <th scope="col">Newest day</th>
              </tr>
            </thead>
            <tbody>
              {families.map(([name, family]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td className="num">{formatCount(family.indices)}</td>
                  <td className="num">{formatCount(family.documents)}</td>
                  <td>{family.oldest_day ?? "–"}</td>
                  <td>{family.newest_day ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function LagSparkline({ history }: { history: LagSample[] }) {
  const option = useMemo(
    () =>
      sparklineOption(
        history.map((sample) => sample.at),
        history.map((sample) => sample.total),
        "Messages behind",
      ),
    [history],
  );
  const summary = describeLagHistory(history);
  return (
    <div className="sparkline">
      <p className="meta">{summary}</p>
      {history.length > 1 && (
        <>
          <Chart option={option} label="Total consumer lag over this visit's polls (summary above, data below)" height={70} testId="metrics-lag-sparkline" />
          <ShowData
            caption="Total consumer lag per poll"
            columns={["Polled at", "Messages behind"]}
            rows={history.map((sample) => [
              <time key="t" dateTime={new Date(sample.at).toISOString()}>
                {formatTime(new Date(sample.at).toISOString())}
              </time>,
              formatCount(sample.total),
            ])}
          />
        </>
      )}
    </div>
  );
}
