import type { ApiErrorBody } from "./types";

/** A call that did not succeed: the HTTP status and the API's error body (or one made up for it). */
export class ApiError extends Error {
  readonly status: number;
  readonly error: ApiErrorBody;

  constructor(status: number, error: ApiErrorBody) {
    super(`${status} ${error.type}: ${error.reason}`);
    this.name = "ApiError";
    this.status = status;
    this.error = error;
  }
}

/** The API's error body from whatever a failed response carried. */
export function errorBody(status: number, payload: unknown, fallback: string): ApiErrorBody {
  if (payload && typeof payload === "object" && "error" in payload) {
    const inner = (payload as { error: unknown }).error;
    if (inner && typeof inner === "object" && "type" in inner && "reason" in inner) {
      return inner as ApiErrorBody;
    }
  }
  if (payload && typeof payload === "object" && "detail" in payload) {
    // FastAPI's own answers: a 422 lists each refused value with where it was; others carry a sentence
    const detail = (payload as { detail: unknown }).detail;
    if (typeof detail === "string" && detail) return { type: "http_error", reason: detail };
    if (Array.isArray(detail) && detail.length) {
      const reasons = detail.map(describeRefusal).filter(Boolean);
      if (reasons.length) return { type: "validation_error", reason: reasons.join("; ") };
    }
  }
  return { type: status === 0 ? "network_error" : "http_error", reason: fallback };
}

/** ``{"loc": ["body", "severity"], "msg": "Input should be ..."}`` as "severity: Input should be ...". */
function describeRefusal(item: unknown): string {
  if (!item || typeof item !== "object") return "";
  const { loc, msg } = item as { loc?: unknown; msg?: unknown };
  const where = Array.isArray(loc)
    ? loc.filter((part, index) => !(index === 0 && (part === "body" || part === "query" || part === "path"))).join(".")
    : "";
  const what = typeof msg === "string" ? msg : "";
  return where && what ? `${where}: ${what}` : what;
}

/** What to tell an analyst about a failed call, in one line. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.error.reason || error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
