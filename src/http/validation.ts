/**
 * Request validation: one Ajv for bodies (no type coercion, so `{"name": 42}` is a 400 naming `name`) and one for
 * querystring, params and headers (which arrive as strings and are coerced). Both strip unknown fields where a
 * schema says `additionalProperties: false`, apply defaults and report every issue.
 */
import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function makeAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ removeAdditional: true, useDefaults: true, allErrors: true, coerceTypes, strict: false });
  addFormats(ajv);
  return ajv;
}

/** A Fastify validator compiler choosing the Ajv by request part. */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = makeAjv(false);
  const coercing = makeAjv('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
