// The rule editor: YAML or JSON in the rule-file shape, sent to the API, its refusals listed under the text
// with the line each names (a button moves the caret there).
import { useId, useRef, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";
import { conflictVersion, createRule, getRule, patchRule } from "../api/rules";
import type { Rule } from "../api/rules";
import { detectFormat, initialEditText, lineSpan, prepareCreate, prepareEdit, problemsFromError } from "../hooks/ruleText";
import type { Problem } from "../hooks/ruleText";

type Props =
  | { mode: "create"; initialText: string; onSaved: (rule: Rule) => void; onCancel: () => void }
  | { mode: "edit"; rule: Rule; onSaved: (rule: Rule) => void; onCancel: () => void };

export function RuleEditor(props: Props) {
  const [text, setText] = useState(() => (props.mode === "edit" ? initialEditText(props.rule) : props.initialText));
  const [baseVersion, setBaseVersion] = useState(props.mode === "edit" ? props.rule.version : 0);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const ids = { text: useId(), hint: useId(), problems: useId() };
  const format = detectFormat(text);
  const title = props.mode === "create" ? "New rule" : `Edit rule ${props.rule.id}`;

  async function save(version: number) {
    const prepared = props.mode === "create" ? prepareCreate(text) : prepareEdit(text, props.rule);
    setError(null);
    setConflict(null);
    if (!prepared.ok) {
      setProblems(prepared.problems);
      return;
    }
    setProblems([]);
    setBusy(true);
    try {
      const saved =
        props.mode === "create" ? await createRule(prepared.body) : await patchRule(props.rule.id, version, prepared.body);
      props.onSaved(saved);
    } catch (failure) {
      const current = props.mode === "edit" ? conflictVersion(failure) : null;
      if (current !== null) setConflict(current);
      else {
        const found = problemsFromError(failure, text, prepared.format);
        if (found) setProblems(found);
        else setError(describeError(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  async function loadCurrent() {
    if (props.mode !== "edit") return;
    setBusy(true);
    try {
      const current = await getRule(props.rule.id);
      setText(initialEditText(current));
      setBaseVersion(current.version);
      setConflict(null);
      setProblems([]);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  function goTo(line: number) {
    const span = lineSpan(text, line);
    const element = area.current;
    if (!span || !element) return;
    element.focus();
    element.setSelectionRange(span[0], span[1]);
    // bring the line into view: the caret move alone does not scroll a textarea in every browser
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
    element.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save(baseVersion);
  }

  return (
    <form className="rule-editor panel" aria-label={title} onSubmit={submit}>
      <h2>{title}</h2>
      <label htmlFor={ids.text}>Rule (YAML or JSON)</label>
      <p id={ids.hint} className="hint">
        One rule with the keys of the rule file (id, name, type, query…). Read as{" "}
        <strong>{format === "json" ? "JSON" : "YAML"}</strong>
        {props.mode === "edit" && <> · editing version {baseVersion}</>}.
      </p>
      <textarea
        id={ids.text}
        ref={area}
        className="mono rule-text"
        value={text}
        onChange={(event) => setText(event.target.value)}
        rows={Math.min(30, Math.max(12, text.split("\n").length + 1))}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        aria-describedby={`${ids.hint} ${ids.problems}`}
        aria-invalid={problems.length > 0 || undefined}
      />
      <div id={ids.problems} className="rule-problems" aria-live="polite">
        {problems.length > 0 && (
          <div role="alert">
            <p className="error">
              {problems.length === 1 ? "The rule has a problem:" : `The rule has ${problems.length} problems:`}
            </p>
            <ul>
              {problems.map((problem, index) => (
                <li key={`${problem.field}-${index}`}>
                  {problem.line !== null ? (
                    <button type="button" className="link-button mono" onClick={() => goTo(problem.line as number)}>
                      line {problem.line}
                    </button>
                  ) : (
                    <span className="mono">no line</span>
                  )}{" "}
                  <code>{problem.field}</code>: {problem.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {error && (
          <p className="error" role="alert">
            Could not save the rule: {error}
          </p>
        )}
        {conflict !== null && (
          <div className="conflict" role="alert">
            <p>
              Someone changed this rule since you opened it (it is now version {conflict}). Your text is still here.
            </p>
            <div className="actions">
              <button type="button" onClick={() => void loadCurrent()} disabled={busy}>
                Load the current rule
              </button>
              <button
                type="button"
                onClick={() => {
                  setBaseVersion(conflict);
                  void save(conflict);
                }}
                disabled={busy}
              >
                Save mine over it
              </button>
            </div>
          </div>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !text.trim()}>
          {busy ? "Saving…" : props.mode === "create" ? "Create rule" : "Save rule"}
        </button>
        <button type="button" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
