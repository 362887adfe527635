import { describe, expect, it } from "vitest";

import { toYaml } from "./yaml";

describe("the YAML writer", () => {
  it("writes a rule in block style, plain where it is safe", () => {
    const rule = {
      id: "mozdef.ssh.bruteforce",
      name: "SSH brute force",
      threshold: 10,
      enabled: false,
      window: "2m",
      query: "tags:sshd AND details.action:failed",
      group_by: ["details.sourceipaddress"],
      dedup: { key: ["details.sourceipaddress"], window: "1h" },
      actions: [{ type: "webhook", url: "https://hooks.example.org/x" }],
      tags: [],
      extra: {},
    };
    expect(toYaml(rule)).toBe(
      [
        "id: mozdef.ssh.bruteforce",
        "name: SSH brute force",
        "threshold: 10",
        "enabled: false",
        "window: 2m",
        "query: tags:sshd AND details.action:failed",
        "group_by:",
        "  - details.sourceipaddress",
        "dedup:",
        "  key:",
        "    - details.sourceipaddress",
        "  window: 1h",
        "actions:",
        "  - type: webhook",
        "    url: https://hooks.example.org/x",
        "tags: []",
        "extra: {}",
        "",
      ].join("\n"),
    );
  });

  it("quotes what a YAML reader would take for something else", () => {
    const quoted = ["{count} failed", "yes", "Off", "null", "12", "1:30", "- item", "# note", "a: b", "a #b", "ends:", " padded", "*wild", "'x'", ""];
    for (const value of quoted) expect(toYaml({ v: value })).toBe(`v: ${JSON.stringify(value)}\n`);
  });

  it("writes multi-line text as a literal block when that keeps it exactly", () => {
    expect(toYaml({ d: "line one\nline two" })).toBe("d: |-\n  line one\n  line two\n");
    expect(toYaml({ d: "one\n\ntwo\n" })).toBe("d: |\n  one\n\n  two\n");
    expect(toYaml({ d: " indented\nsecond" })).toBe('d: " indented\\nsecond"\n');
    expect(toYaml({ d: "trailing \nspace" })).toBe('d: "trailing \\nspace"\n');
  });

  it("quotes odd keys and escapes Unicode line breaks", () => {
    expect(toYaml({ "a key": 1, true: 2, "x\u2028y": "p\u2029q" })).toBe('"a key": 1\n"true": 2\n"x\\Ly": "p\\Pq"\n');
  });

  it("nests lists of lists and lists of maps under a dash", () => {
    expect(toYaml({ steps: [{ query: "a:b", name: "first" }, [1, 2]] })).toBe(
      "steps:\n  - query: a:b\n    name: first\n  - - 1\n    - 2\n",
    );
  });

  it("writes empty and scalar documents", () => {
    expect(toYaml({})).toBe("{}\n");
    expect(toYaml([])).toBe("[]\n");
    expect(toYaml("plain")).toBe("plain\n");
  });
});

describe("numbers in YAML", () => {
  it("keeps numbers numbers and number-like strings strings", () => {
    expect(toYaml({ a: 1e21, b: 1.5e-7, c: 0.25, d: ".5", e: ".inf" })).toBe(
      'a: 1.0e+21\nb: 1.5e-7\nc: 0.25\nd: ".5"\ne: ".inf"\n',
    );
  });
});
