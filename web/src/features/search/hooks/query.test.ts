import { describe, expect, it } from "vitest";

import {
  andClause,
  errorExcerpt,
  escapeField,
  fieldClause,
  filterFor,
  filterOut,
  formatValue,
  guessListType,
  isAddressField,
  isConjunction,
  isIpAddress,
  isMatchAll,
  isNetwork,
  quoteValue,
  searchEverywhere,
  topLevelTokens,
} from "./query";

// Every expected string below was checked against the server's parser (mozdef_common.query.parser):
// each parses back to a Term or Phrase on exactly that field with exactly that value.

describe("writing values into a query", () => {
  it("writes plain words bare", () => {
    expect(fieldClause("hostname", "web1")).toBe("hostname:web1");
    expect(fieldClause("hostname", "10.0.0.1")).toBe("hostname:10.0.0.1");
    expect(fieldClause("details.port", "22")).toBe("details.port:22");
    expect(fieldClause("details.user", "alice@example.com")).toBe("details.user:alice@example.com");
    expect(fieldClause("category", "web-proxy_log")).toBe("category:web-proxy_log");
  });

  it("quotes a value with spaces, and escapes quotes and backslashes inside", () => {
    expect(fieldClause("summary", "failed password")).toBe('summary:"failed password"');
    expect(fieldClause("hostname", 'say "hi"')).toBe('hostname:"say \\"hi\\""');
    expect(fieldClause("details.path", "C:\\Windows\\x")).toBe('details.path:"C:\\\\Windows\\\\x"');
    expect(fieldClause("hostname", "ends\\")).toBe('hostname:"ends\\\\"');
    expect(fieldClause("hostname", "\\")).toBe('hostname:"\\\\"');
    expect(fieldClause("hostname", '"')).toBe('hostname:"\\""');
  });

  it("quotes the keywords, which bare would be operators", () => {
    for (const word of ["AND", "OR", "NOT", "TO"]) expect(fieldClause("hostname", word)).toBe(`hostname:"${word}"`);
    // lower case is an ordinary word
    expect(fieldClause("hostname", "and")).toBe("hostname:and");
  });

  it("quotes leading signs, regex slashes and comparisons that would change the meaning", () => {
    expect(formatValue("-x")).toBe('"-x"');
    expect(formatValue("+x")).toBe('"+x"');
    expect(formatValue("!x")).toBe('"!x"');
    expect(formatValue("/re/")).toBe('"/re/"');
    expect(formatValue(">5")).toBe('">5"');
    expect(formatValue("<5")).toBe('"<5"');
  });

  it("quotes wildcards, groups, ranges, boosts, fuzziness and boolean symbols so they match literally", () => {
    for (const value of ["a*b", "a?b", "(x)", "[1 TO 2]", "{x}", "a^2", "a~", "a&&b", "a||b"]) {
      expect(formatValue(value)).toBe(`"${value}"`);
    }
  });

  it("quotes a network on an address field so it stays a value, not a CIDR match", () => {
    expect(fieldClause("details.sourceipaddress", "10.0.0.0/8")).toBe('details.sourceipaddress:"10.0.0.0/8"');
    expect(fieldClause("details.ip", "2001:db8::1")).toBe('details.ip:"2001:db8::1"');
  });

  it("quotes empty and blank values, times with colons, and non-ASCII text", () => {
    expect(formatValue("")).toBe('""');
    expect(formatValue(" ")).toBe('" "');
    expect(formatValue("2026-11-27T10:00:00+00:00")).toBe('"2026-11-27T10:00:00+00:00"');
    expect(formatValue("naïve")).toBe('"naïve"');
    expect(formatValue("new\nline")).toBe('"new\nline"');
  });

  it("quoteValue escapes only backslash and quote", () => {
    expect(quoteValue('a\\b"c d*')).toBe('"a\\\\b\\"c d*"');
  });
});

describe("writing field names into a query", () => {
  it("leaves dotted paths alone", () => {
    expect(escapeField("details.sourceipaddress")).toBe("details.sourceipaddress");
    expect(escapeField("details.-lead")).toBe("details.-lead");
  });

  it("escapes spaces, colons, groups and wildcards in a name", () => {
    expect(escapeField("details.a b")).toBe("details.a\\ b");
    expect(escapeField("details.x:y")).toBe("details.x\\:y");
    expect(escapeField("details.c(d)")).toBe("details.c\\(d\\)");
    expect(escapeField("details.*star")).toBe("details.\\*star");
    expect(escapeField("details.path\\x")).toBe("details.path\\\\x");
  });

  it("escapes a leading sign and a name spelled like a keyword", () => {
    expect(escapeField("-x")).toBe("\\-x");
    expect(escapeField("AND")).toBe("\\AND");
    expect(fieldClause("AND", "web1")).toBe("\\AND:web1");
  });
});

