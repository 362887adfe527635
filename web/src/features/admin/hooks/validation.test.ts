import { describe, expect, it } from "vitest";

import {
  confirmationError,
  guessType,
  isCidr,
  isDomain,
  isHash,
  isIPv4,
  isIPv6,
  isValid,
  keyNameError,
  listValueError,
  normalizeUserName,
  passwordError,
  userNameError,
  validateNewUser,
  validateOwnPassword,
  validateResetPassword,
} from "./validation";

describe("passwords", () => {
  it("wants at least 8 characters", () => {
    expect(passwordError("")).toBeTruthy();
    expect(passwordError("short12")).toMatch(/at least 8/);
    expect(passwordError("longenough")).toBeUndefined();
    expect(passwordError("x".repeat(1025))).toMatch(/at most/);
  });

  it("wants the confirmation to be the same password", () => {
    expect(confirmationError("correct horse", "")).toMatch(/again/);
    expect(confirmationError("correct horse", "correct hors")).toMatch(/differ/);
    expect(confirmationError("correct horse", "Correct horse")).toMatch(/differ/);
    expect(confirmationError("correct horse", "correct horse")).toBeUndefined();
  });
});

describe("the new user form", () => {
  it("accepts a good name, password and confirmation", () => {
    const errors = validateNewUser({ name: " Alice.Smith ", password: "s3cret-pass", confirm: "s3cret-pass" });
    expect(isValid(errors)).toBe(true);
    expect(normalizeUserName(" Alice.Smith ")).toBe("alice.smith");
  });

  it("refuses a confirmation that differs", () => {
    const errors = validateNewUser({ name: "bob", password: "s3cret-pass", confirm: "s3cret-pas" });
    expect(isValid(errors)).toBe(false);
    expect(errors.confirm).toMatch(/differ/);
    expect(errors.name).toBeUndefined();
    expect(errors.password).toBeUndefined();
  });

  it("refuses names the server would", () => {
    expect(userNameError("")).toBeTruthy();
    expect(userNameError("-bob")).toBeTruthy();
    expect(userNameError("bob smith")).toBeTruthy();
    expect(userNameError("a".repeat(65))).toBeTruthy();
    expect(userNameError("bob@example.org")).toBeUndefined();
    expect(userNameError("a".repeat(64))).toBeUndefined();
  });

  it("checks every field at once", () => {
    const errors = validateNewUser({ name: "", password: "", confirm: "" });
    expect(Object.keys(errors).filter((key) => errors[key as keyof typeof errors])).toEqual([
      "name",
      "password",
      "confirm",
    ]);
  });
});

describe("the password forms", () => {
  it("reset: needs a valid password typed twice", () => {
    expect(isValid(validateResetPassword({ password: "newpassword", confirm: "newpassword" }))).toBe(true);
    expect(validateResetPassword({ password: "newpassword", confirm: "newpasswrod" }).confirm).toMatch(/differ/);
  });

  it("own: needs the current password and a different new one", () => {
    expect(validateOwnPassword({ current: "", password: "newpassword", confirm: "newpassword" }).current).toBeTruthy();
    expect(validateOwnPassword({ current: "oldpassword", password: "oldpassword", confirm: "oldpassword" }).password).toMatch(
      /different/,
    );
    expect(validateOwnPassword({ current: "oldpassword", password: "newpassword", confirm: "newpassw0rd" }).confirm).toMatch(
      /differ/,
    );
    expect(isValid(validateOwnPassword({ current: "oldpassword", password: "newpassword", confirm: "newpassword" }))).toBe(
      true,
    );
  });
});

describe("API key names", () => {
  it("wants a name of at most 100 characters", () => {
    expect(keyNameError("  ")).toBeTruthy();
    expect(keyNameError("x".repeat(101))).toBeTruthy();
    expect(keyNameError("fluent-bit-web")).toBeUndefined();
  });
});

