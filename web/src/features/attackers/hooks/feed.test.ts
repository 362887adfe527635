import { describe, expect, it } from "vitest";

import { countAddresses, curlCommands, feedFileName, feedMinScore, feedUrl } from "./feed";

describe("feed", () => {
  it("builds the feed URL from the page's origin", () => {
    expect(feedUrl("https://mozdef.example.com/", 2.5)).toBe("https://mozdef.example.com/api/v1/attackers.txt?min_score=2.5");
  });

  it("takes a positive min score, else the default", () => {
    expect(feedMinScore("3")).toBe(3);
    expect(feedMinScore("0")).toBe(1);
    expect(feedMinScore("-2")).toBe(1);
    expect(feedMinScore("")).toBe(1);
    expect(feedMinScore("abc")).toBe(1);
  });

  it("quotes the URL for the shell and keeps the key in a variable", () => {
    const { bearer, basic } = curlCommands("https://h/api/v1/attackers.txt?min_score=1&x='y'");
    expect(bearer).toBe(`curl -fsS -H "Authorization: Bearer $MOZDEF_FEED_KEY" 'https://h/api/v1/attackers.txt?min_score=1&x='\\''y'\\'''`);
    expect(basic).toContain('-u "feed:$MOZDEF_FEED_KEY"');
  });

  it("counts addresses, not blank lines", () => {
    expect(countAddresses("10.0.0.1\n2001:db8::1\n")).toBe(2);
    expect(countAddresses("")).toBe(0);
  });

  it("names the saved file after the score and time", () => {
    expect(feedFileName(1, new Date("2026-11-27T23:41:07.123Z"))).toBe("mozdef-attackers-min1-20261127T2341Z.txt");
    expect(feedFileName(2.5, new Date("2026-01-02T03:04:05Z"))).toBe("mozdef-attackers-min2_5-20260102T0304Z.txt");
  });
});
