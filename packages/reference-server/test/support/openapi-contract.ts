import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/** A response as a test received it. */
interface ContractResponse {
  method: string;
  /** A path (`/api/servers/s_1?limit=2`) or an absolute URL; query and origin are ignored. */
  url: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

type Json = Record<string, unknown>;

interface ResolvedResponse {
  /** JSON pointer of the Response Object, after following `$ref`s. */
  pointer: string;
  response: Json;
}

interface Route {
  template: string;
  pattern: RegExp;
  /** Literal segments outrank templated ones: `/servers/{id}/members/me` before `/{a}/{b}/{c}`. */
  params: number;
  item: Json;
}

const CONTRACT_FILE = fileURLToPath(new URL('../../../../openapi.yaml', import.meta.url));
/** The `$id` the whole document is registered under, so schemas are compiled by `$ref` into it. */
const DOCUMENT_ID = 'openapi.yaml';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** OpenAPI's own keywords in Schema Objects, which JSON Schema does not know. */
const OPENAPI_SCHEMA_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example'];
/**
 * The document's top-level fields. The whole document is registered as one schema so that `$ref`s
 * resolve; ajv then reads its root as a schema and, in strict mode, must know these as keywords.
 */
const OPENAPI_ROOT_FIELDS = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags'];
const BODY_PREVIEW_CHARS = 2000;

// ajv and ajv-formats are CommonJS modules whose `module.exports` is the class (the function) and
// also carries it as `default`; NodeNext types the default import as the module, so take `default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

interface Contract {
  document: Json;
  routes: Route[];
  ajv: InstanceType<typeof Ajv2020>;
  validators: Map<string, ValidateFunction>;
}

let contract: Contract | undefined;

function loadContract(): Contract {
  if (contract) return contract;
  const document = parse(readFileSync(CONTRACT_FILE, 'utf8')) as Json;
  if (!isObject(document) || typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new Error(`${CONTRACT_FILE} is not an OpenAPI 3.1 document`);
  }
  // Strict, so a typo in a schema keyword fails loudly instead of silently accepting anything.
  // strictTypes and strictRequired are off: they refuse sound `allOf` refinements such as
  // `allOf: [$ref: Problem, {required: [field]}]` (the property is defined in the other branch).
  const ajv = new Ajv2020({
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allErrors: true,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  const rootExtensions = Object.keys(document).filter((key) => key.startsWith('x-'));
  ajv.addVocabulary([...OPENAPI_SCHEMA_KEYWORDS, ...OPENAPI_ROOT_FIELDS, ...rootExtensions, ...extensionKeys(document.components)]);
  ajv.addSchema(document, DOCUMENT_ID);

  const paths = isObject(document.paths) ? document.paths : {};
  const routes = Object.entries(paths)
    .filter((entry): entry is [string, Json] => isObject(entry[1]))
    .map(([template, item]) => ({ template, item, ...compileTemplate(template) }))
    .sort((a, b) => a.params - b.params);
  contract = { document, routes, ajv, validators: new Map() };
  return contract;
}

/** `/api/servers/{id}` → a regular expression where each `{…}` matches one non-empty segment. */
function compileTemplate(template: string): { pattern: RegExp; params: number } {
  let params = 0;
  const source = template
    .split(/(\{[^}/]+\})/)
    .map((part) => {
      if (/^\{[^}/]+\}$/.test(part)) {
        params++;
        return '[^/]+';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), params };
}

/** Every `x-…` key used inside the components, registered with ajv as an annotation. */
function extensionKeys(value: unknown, found = new Set<string>()): string[] {
  if (Array.isArray(value)) for (const item of value) extensionKeys(item, found);
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('x-')) found.add(key);
      extensionKeys(child, found);
    }
  }
  return [...found];
}

/**
 * Throws an Error describing the mismatch when the response does not match openapi.yaml.
 *
 * The operation is found by the request's path (query and origin ignored) and method; the response
 * by its exact status, else its range (`4XX`), else `default`. A documented path answers a method
 * it does not list with the `405` its operations declare, and a request no route matches with the
 * document's `x-unmatched-route-response`. The media type (without parameters) must be declared,
 * and a JSON body must validate against its schema. 204, 304 and non-JSON bodies are not checked.
 *
 * @example
 * assertMatchesContract({ method: 'GET', url: '/api/servers/s_1', status: 200, contentType, body });
 */
export function assertMatchesContract(response: {
  method: string;
  url: string;
  status: number;
  contentType: string | null;
  body: unknown;
}): void {
  const { document, routes } = loadContract();
  const method = response.method.toLowerCase();
  const path = pathOf(response.url);
  const what = `${response.method.toUpperCase()} ${path} → ${response.status}`;

  const route = routes.find((candidate) => candidate.pattern.test(path));
  let resolved: ResolvedResponse | undefined;
  if (!route) {
    resolved = unmatched(document, response.status);
    if (!resolved) {
      throw new Error(
        `${what}: openapi.yaml documents no path matching ${path} ` +
          `(known: ${routes.map((candidate) => candidate.template).join(', ')})`,
      );
    }
  } else {
    const operationMethod = method === 'head' && !isObject(route.item.head) ? 'get' : method;
    const operation = route.item[operationMethod];
    if (isObject(operation)) {
      resolved = responseOf(document, route, operationMethod, response.status);
      if (!resolved) {
        const declared = Object.keys(isObject(operation.responses) ? operation.responses : {}).join(', ');
        throw new Error(
          `${what}: status ${response.status} is not declared for ${operationMethod.toUpperCase()} ${route.template} (declared: ${declared})`,
        );
      }
    } else {
      resolved =
        response.status === 405 ? methodNotAllowed(document, route) : response.status === 404 ? unmatched(document, 404) : undefined;
      if (!resolved) {
        const declared = METHODS.filter((name) => isObject(route.item[name])).map((name) => name.toUpperCase());
        throw new Error(
          `${what}: ${route.template} declares no ${response.method.toUpperCase()} operation (declared: ${declared.join(', ')})`,
        );
      }
    }
  }

  if (method === 'head') return;
  checkContent(resolved, response, what);
}

