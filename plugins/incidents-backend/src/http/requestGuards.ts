import {
  CustomErrorBase,
  InputError,
  isError,
  serializeError,
} from '@backstage/errors';
import express, {
  ErrorRequestHandler,
  Request,
  RequestHandler,
  Response,
} from 'express';

/**
 * The request body could not be read: too large (413), not JSON (400), an
 * unsupported charset or encoding (415).
 */
export class RequestBodyError extends CustomErrorBase {
  name = 'RequestBodyError' as const;

  constructor(message: string, readonly statusCode: number) {
    super(message);
  }
}

type Spec = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: ReadonlyArray<unknown>;
        requestBody?: unknown;
      }
    >
  >;
  components: { parameters?: Record<string, unknown> };
};

function resolve(spec: Spec, value: any): any {
  if (value && typeof value.$ref === 'string') {
    const [, , section, name] = value.$ref.split('/');
    return resolve(spec, (spec.components as any)[section][name]);
  }
  return value;
}

function findOperation(spec: Spec, method: string, path: string) {
  for (const [template, operations] of Object.entries(spec.paths)) {
    const pattern = new RegExp(
      `^${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`,
    );
    if (pattern.test(path)) {
      return operations[method.toLowerCase()];
    }
  }
  return undefined;
}

/**
 * The spec validator reports unknown body fields without naming them
 * ("request/body must NOT have additional properties"); name them, so the
 * caller learns which field was refused.
 */
export function namedUnknownFields(openApiSpec: unknown): ErrorRequestHandler {
  const spec = openApiSpec as Spec;
  return (error, req, _res, next) => {
    const unknownFields = /request\/body must NOT have additional properties/;
    // a JSON array, string or number where an object is expected
    const notAnObject = /^request\/body must be object\b/;
    // `{}` where at least one field is expected
    const empty = /^request\/body must NOT have fewer than 1 properties/;
    if (
      !isError(error) ||
      error.name !== 'InputError' ||
      ![unknownFields, notAnObject, empty].some(r => r.test(error.message))
    ) {
      next(error);
      return;
    }
    const operation = findOperation(spec, req.method, req.path);
    const schema = resolve(
      spec,
      resolve(spec, operation?.requestBody)?.content?.['application/json']
        ?.schema,
    );
    const known = [
      ...new Set<string>(
        [schema, ...(schema?.oneOf ?? [])].flatMap(s =>
          Object.keys(resolve(spec, s)?.properties ?? {}),
        ),
      ),
    ];
    if (!unknownFields.test(error.message)) {
      const what = notAnObject.test(error.message)
        ? 'must be a JSON object'
        : 'must set at least one field';
      next(
        new InputError(`request body: ${what} (fields: ${known.join(', ')})`),
      );
      return;
    }
    const unknown = Object.keys(req.body ?? {}).filter(k => !known.includes(k));
    next(
      unknown.length
        ? new InputError(
            `${unknown.join(
              ', ',
            )}: not a field of this request (allowed: ${known.join(', ')})`,
          )
        : error,
    );
  };
}

/**
 * Answers an error raised before the OpenAPI router's routes in the shape of
 * Backstage's error handler (that router would turn it into a 400).
 */
function answerError(
  req: Request,
  res: Response,
  error: Error,
  status: number,
) {
  res.status(status).json({
    error: serializeError(error),
    request: { method: req.method, url: req.url },
    response: { statusCode: status },
  });
}

/**
 * express.json with a limit, whose errors (from body-parser: a `type` and a
 * 4xx `status`) are answered as JSON errors that name the request body and
 * say what is wrong, in the shape of Backstage's error handler. It answers
 * them itself: the OpenAPI router turns every error raised before its routes
 * into a 400 InputError, which would make a body over the limit a 400.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes });
  return (req, res, next) => {
    const refuse = (status: number, reason: string) =>
      answerError(
        req,
        res,
        new RequestBodyError(`request body: ${reason}`, status),
        status,
      );
    parse(req, res, (error?: unknown) => {
      if (!error) {
        const path = pathOfNul(req.body);
        if (path !== undefined) {
          refuse(
            400,
            `${
              path || 'the body'
            }: contains a NUL character (U+0000), which text fields cannot store`,
          );
          return;
        }
      }
      const { type, status, message } = (error ?? {}) as {
        type?: unknown;
        status?: unknown;
        message?: unknown;
      };
      if (
        typeof type !== 'string' ||
        typeof status !== 'number' ||
        status < 400 ||
        status >= 500
      ) {
        next(error);
        return;
      }
      let reason = String(message);
      if (type === 'entity.too.large') {
        reason = `larger than the limit of ${limitBytes / 1024 / 1024} MB`;
      } else if (type === 'entity.parse.failed') {
        reason = `not valid JSON (${message})`;
      }
      refuse(status, reason);
    });
  };
}

/**
 * Refuses a query parameter of the API that holds a NUL character (400
 * naming it): no parameter can contain one, and PostgreSQL would fail the
 * statement it reaches. Names that are no parameter of the API are left to
 * the OpenAPI validator, which refuses them as unknown.
 */
export function noNulInQuery(openApiSpec: unknown): RequestHandler {
  const spec = openApiSpec as Spec;
  const names = new Set<string>();
  for (const operations of Object.values(spec.paths)) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) {
        const p = resolve(spec, parameter);
        if (p?.in === 'query') names.add(p.name);
      }
    }
  }
  return (req, res, next) => {
    const name = pathOfNul(req.query)?.split('.')[0];
    if (name === undefined || !names.has(name)) {
      next();
      return;
    }
    answerError(
      req,
      res,
      new InputError(
        `${name}: contains a NUL character (U+0000), which no query parameter may`,
      ),
      400,
    );
  };
}

/**
 * The path (`title`, `items.2.name`) of the first string or key of a parsed
 * JSON value that holds a NUL character, which PostgreSQL's text cannot
 * store (it fails the whole statement); undefined when there is none.
 */
export function pathOfNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? path : undefined;
  }
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) {
      return itemPath;
    }
    const found = pathOfNul(item, itemPath);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

const RUNBOOK_PREFIX = '/runbooks/';

/**
 * `GET /runbooks/{path}` takes a path with slashes (`runbooks/database.md`),
 * which neither the spec validator nor an Express `:param` matches. Encoding
 * the slashes of the rest of the URL path makes it one segment for both;
 * Express then decodes it exactly once into `req.params.path`. An already
 * encoded `%2F` works the same, and `%252F` stays `%2F` (no double decoding).
 */
export const runbookPathAsOneSegment: RequestHandler = (req, _res, next) => {
  if (req.url.startsWith(RUNBOOK_PREFIX)) {
    const queryAt = req.url.indexOf('?');
    const pathPart = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
    const query = queryAt < 0 ? '' : req.url.slice(queryAt);
    const rest = pathPart.slice(RUNBOOK_PREFIX.length);
    if (rest) {
      req.url = `${RUNBOOK_PREFIX}${rest.replace(/\//g, '%2F')}${query}`;
    }
  }
  next();
};
