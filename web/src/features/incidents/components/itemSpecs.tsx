// What each of a case's item lists holds and how its items read: the one description ItemsPanel works
// from, so the six lists share one implementation of add, edit (with the 409 path) and remove.
import type { ReactNode } from "react";

import { INDICATOR_TYPES, LINK_KINDS, MITIGATION_STATUSES, THEORY_STATUSES } from "../api/cases";
import type { ListName } from "../api/cases";
import { indicatorProblem, indicatorSearch, isHash, linkTarget } from "../hooks/itemForms";
import type { ItemValues } from "../hooks/itemEditor";
import type { FieldSpec } from "../hooks/itemForms";

export type Item = { id: string; author?: string | null; added: string } & Record<string, unknown>;

export interface ListSpec {
  list: ListName;
  title: string;
  noun: string;
  /** "a theory", for "Add a theory". */
  withArticle: string;
  fields: FieldSpec[];
  empty: string;
  /** Why these values cannot be saved, or null (checked before sending; the server checks again). */
  check?(values: ItemValues): string | null;
  /** A few words naming the item in button names: "Phished credentials". */
  name(item: Item): string;
  render(item: Item): ReactNode;
}

const str = (item: Item, key: string): string => (typeof item[key] === "string" ? (item[key] as string) : "");

function Status({ value }: { value: string }) {
  return value ? <span className={`badge status-${value}`}>{value}</span> : null;
}

export const LIST_SPECS: Record<ListName, ListSpec> = {
  theories: {
    list: "theories",
    title: "Theories",
    noun: "theory",
    withArticle: "a theory",
    fields: [
      { name: "text", label: "Theory", kind: "textarea", required: true, placeholder: "What may have happened" },
      { name: "status", label: "Theory status", kind: "select", options: THEORY_STATUSES },
    ],
    empty: "No theories yet.",
    name: (item) => str(item, "text"),
    render: (item) => (
      <>
        <Status value={str(item, "status")} /> <span className="pre">{str(item, "text")}</span>
      </>
    ),
  },
  mitigations: {
    list: "mitigations",
    title: "Mitigations",
    noun: "mitigation",
    withArticle: "a mitigation",
    fields: [
      { name: "text", label: "Mitigation", kind: "textarea", required: true, placeholder: "A step taken or planned" },
      { name: "status", label: "Mitigation status", kind: "select", options: MITIGATION_STATUSES },
      { name: "temporary", label: "Temporary", kind: "checkbox" },
    ],
    empty: "No mitigations yet.",
    name: (item) => str(item, "text"),
    render: (item) => (
      <>
        <Status value={str(item, "status")} />
        {item.temporary === true && <span className="badge">temporary</span>}{" "}
        <span className="pre">{str(item, "text")}</span>
      </>
    ),
  },
  lessons: {
    list: "lessons",
    title: "Lessons",
    noun: "lesson",
    withArticle: "a lesson",
    fields: [{ name: "text", label: "Lesson", kind: "textarea", required: true }],
    empty: "No lessons yet.",
    name: (item) => str(item, "text"),
    render: (item) => <span className="pre">{str(item, "text")}</span>,
  },
  indicators: {
    list: "indicators",
    title: "Indicators",
    noun: "indicator",
    withArticle: "an indicator",
    fields: [
      { name: "type", label: "Type", kind: "select", options: INDICATOR_TYPES },
      { name: "value", label: "Value", kind: "text", required: true, mono: true },
      { name: "note", label: "Note", kind: "text" },
    ],
    empty: "No indicators yet.",
    check: (values) => indicatorProblem(String(values.type ?? ""), String(values.value ?? "")),
    name: (item) => `${str(item, "type")} ${str(item, "value")}`,
    render: (item) => (
      <>
        <span className="badge">{str(item, "type")}</span> <span className="mono">{str(item, "value")}</span>
        {str(item, "note") && <span className="item-note"> — {str(item, "note")}</span>}{" "}
        <a className="item-link" href={indicatorSearch(str(item, "type"), str(item, "value"))}>
          Search events<span className="visually-hidden"> for {str(item, "value")}</span>
        </a>
      </>
    ),
  },
  evidence: {
    list: "evidence",
    title: "Evidence",
    noun: "evidence",
    withArticle: "evidence",
    fields: [
      { name: "description", label: "Evidence", kind: "textarea", required: true, placeholder: "What it is" },
      { name: "location", label: "Location", kind: "text", placeholder: "URL or path" },
      { name: "hash", label: "Hash", kind: "text", nullable: true, mono: true, placeholder: "MD5, SHA-1, SHA-256 or SHA-512" },
    ],
    empty: "No evidence yet.",
    check: (values) => {
      const hash = String(values.hash ?? "").trim();
      return hash && !isHash(hash) ? "The hash is not a hex MD5, SHA-1, SHA-256 or SHA-512 digest." : null;
    },
    name: (item) => str(item, "description"),
    render: (item) => {
      const location = str(item, "location");
      return (
        <>
          <span className="pre">{str(item, "description")}</span>
          {location && (
            <div>
              Location:{" "}
              {/^https?:\/\//i.test(location) ? (
                <a href={location} rel="noreferrer noopener" target="_blank">
                  {location}
                </a>
              ) : (
                <span className="mono">{location}</span>
              )}
            </div>
          )}
          {str(item, "hash") && (
            <div>
              Hash: <span className="mono">{str(item, "hash")}</span>
            </div>
          )}
        </>
      );
    },
  },
  links: {
    list: "links",
    title: "Links",
    noun: "link",
    withArticle: "a link",
    fields: [
      { name: "kind", label: "Link kind", kind: "select", options: LINK_KINDS },
      { name: "target", label: "Target id", kind: "text", required: true, mono: true },
      { name: "note", label: "Link note", kind: "text" },
    ],
    empty: "No links yet.",
    name: (item) => `${str(item, "kind")} ${str(item, "target")}`,
    render: (item) => (
      <>
        <span className="badge">{str(item, "kind")}</span>{" "}
        <a className="mono" href={linkTarget(str(item, "kind"), str(item, "target"))}>
          {str(item, "target")}
        </a>
        {str(item, "note") && <span className="item-note"> — {str(item, "note")}</span>}
      </>
    ),
  },
};