describe("list values by type", () => {
  it("ip: IPv4 and IPv6 addresses", () => {
    for (const good of ["203.0.113.7", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::7", "::ffff:192.0.2.1", "fe80::1%eth0"]) {
      expect(listValueError("ip", good), good).toBeUndefined();
    }
    for (const bad of ["256.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "gggg::1", "example.org", "10.0.0.0/8"]) {
      expect(listValueError("ip", bad), bad).toBeTruthy();
    }
  });

  it("ip: IPv6 forms with and without ::", () => {
    expect(isIPv6("1:2:3:4:5:6:7:8")).toBe(true);
    expect(isIPv6("1:2:3:4:5:6:7")).toBe(false);
    expect(isIPv6("1::2:3:4:5:6:7")).toBe(true);
    expect(isIPv6("1::2:3:4:5:6:7:8")).toBe(false);
    expect(isIPv6("::")).toBe(true);
    expect(isIPv6(":1::")).toBe(false);
    expect(isIPv4("192.168.1.1")).toBe(true);
  });

  it("cidr: networks, with a prefix or a netmask", () => {
    expect(isCidr("198.51.100.0/24")).toBe(true);
    expect(isCidr("198.51.100.7/24")).toBe(true); // the server clears host bits
    expect(isCidr("10.0.0.0/255.0.0.0")).toBe(true);
    expect(isCidr("2001:db8::/32")).toBe(true);
    expect(isCidr("203.0.113.7")).toBe(true);
    expect(isCidr("10.0.0.0/33")).toBe(false);
    expect(isCidr("2001:db8::/129")).toBe(false);
    expect(isCidr("example.org/24")).toBe(false);
    expect(listValueError("cidr", "10.0.0.0/")).toBeTruthy();
  });

  it("domain: host names, wildcards, not single labels", () => {
    expect(isDomain("example.org")).toBe(true);
    expect(isDomain("Mail.Example.ORG.")).toBe(true);
    expect(isDomain("*.example.org")).toBe(true);
    expect(isDomain("bücher.example")).toBe(true);
    expect(isDomain("localhost")).toBe(false);
    expect(isDomain("-bad.example.org")).toBe(false);
    expect(isDomain("bad_label.example.org")).toBe(false);
    expect(isDomain("two words.org")).toBe(false);
    expect(listValueError("domain", "203.0.113.7")).toBeUndefined(); // digits are valid labels, as for the server
  });

  it("user: no spaces, at most 256 characters", () => {
    expect(listValueError("user", "alice@corp")).toBeUndefined();
    expect(listValueError("user", "alice smith")).toBeTruthy();
    expect(listValueError("user", "x".repeat(257))).toBeTruthy();
    expect(listValueError("user", "  ")).toMatch(/Enter/);
  });

  it("hash: MD5, SHA-1, SHA-256 or SHA-512 in hex", () => {
    expect(isHash("d41d8cd98f00b204e9800998ecf8427e")).toBe(true);
    expect(isHash("da39a3ee5e6b4b0d3255bfef95601890afd80709")).toBe(true);
    expect(isHash("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")).toBe(true);
    expect(isHash("a".repeat(128))).toBe(true);
    expect(isHash("a".repeat(33))).toBe(false);
    expect(isHash("z".repeat(32))).toBe(false);
    expect(listValueError("hash", "not-a-hash")).toMatch(/MD5/);
  });

  it("guesses a value's type while it is typed", () => {
    expect(guessType("203.0.113.7")).toBe("ip");
    expect(guessType("2001:db8::1")).toBe("ip");
    expect(guessType("198.51.100.0/24")).toBe("cidr");
    expect(guessType("d41d8cd98f00b204e9800998ecf8427e")).toBe("hash");
    expect(guessType("evil.example.org")).toBe("domain");
    expect(guessType("*.evil.example")).toBe("domain");
    expect(guessType("jdoe")).toBe("user");
  });
});
