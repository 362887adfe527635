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
  return { type: status === 0 ? "network_error" : "http_error", reason: fallback };
}

/** What to tell an analyst about a failed call, in one line. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.error.reason || error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
