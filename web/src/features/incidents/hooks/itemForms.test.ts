import { describe, expect, it } from "vitest";

import {
  addBody,
  canSubmit,
  changeBody,
  formValues,
  indicatorProblem,
  indicatorSearch,
  isIpOrNetwork,
  linkTarget,
  referenceProblem,
} from "./itemForms";
import type { FormSpec } from "./itemForms";

const evidence: FormSpec = {
  fields: [
    { name: "description", label: "Evidence", kind: "textarea", required: true },
    { name: "location", label: "Location", kind: "text" },
    { name: "hash", label: "Hash", kind: "text", nullable: true },
  ],
};
const mitigation: FormSpec = {
  fields: [
    { name: "text", label: "Mitigation", kind: "textarea", required: true },
    { name: "status", label: "Mitigation status", kind: "select", options: ["planned", "done"] },
    { name: "temporary", label: "Temporary", kind: "checkbox" },
  ],
};

describe("item forms", () => {
  it("start from defaults and from an item", () => {
    expect(formValues(mitigation, undefined)).toEqual({ text: "", status: "planned", temporary: false });
    expect(formValues(evidence, { description: "pcap", hash: null })).toEqual({ description: "pcap", location: "", hash: "" });
  });

  it("need their required fields", () => {
    expect(canSubmit(evidence, { description: "  ", location: "", hash: "" })).toBe(false);
    expect(canSubmit(evidence, { description: "pcap", location: "", hash: "" })).toBe(true);
  });

  it("add with trimmed text and leave out an empty hash", () => {
    expect(addBody(evidence, { description: " pcap ", location: "", hash: "" })).toEqual({ description: "pcap", location: "" });
    expect(addBody(mitigation, { text: "Block", status: "done", temporary: true })).toEqual({
      text: "Block",
      status: "done",
      temporary: true,
    });
  });

  it("change an emptied hash to null, the server's none", () => {
    expect(changeBody(evidence, { hash: "", location: " /tmp/x " })).toEqual({ hash: null, location: "/tmp/x" });
  });
});

describe("checks before sending", () => {
  it("knows addresses and networks", () => {
    for (const ok of ["192.0.2.1", "10.0.0.0/8", "2001:db8::1", "::1", "2001:db8::/32", "::ffff:192.0.2.1"]) {
      expect(isIpOrNetwork(ok)).toBe(true);
    }
    for (const bad of ["256.1.1.1", "10.0.0.0/33", "1.2.3", "not an ip", "2001:db8::1::2", "1.2.3.4/8/9"]) {
      expect(isIpOrNetwork(bad)).toBe(false);
    }
  });

  it("checks each indicator type", () => {
    expect(indicatorProblem("ip", "not an ip")).toMatch(/IPv4/);
    expect(indicatorProblem("domain", "example.com")).toBeNull();
    expect(indicatorProblem("domain", "localhost")).not.toBeNull();
    expect(indicatorProblem("hash", "d41d8cd98f00b204e9800998ecf8427e")).toBeNull();
    expect(indicatorProblem("hash", "abc")).not.toBeNull();
    expect(indicatorProblem("email", "a@example.com")).toBeNull();
    expect(indicatorProblem("url", "javascript:alert(1)")).not.toBeNull();
    expect(indicatorProblem("other", "anything")).toBeNull();
    expect(indicatorProblem("user", "  ")).not.toBeNull();
  });

  it("takes only web URLs as references", () => {
    expect(referenceProblem("https://tickets.example.com/1")).toBeNull();
    expect(referenceProblem("ftp://x")).not.toBeNull();
    expect(referenceProblem("ticket 42")).not.toBeNull();
  });
});

describe("links out of the case", () => {
  it("goes to the linked record's screen", () => {
    expect(linkTarget("alert", "a/1")).toBe("#/alerts/a%2F1");
    expect(linkTarget("investigation", "x")).toBe("#/investigations/x");
    expect(decodeURIComponent(linkTarget("event", "e1"))).toContain('q=id:"e1"');
  });

  it("searches events for an indicator, quoted", () => {
    const link = decodeURIComponent(indicatorSearch("domain", 'evil"example.com'));
    expect(link).toContain('q="evil\\"example.com"');
    expect(link).toContain("start=now-7d&end=now");
    expect(decodeURIComponent(indicatorSearch("ip", "192.0.2.1"))).toContain("details.sourceipaddress:");
  });
});
