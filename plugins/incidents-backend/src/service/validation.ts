import { InputError, isError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';

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
    if (
      !isError(error) ||
      error.name !== 'InputError' ||
      !/request\/body must NOT have additional properties/.test(error.message)
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
    const known = new Set<string>(
      [schema, ...(schema?.oneOf ?? [])].flatMap(s =>
        Object.keys(resolve(spec, s)?.properties ?? {}),
      ),
    );
    const unknown = Object.keys(req.body ?? {}).filter(k => !known.has(k));
    next(
      unknown.length
        ? new InputError(
            `${unknown.join(', ')}: not a field of this request (allowed: ${[
              ...known,
            ].join(', ')})`,
          )
        : error,
    );
  };
}
