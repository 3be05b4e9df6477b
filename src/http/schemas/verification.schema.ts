/** TypeBox schemas of the verification API (check logs, VC-API verify requests and responses). */
import { Type } from '@sinclair/typebox';

export const Status = Type.Union([Type.Literal('valid'), Type.Literal('invalid'), Type.Literal('unknown')], { description: '`unknown` = could not check; never reported as valid.' });

export const CheckOut = Type.Object({
  id: Type.String({ description: 'Stable snake_case check id: parse, jsonld_valid, context_and_type, ob_schema, proof, issuer_key_controller, validity_window, revocation_status, suspension_status, endorsements, nested_credentials.' }),
  status: Status,
  message: Type.String({ description: 'Plain language.' }),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const ReportOut = Type.Object({
  summary: Status,
  ownSummary: Type.Union([Status], { description: 'The credential\'s own result, without its endorsements.' }),
  format: Type.Optional(Type.String({ description: 'json, jwt, png, svg or pdf' })),
  checks: Type.Array(CheckOut),
  credential: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  children: Type.Optional(Type.Array(Type.Unknown(), { description: 'Reports of embedded endorsements and CLR-nested credentials.' })),
  display: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const VerifyBody = Type.Object({
  credential: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.String({ maxLength: 5_000_000 })], { description: 'A credential: JSON object, or text (JSON or a compact VC-JWT).' })),
  url: Type.Optional(Type.String({ maxLength: 2000, description: 'An http(s) address serving the credential.' })),
  code: Type.Optional(Type.String({ maxLength: 64, description: 'A verification code printed on a certificate.' })),
}, { additionalProperties: false, description: 'Give exactly one of credential, url or code.' });

export const VcApiVerifyCredentialBody = Type.Object({
  verifiableCredential: Type.Union([Type.Object({}, { additionalProperties: true }), Type.String({ maxLength: 5_000_000 })]),
  options: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

export const VcApiVerifyResponse = Type.Object({
  verified: Type.Boolean(),
  checks: Type.Array(Type.String(), { description: 'Ids of the checks that passed.' }),
  warnings: Type.Array(Type.String(), { description: 'Checks that could not be completed (`unknown`), as "id: message".' }),
  errors: Type.Array(Type.String(), { description: 'Checks that failed (`invalid`), as "id: message".' }),
  log: Type.Array(CheckOut),
});

export const VcApiVerifyPresentationBody = Type.Object({
  verifiablePresentation: Type.Object({}, { additionalProperties: true }),
  options: Type.Optional(Type.Object({ challenge: Type.Optional(Type.String()), domain: Type.Optional(Type.String()) }, { additionalProperties: true })),
});

export const VcApiVerifyPresentationResponse = Type.Object({
  verified: Type.Boolean(),
  checks: Type.Array(Type.String()),
  warnings: Type.Array(Type.String()),
  errors: Type.Array(Type.String()),
  presentationResult: Type.Object({ log: Type.Array(CheckOut) }),
  credentialResults: Type.Array(VcApiVerifyResponse),
});
