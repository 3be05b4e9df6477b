/** JSON Schema validation of OB 3.0 / CLR 2.0 documents (shipped schemas, Ajv 2019-09). */
export {
  validateOb3Credential, validateEndorsementCredential, validateClrCredential, validateProfile,
  summarizeErrors, formatSchemaIssues, type SchemaIssue, type SchemaResult,
} from './validate.ts';
