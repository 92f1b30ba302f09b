import { describe, expect, it } from 'vitest';
import { assertMatchesContract } from './support/openapi-contract.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

const server = {
  id: 's_1',
  name: 'Pixel Pals',
  description: 'Retro games.',
  iconUrl: '/media/demo/server-pixel.svg',
  bannerUrl: null,
  categoryId: 'ct_gaming',
  ownerId: 'u_linus',
  visibility: 'public',
  memberCount: 2,
  channels: [{ id: 'c_1', serverId: 's_1', name: 'general', topic: 'Say hi', position: 0, slowModeSeconds: 0 }],
};

const badLimit = {
  type: '/problems/invalid_input',
  title: 'Invalid input',
  status: 400,
  detail: 'limit: expected a positive integer',
  code: 'invalid_input',
  field: 'limit',
  errors: [{ field: 'limit', message: 'limit: expected a positive integer' }],
};

const getServer = (body: unknown, overrides: { status?: number; url?: string; contentType?: string | null } = {}) =>
  assertMatchesContract({
    method: 'GET',
    url: overrides.url ?? '/api/servers/s_1',
    status: overrides.status ?? 200,
    contentType: overrides.contentType === undefined ? JSON_TYPE : overrides.contentType,
    body,
  });

describe('assertMatchesContract accepts what the contract describes', () => {
  it('accepts a correct Server for GET /api/servers/{id} 200, with a query string or a full URL', () => {
    expect(() => getServer(server)).not.toThrow();
    expect(() => getServer(server, { url: 'http://127.0.0.1:8000/api/servers/s_1?x=1' })).not.toThrow();
  });

  it('accepts a 400 problem naming its field, and a 204 without a body', () => {
    expect(() =>
      assertMatchesContract({ method: 'GET', url: '/api/servers?limit=0', status: 400, contentType: PROBLEM_TYPE, body: badLimit }),
    ).not.toThrow();
    expect(() =>
      assertMatchesContract({ method: 'DELETE', url: '/api/servers/s_1/members/me', status: 204, contentType: null, body: '' }),
    ).not.toThrow();
  });

  it("accepts a 405 for a method the path does not list, against the path's declared 405", () => {
    const problem = {
      type: '/problems/method_not_allowed',
      title: 'Method not allowed',
      status: 405,
      detail: 'PATCH is not allowed here; use GET',
      code: 'method_not_allowed',
    };
    expect(() =>
      assertMatchesContract({ method: 'PATCH', url: '/api/servers/s_1', status: 405, contentType: PROBLEM_TYPE, body: problem }),
    ).not.toThrow();
  });
});

describe('assertMatchesContract rejects drift', () => {
  it('rejects a Server missing memberCount, naming the property', () => {
    const { memberCount: _memberCount, ...withoutCount } = server;
    expect(() => getServer(withoutCount)).toThrow(/memberCount/);
  });

  it('rejects a Server with a property the contract does not list', () => {
    expect(() => getServer({ ...server, secret: 'leaked' })).toThrow(/additional propert/);
  });

  it('rejects a nested mismatch: a channel with a negative position, a null name', () => {
    expect(() => getServer({ ...server, channels: [{ ...server.channels[0], position: -1 }] })).toThrow(/position/);
    expect(() => getServer({ ...server, name: null })).toThrow(/name/);
  });

  it('rejects a status the operation does not declare', () => {
    expect(() => getServer(server, { status: 418 })).toThrow(/status 418 is not declared/);
  });

  it('rejects a path the contract does not know', () => {
    expect(() => getServer(server, { url: '/api/nothing-here' })).toThrow(/no path matching \/api\/nothing-here/);
  });

  it('rejects a method the path does not declare, unless the status is its 405', () => {
    expect(() =>
      assertMatchesContract({ method: 'PUT', url: '/api/servers/s_1', status: 200, contentType: JSON_TYPE, body: server }),
    ).toThrow(/declares no PUT operation/);
  });

  it('rejects a media type the response does not declare', () => {
    expect(() => getServer(server, { contentType: 'text/html; charset=utf-8' })).toThrow(/media type text\/html is not declared/);
    expect(() => getServer(server, { contentType: null })).toThrow(/no Content-Type/);
  });

  it('rejects a 400 problem without detail, and one that does not name the field', () => {
    const { detail: _detail, ...withoutDetail } = badLimit;
    const bad = (body: unknown) => () =>
      assertMatchesContract({ method: 'GET', url: '/api/servers?limit=0', status: 400, contentType: PROBLEM_TYPE, body });
    expect(bad(withoutDetail)).toThrow(/detail/);
    const { field: _field, errors: _errors, ...withoutField } = badLimit;
    expect(bad(withoutField)).toThrow(/field/);
  });

  it('rejects a problem whose code does not belong to its status', () => {
    expect(() =>
      assertMatchesContract({
        method: 'GET',
        url: '/api/servers/s_1',
        status: 404,
        contentType: PROBLEM_TYPE,
        body: { type: '/problems/conflict', title: 'Conflict', status: 404, detail: 'no', code: 'conflict' },
      }),
    ).toThrow(/code/);
  });
});
