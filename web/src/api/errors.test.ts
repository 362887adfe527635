import { describe, expect, it } from "vitest";

import { errorBody } from "./errors";

describe("errorBody", () => {
  it("takes the API's own error body as it is", () => {
    const body = { error: { type: "version_conflict", reason: "changed", current_version: 4 } };
    expect(errorBody(409, body, "Conflict")).toEqual(body.error);
  });

  it("names each value a 422 refused, without the body/query prefix", () => {
    const payload = {
      detail: [
        { loc: ["body", "severity"], msg: "Input should be 'LOW' or 'HIGH'", type: "enum" },
        { loc: ["query", "size"], msg: "Input should be less than or equal to 500", type: "le" },
      ],
    };
    expect(errorBody(422, payload, "Unprocessable Entity")).toEqual({
      type: "validation_error",
      reason: "severity: Input should be 'LOW' or 'HIGH'; size: Input should be less than or equal to 500",
    });
  });

  it("keeps a plain detail sentence, and falls back to the status text otherwise", () => {
    expect(errorBody(404, { detail: "no route /api/v1/x" }, "Not Found").reason).toBe("no route /api/v1/x");
    expect(errorBody(502, "<html>bad gateway</html>", "Bad Gateway")).toEqual({
      type: "http_error",
      reason: "Bad Gateway",
    });
    expect(errorBody(0, undefined, "the server cannot be reached").type).toBe("network_error");
  });
});