describe("scanning a query's top level", () => {
  it("splits on spaces outside phrases, groups, ranges and regexes", () => {
    expect(topLevelTokens('a AND summary:"x y" AND (b OR c) AND n:[1 TO 2] AND u:/a b/')).toEqual([
      "a",
      "AND",
      'summary:"x y"',
      "AND",
      "(b OR c)",
      "AND",
      "n:[1 TO 2]",
      "AND",
      "u:/a b/",
    ]);
  });

  it("keeps escaped spaces and quotes inside a word", () => {
    expect(topLevelTokens('a\\ b c\\"d')).toEqual(["a\\ b", 'c\\"d']);
  });

  it("does not read a slash inside a value as a regex", () => {
    expect(topLevelTokens("details.ip:10.0.0.0/8 AND x")).toEqual(["details.ip:10.0.0.0/8", "AND", "x"]);
  });

  it("gives up on what does not scan", () => {
    expect(topLevelTokens('summary:"open')).toBeNull();
    expect(topLevelTokens("(a OR b")).toBeNull();
    expect(topLevelTokens("a)")).toBeNull();
  });
});

describe("combining a pivot with the query", () => {
  it("knows plain conjunctions", () => {
    expect(isConjunction("a")).toBe(true);
    expect(isConjunction("a AND b")).toBe(true);
    expect(isConjunction("a AND NOT b AND c")).toBe(true);
    expect(isConjunction("NOT a")).toBe(true);
    expect(isConjunction("!a AND b")).toBe(true);
    expect(isConjunction("(a OR b) AND c")).toBe(true);
    expect(isConjunction("hostname:(web1 OR web2)")).toBe(true);
  });

  it("refuses anything where an appended AND would bind differently", () => {
    expect(isConjunction("a OR b")).toBe(false);
    expect(isConjunction("a b")).toBe(false);
    expect(isConjunction("a || b")).toBe(false);
    expect(isConjunction("a&&b")).toBe(false);
    expect(isConjunction("+a -b")).toBe(false);
    expect(isConjunction("a AND")).toBe(false);
    expect(isConjunction("AND a")).toBe(false);
    expect(isConjunction("a AND b OR c")).toBe(false);
    expect(isConjunction('summary:"unclosed')).toBe(false);
  });

  it("treats an empty query and * as everything", () => {
    expect(isMatchAll("")).toBe(true);
    expect(isMatchAll("  * ")).toBe(true);
    expect(isMatchAll("*:*")).toBe(true);
    expect(isMatchAll("a")).toBe(false);
    expect(andClause("", "x:1")).toBe("x:1");
    expect(andClause("*", "x:1")).toBe("x:1");
  });

  it("filter for appends AND field:value, grouping a query that is not a conjunction", () => {
    expect(filterFor("", "hostname", "web1")).toBe("hostname:web1");
    expect(filterFor("category:auth", "hostname", "web1")).toBe("category:auth AND hostname:web1");
    expect(filterFor("a OR b", "hostname", "web1")).toBe("(a OR b) AND hostname:web1");
    expect(filterFor("+a -b", "x", "1")).toBe("(+a -b) AND x:1");
    expect(filterFor("a b", "y", "z")).toBe("(a b) AND y:z");
    expect(filterFor('summary:"a OR b"', "y", "z")).toBe('summary:"a OR b" AND y:z');
    expect(filterFor("a AND NOT b", "details.ip", "10.0.0.0/8")).toBe('a AND NOT b AND details.ip:"10.0.0.0/8"');
  });

  it("filter out appends AND NOT field:value, or is a lone NOT on everything", () => {
    expect(filterOut("", "hostname", "web1")).toBe("NOT hostname:web1");
    expect(filterOut("category:auth", "summary", "failed password")).toBe(
      'category:auth AND NOT summary:"failed password"',
    );
    expect(filterOut("a OR b", "severity", "DEBUG")).toBe("(a OR b) AND NOT severity:DEBUG");
  });

  it("pivots repeatedly without nesting groups", () => {
    let q = filterFor("a OR b", "hostname", "web1");
    q = filterOut(q, "severity", "DEBUG");
    q = filterFor(q, "details.user", "bob smith");
    expect(q).toBe('(a OR b) AND hostname:web1 AND NOT severity:DEBUG AND details.user:"bob smith"');
  });
});

