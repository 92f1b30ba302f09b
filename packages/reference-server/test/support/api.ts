import { assertMatchesContract } from './openapi-contract.js';

/** A response as the tests look at it; `body` is parsed JSON when the response is JSON. */
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Options of one request. */
export interface RequestOptions {
  token?: string | undefined;
  json?: unknown;
  body?: RequestInit['body'];
  headers?: Record<string, string>;
}

/**
 * A REST client for tests. Every response is checked against openapi.yaml before the test sees it,
 * so the contract cannot drift from the code.
 *
 * @example
 * const res = await api(server.url).get('/api/servers/nope', { token });
 * expect(res.status).toBe(404);
 */
export function api(baseUrl: string, defaults: { token?: string } = {}) {
  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token ?? defaults.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined && { body }) });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    const parsed: unknown = contentType && /json/.test(contentType) && text ? JSON.parse(text) : text;
    assertMatchesContract({ method, url: path, status: res.status, contentType, body: parsed });
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }
  return {
    request,
    get: <T = unknown>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
    post: <T = unknown>(path: string, options?: RequestOptions) => request<T>('POST', path, options),
    put: <T = unknown>(path: string, options?: RequestOptions) => request<T>('PUT', path, options),
    patch: <T = unknown>(path: string, options?: RequestOptions) => request<T>('PATCH', path, options),
    delete: <T = unknown>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  };
}