/** The path of a URL or of a path with a query, without a trailing slash (Express ignores it). */
function pathOf(url: string): string {
  const path = new URL(url, 'http://contract.invalid').pathname;
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function responseOf(document: Json, route: Route, method: string, status: number): ResolvedResponse | undefined {
  const operation = route.item[method] as Json;
  const responses = isObject(operation.responses) ? operation.responses : {};
  const base = `/paths/${escapePointer(route.template)}/${method}/responses`;
  for (const key of [String(status), `${String(status).charAt(0)}XX`, 'default']) {
    if (responses[key] !== undefined) return follow(document, `${base}/${escapePointer(key)}`, responses[key]);
  }
  return undefined;
}

/** The `405` one of the path's operations declares: what any other method gets. */
function methodNotAllowed(document: Json, route: Route): ResolvedResponse | undefined {
  for (const method of METHODS) {
    const operation = route.item[method];
    if (isObject(operation) && isObject(operation.responses) && operation.responses['405'] !== undefined) {
      return responseOf(document, route, method, 405);
    }
  }
  return undefined;
}

/** The document's answer to a request no route matches, when it declares one for this status. */
function unmatched(document: Json, status: number): ResolvedResponse | undefined {
  const declared = document['x-unmatched-route-response'];
  if (status !== 404 || declared === undefined) return undefined;
  return follow(document, '/x-unmatched-route-response', declared);
}

/** Follows local `$ref`s from a Response Object to the object itself, remembering where it is. */
function follow(document: Json, pointer: string, value: unknown): ResolvedResponse {
  const seen = new Set<string>();
  let current = value;
  let at = pointer;
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`openapi.yaml: only local $refs are supported, found ${ref} at #${at}`);
    if (seen.has(ref)) throw new Error(`openapi.yaml: $ref cycle through ${ref}`);
    seen.add(ref);
    at = decodeURIComponent(ref.slice(1));
    current = at
      .slice(1)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), document);
    if (current === undefined) throw new Error(`openapi.yaml: $ref ${ref} at #${pointer} points nowhere`);
  }
  if (!isObject(current)) throw new Error(`openapi.yaml: the response at #${at} is not an object`);
  return { pointer: at, response: current };
}

function checkContent(resolved: ResolvedResponse, response: ContractResponse, what: string): void {
  if (response.status === 204 || response.status === 304) return;
  const content = isObject(resolved.response.content) ? resolved.response.content : undefined;
  const mediaType = response.contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
  if (!content || Object.keys(content).length === 0) {
    if (mediaType !== undefined && !isEmpty(response.body)) {
      throw new Error(`${what}: the contract declares no body (#${resolved.pointer}) but the response has ${mediaType}`);
    }
    return;
  }
  const declared = Object.keys(content);
  if (mediaType === undefined) {
    throw new Error(`${what}: the response has no Content-Type; the contract declares ${declared.join(', ')}`);
  }
  const key = matchMediaType(declared, mediaType);
  if (key === undefined) {
    throw new Error(`${what}: media type ${mediaType} is not declared (declared: ${declared.join(', ')}) at #${resolved.pointer}`);
  }
  if (!isJson(mediaType)) return;
  const mediaObject = content[key];
  if (!isObject(mediaObject) || mediaObject.schema === undefined) return;

  const schemaPointer = `${resolved.pointer}/content/${escapePointer(key)}/schema`;
  const validate = validatorFor(schemaPointer);
  if (!validate(response.body)) {
    throw new Error(
      `${what}: the ${mediaType} body does not match openapi.yaml#${schemaPointer}\n` +
        `${formatErrors(validate.errors ?? [])}\n` +
        `body: ${preview(response.body)}`,
    );
  }
}

/** Compiles the schema at a pointer of the document once, by `$ref`, so its own `$ref`s resolve. */
function validatorFor(pointer: string): ValidateFunction {
  const { ajv, validators } = loadContract();
  const cached = validators.get(pointer);
  if (cached) return cached;
  const fragment = pointer
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
  const validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
  validators.set(pointer, validate);
  return validate;
}

function matchMediaType(declared: string[], mediaType: string): string | undefined {
  const [type] = mediaType.split('/');
  return (
    declared.find((key) => key.toLowerCase() === mediaType) ??
    declared.find((key) => key.toLowerCase() === `${type}/*`) ??
    declared.find((key) => key === '*/*')
  );
}

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

const isEmpty = (body: unknown) => body === undefined || body === null || body === '';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes one JSON pointer token (RFC 6901). */
function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function formatErrors(errors: ErrorObject[]): string {
  return errors
    .map(
      (error) =>
        `  ${error.instancePath || '(body)'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)} [${error.schemaPath}]`,
    )
    .join('\n');
}

function preview(body: unknown): string {
  const text = JSON.stringify(body) ?? String(body);
  return text.length > BODY_PREVIEW_CHARS ? `${text.slice(0, BODY_PREVIEW_CHARS)}… (${text.length} characters)` : text;
}