describe("searching an address everywhere", () => {
  it("knows the address fields enrich canonicalizes", () => {
    for (const field of ["details.ip", "details.sourceipaddress", "details.DestinationIPAddress", "details.client_ip", "details.srcip", "details.x-forwarded-for"]) {
      expect(isAddressField(field)).toBe(true);
    }
    for (const field of ["ip", "hostname", "details.ipv", "details.http.ip", "details.", "details.ipaddresses"]) {
      expect(isAddressField(field)).toBe(false);
    }
  });

  it("ORs the quoted bare value with every address field, the catalog's and the common ones", () => {
    expect(searchEverywhere("10.0.0.1", ["details.clientip", "details.foo", "hostname"])).toBe(
      '"10.0.0.1" OR details.clientip:10.0.0.1 OR details.destinationipaddress:10.0.0.1 OR details.dstip:10.0.0.1 OR ' +
        "details.ip:10.0.0.1 OR details.sourceipaddress:10.0.0.1 OR details.srcip:10.0.0.1",
    );
  });

  it("quotes an IPv6 address in every clause", () => {
    const q = searchEverywhere("2001:db8::1");
    expect(q.startsWith('"2001:db8::1" OR ')).toBe(true);
    expect(q).toContain('details.sourceipaddress:"2001:db8::1"');
    expect(q.split(" OR ")).toHaveLength(6);
  });
});

describe("recognising values", () => {
  it("tells IP addresses from look-alikes", () => {
    for (const ip of ["10.0.0.1", "255.255.255.255", "0.0.0.0", "::1", "::", "2001:db8::1", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1"]) {
      expect(isIpAddress(ip)).toBe(true);
    }
    for (const other of ["10.0.0", "10.0.0.256", "10.0.0.1/8", "web1", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "2026-11-27", ""]) {
      expect(isIpAddress(other)).toBe(false);
    }
  });

  it("tells networks", () => {
    expect(isNetwork("10.0.0.0/8")).toBe(true);
    expect(isNetwork("2001:db8::/32")).toBe(true);
    expect(isNetwork("10.0.0.0/33")).toBe(false);
    expect(isNetwork("/8")).toBe(false);
    expect(isNetwork("a/8")).toBe(false);
  });

  it("guesses the kind of list entry a value makes", () => {
    expect(guessListType("details.sourceipaddress", "10.0.0.1")).toBe("ip");
    expect(guessListType("details.net", "10.0.0.0/8")).toBe("cidr");
    expect(guessListType("details.md5", "d41d8cd98f00b204e9800998ecf8427e")).toBe("hash");
    expect(guessListType("details.sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).toBe("hash");
    expect(guessListType("details.hash", "da39a3ee5e6b4b0d3255bfef95601890afd80709")).toBe("hash");
    expect(guessListType("id", "01a21f6bf6277385532778d3e6fdad33")).toBeNull();
    expect(guessListType("details.username", "alice")).toBe("user");
    expect(guessListType("details.useragent", "curl/8")).toBeNull();
    expect(guessListType("hostname", "web1.example.com")).toBe("domain");
    expect(guessListType("hostname", "web1")).toBeNull();
    expect(guessListType("summary", "login failed")).toBeNull();
    expect(guessListType("details.x", "")).toBeNull();
  });
});

describe("pointing at a syntax error", () => {
  it("puts the caret under the offending character", () => {
    expect(errorExcerpt("hostname:(web1", 9)).toEqual({ text: "hostname:(web1", column: 9 });
  });

  it("cuts long queries around the error and keeps the caret aligned", () => {
    const query = `${"a".repeat(100)})${"b".repeat(100)}`;
    const { text, column } = errorExcerpt(query, 100, 10);
    expect(text).toBe(`…${"a".repeat(10)})${"b".repeat(9)}…`);
    expect(text[column]).toBe(")");
  });

  it("clamps a position past the end and shows whitespace as spaces", () => {
    expect(errorExcerpt("a\tb", 10)).toEqual({ text: "a b", column: 3 });
  });
});
