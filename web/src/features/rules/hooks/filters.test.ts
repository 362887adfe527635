import { describe, expect, it } from "vitest";

import type { Rule } from "../api/rules";
import { applyFilter, filterFromParams, filterToQuery, isFiltered, NO_FILTER, rulesPath } from "./filters";

const rule = (fields: Partial<Rule>): Rule =>
  ({
    id: "r",
    name: "R",
    description: "",
    type: "match",
    source: "builtin",
    origin: "builtin/x.yml:1",
    enabled: true,
    overridden: false,
    version: 0,
    severity: "WARNING",
    category: "alert",
    tags: [],
    rule: { type: "match" },
    runs: null,
    ...fields,
  }) as Rule;

const RULES = [
  rule({ id: "mozdef.ssh.bruteforce", name: "SSH brute force", type: "threshold", tags: ["ssh"] }),
  rule({ id: "mozdef.pipeline.old_events", name: "Old events", type: "python", origin: "builtin mozdef_alerter…" }),
  rule({ id: "local.sudo", name: "Sudo to root", source: "file", origin: "/rules/local.yml:1", enabled: false }),
  rule({ id: "0b2c-whoami", name: "Whoami execution", source: "file", type: "sigma", tags: ["attack.discovery"] }),
  rule({
    id: "api.scan",
    name: "Scan",
    source: "api",
    type: "threshold",
    runs: { last_status: "error", last_error: "store unavailable" } as Rule["runs"],
  }),
];

const ids = (filter: Parameters<typeof applyFilter>[1]) => applyFilter(RULES, filter).map((r) => r.id);

describe("the rules filter in the URL", () => {
  it("reads every filter from the query", () => {
    const filter = filterFromParams(new URLSearchParams("q=ssh&source=api&type=new_terms&enabled=off&failing=1"));
    expect(filter).toEqual({ text: "ssh", source: "api", type: "new_terms", enabled: "off", failing: true });
  });

  it("ignores what it does not know instead of failing", () => {
    const filter = filterFromParams(new URLSearchParams("source=elsewhere&type=DROP%20TABLE&enabled=maybe&failing=no"));
    expect(filter).toEqual(NO_FILTER);
  });

  it("accepts the API's spelling of enabled", () => {
    expect(filterFromParams(new URLSearchParams("enabled=true")).enabled).toBe("on");
    expect(filterFromParams(new URLSearchParams("enabled=false")).enabled).toBe("off");
  });

  it("writes the query in a fixed order, leaving defaults out", () => {
    expect(filterToQuery({ ...NO_FILTER, failing: true, text: "ssh root", source: "file" })).toBe(
      "q=ssh+root&source=file&failing=1",
    );
    expect(rulesPath(NO_FILTER)).toBe("/rules");
    expect(rulesPath({ ...NO_FILTER, type: "sigma" })).toBe("/rules?type=sigma");
    expect(isFiltered({ ...NO_FILTER, text: "   " })).toBe(false);
  });

  it("round-trips through the URL", () => {
    const filter = { text: "a&b=c", source: "sigma" as const, type: "match", enabled: "on" as const, failing: true };
    expect(filterFromParams(new URLSearchParams(filterToQuery(filter)))).toEqual(filter);
  });
});

describe("applying the rules filter", () => {
  it("selects by source, Sigma and Python by kind whatever holds them", () => {
    expect(ids({ ...NO_FILTER, source: "builtin" })).toEqual(["mozdef.ssh.bruteforce", "mozdef.pipeline.old_events"]);
    expect(ids({ ...NO_FILTER, source: "file" })).toEqual(["local.sudo", "0b2c-whoami"]);
    expect(ids({ ...NO_FILTER, source: "sigma" })).toEqual(["0b2c-whoami"]);
    expect(ids({ ...NO_FILTER, source: "python" })).toEqual(["mozdef.pipeline.old_events"]);
  });

  it("selects by type, state and failing runs", () => {
    expect(ids({ ...NO_FILTER, type: "threshold" })).toEqual(["mozdef.ssh.bruteforce", "api.scan"]);
    expect(ids({ ...NO_FILTER, enabled: "off" })).toEqual(["local.sudo"]);
    expect(ids({ ...NO_FILTER, failing: true })).toEqual(["api.scan"]);
  });

  it("needs every word of the text, in any field, in any case", () => {
    expect(ids({ ...NO_FILTER, text: "SSH" })).toEqual(["mozdef.ssh.bruteforce"]);
    expect(ids({ ...NO_FILTER, text: "attack.discovery" })).toEqual(["0b2c-whoami"]);
    expect(ids({ ...NO_FILTER, text: "local.yml sudo" })).toEqual(["local.sudo"]);
    expect(ids({ ...NO_FILTER, text: "local.yml whoami" })).toEqual([]);
  });

  it("combines the filters", () => {
    expect(ids({ ...NO_FILTER, source: "file", enabled: "on" })).toEqual(["0b2c-whoami"]);
    expect(ids(NO_FILTER)).toHaveLength(RULES.length);
  });
});
