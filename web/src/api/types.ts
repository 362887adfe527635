// Types derived from the generated OpenAPI schema (schema.ts, made by `npm run gen:api`): the client and
// the features name routes by path and method, so a change to the backend's spec breaks the typecheck.
import type { paths } from "./schema";

export type Method = "get" | "post" | "patch" | "put" | "delete";

/** The operation at ``P`` for ``M``; never when the spec has no such route. */
export type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** Paths that answer ``M``. */
export type PathsFor<M extends Method> = {
  [P in keyof paths]: [NonNullable<paths[P][M]>] extends [never] ? never : P;
}[keyof paths];

type JsonContent<T> = T extends { content: { "application/json": infer J } } ? J : undefined;
type SuccessCode = 200 | 201 | 202 | 204;

/** The JSON body a successful call answers. */
export type ResponseOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? JsonContent<R[Extract<keyof R, SuccessCode>]>
    : never;

/** The JSON body a call sends. */
export type BodyOf<P extends keyof paths, M extends Method> = BodyOfOperation<Operation<P, M>>;

type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
type QueryParams<O> = O extends { parameters: { query?: infer X } } ? NonNullable<X> : never;

type BodyOfOperation<O> = O extends { requestBody?: infer B } ? ([B] extends [undefined] ? never : JsonContent<NonNullable<B>>) : never;
type PathPart<O> = [PathParams<O>] extends [never] ? { path?: undefined } : { path: PathParams<O> };
type QueryPart<O> = [QueryParams<O>] extends [never] ? { query?: undefined } : { query?: QueryParams<O> };
type BodyPart<O> = [BodyOfOperation<O>] extends [never] ? { body?: undefined } : { body: BodyOfOperation<O> };

/** What a call takes besides its path: path parameters, query and body when the operation has them. */
export type RequestOptions<P extends keyof paths, M extends Method> = PathPart<Operation<P, M>> &
  QueryPart<Operation<P, M>> &
  BodyPart<Operation<P, M>> & { signal?: AbortSignal };

/** The error body every API error answers: ``{"error": {"type", "reason", ...}}``. */
export interface ApiErrorBody {
  type: string;
  reason: string;
  [extra: string]: unknown;
}
