/** Last line of defence in the builders: what we emit must pass the official JSON Schema. */
import { AppError } from '../errors.ts';
import { formatSchemaIssues, type SchemaResult } from '../schema/index.ts';

/** Throws AppError(credential_schema_invalid) listing each schema issue as a field issue. */
export function assertSchema(result: SchemaResult, what: string): void {
  if (result.valid) return;
  throw new AppError('credential_schema_invalid', `The ${what} does not pass its JSON Schema: ${formatSchemaIssues(result.errors)}`, {
    issues: result.errors.map((e) => ({ field: e.path || '(document)', message: e.message })),
  });
}
