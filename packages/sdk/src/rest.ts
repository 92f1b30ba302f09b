import { ChatApiError, type Problem } from './errors.js';
import type { paths } from './generated/openapi.js';
import { type Shape, mismatch } from './protocol/shape.js';
import type { TokenSource } from './token-source.js';

/** The HTTP methods the API uses. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The API paths that have an operation for `M`. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends undefined ? never : P;
}[keyof paths];

type Operation<P extends keyof paths, M extends Method> = Exclude<paths[P][M], undefined>;
type PathParams<O> = O extends { parameters: { path: infer T } } ? T : never;
type QueryParams<O> = O extends { parameters: { query?: infer T } } ? T : never;
type JsonBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type SuccessBody<O> = O extends { responses: infer R }
  ? {
      [S in keyof R]: S extends 200 | 201
        ? R[S] extends { content: { 'application/json': infer T } }
          ? T
          : never
        : S extends 204
          ? undefined
          : never;
    }[keyof R]
  : never;

/** What one call sends: path parameters, query and body, each typed from openapi.yaml. */
export type RequestInput<O> = ([PathParams<O>] extends [never] ? object : { path: PathParams<O> }) &
  ([QueryParams<O>] extends [never] ? object : { query?: QueryParams<O> }) &
  ([JsonBody<O>] extends [never] ? object : { body?: JsonBody<O> }) & {
    /** A binary body (an image or file upload) instead of JSON. */
    raw?: Blob | ArrayBuffer | Uint8Array;
  };

/**
 * A typed REST call: a wrong path, parameter or body is a compile error, and the result is the
 * success body the contract promises. With `shape`, the body is checked before it is returned.
 *
 * @example
 * const page = await request('get', '/api/channels/{id}/messages', { path: { id }, query: { before: 120 } }, MESSAGE_PAGE);
 */
export type Request = <M extends Method, P extends PathsWith<M>>(
  method: M,
  path: P,
  input: RequestInput<Operation<P, M>>,
  shape?: Shape,
) => Promise<SuccessBody<Operation<P, M>>>;

/** What a call is given to be sent: `fetch`'s own, with its headers as a plain record. */
export type CallInit = Omit<RequestInit, 'headers'> & { headers: Record<string, string> };

/** The part of `fetch` a call needs. */
export type Transport = (url: URL, init: CallInit) => Promise<Response>;

/**
 * Sends one call with the user's bearer token through `transport`, the
 * client's fetch by default. A 401 with a refreshable token fetches a fresh token and tries once
 * more; any other answer is returned as it is.
 *
 * @example
 * const res = await authorized(new URL('/api/attachments/a_1', base), { headers: {} });
 */
export type Authorized = (url: URL, init: CallInit, transport?: Transport) => Promise<Response>;

/**
 * Makes the {@link Authorized} call of a client. `fetch` defaults to `globalThis.fetch`, looked up
 * at each call, not at creation, so a test's interceptor can stand in. The call sets its token in
 * `init.headers`, which is the call's own.
 */
export function createAuthorized(fetch: typeof globalThis.fetch | undefined, tokens: TokenSource): Authorized {
  return async (url, init, transport) => {
    let token: string | undefined;
    const send = async () => {
      init.headers.authorization = `Bearer ${(token = await tokens.get())}`;
      return (transport ?? fetch ?? globalThis.fetch)(url, init);
    };
    let res = await send();
    if (res.status === 401 && tokens.refreshable) {
      tokens.invalidate(token);
      res = await send();
    }
    return res;
  };
}

// mismatch() refuses anything but an object for an object shape: null, arrays and text included.
const isProblem = (body: unknown): body is Problem => mismatch(body, { title: 's', status: 'n' }) === undefined;

/**
 * The body of the answer to `call` (`GET /api/...`, named in errors), parsed and checked against
 * `shape`. Rejects with a {@link ChatApiError}: the server's problem+json for an error status (or
 * one made of its status and text), `invalid_response` for a body that breaks the contract.
 */
export async function readAnswer(res: Response, call: string, shape?: Shape): Promise<unknown> {
  const text = await res.text();
  /** A problem of the client's making: the server sent none, or broke the contract. */
  const problem = (title: string, detail: string, code?: string): Problem => ({
    type: 'about:blank',
    title,
    status: res.status,
    detail,
    code,
  });
  const invalid = (detail: string) =>
    new ChatApiError(res.status, problem('Invalid response', `${call} answered with a body ${detail}`, 'invalid_response'));
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    if (res.ok) throw invalid('that is not JSON');
  }
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new ChatApiError(
      res.status,
      isProblem(data) ? data : problem(res.statusText || 'HTTP error', text.slice(0, 200)),
      retryAfter > 0 ? retryAfter * 1000 : undefined,
    );
  }
  const bad = shape && mismatch(data, shape);
  if (bad) throw invalid(`whose ${bad} does not match the contract`);
  return data;
}

/** Makes the {@link Request} function of a client, whose calls go out through `authorized`. */
export function createRequest(baseUrl: string, authorized: Authorized): Request {
  const base = baseUrl.replace(/\/$/, '');
  return (async (method: Method, path: string, input: Record<string, unknown>, shape?: Shape) => {
    const params = (input.path ?? {}) as Record<string, string>;
    const url = new URL(base + path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(params[key] ?? '')));
    for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, string | number | boolean | undefined>)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {};
    let body: BodyInit | undefined;
    if (input.raw !== undefined) {
      body = input.raw as BodyInit;
      headers['content-type'] = (input.raw as Blob).type || 'application/octet-stream';
    } else if (input.body !== undefined) {
      body = JSON.stringify(input.body);
      headers['content-type'] = 'application/json';
    }
    const verb = method.toUpperCase();
    return readAnswer(await authorized(url, { method: verb, headers, body }), `${verb} ${path}`, shape);
  }) as unknown as Request;
}
