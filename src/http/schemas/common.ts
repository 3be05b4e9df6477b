/** TypeBox building blocks shared by routes: the error body, strict objects, ids. */
import { Type, type TObject, type TProperties } from '@sinclair/typebox';

/** The body of every error response. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'Stable snake_case code from the error catalog.' }),
    message: Type.String(),
    field: Type.Optional(Type.String({ description: 'The field or row at fault.' })),
    issues: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
}, { $id: undefined, description: 'An error' });

/** An object schema whose unknown fields are stripped (Ajv removeAdditional). */
export function StrictObject<T extends TProperties>(properties: T, options: { description?: string } = {}): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

export const Uuid = Type.String({ format: 'uuid', description: 'A UUID.' });

/** Error responses for the usual codes; spread into a route's `response`. */
export const errorResponses = (...codes: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429>) =>
  Object.fromEntries(codes.map((c) => [c, ErrorResponse])) as Record<number, typeof ErrorResponse>;

/** OpenAPI security requirement: an API token or a session cookie. */
export const secured: Array<Record<string, string[]>> = [{ bearer: [] }, { session: [] }];
