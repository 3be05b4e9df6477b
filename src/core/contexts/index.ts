// Generated from document-loader-map.json: every shipped JSON-LD context, statically imported (no I/O).

import ctx0 from './w3c/credentials-v2.json' with { type: 'json' };
import ctx1 from './w3c/credentials-v1.json' with { type: 'json' };
import ctx2 from './w3c/credentials-examples-v2.json' with { type: 'json' };
import ctx3 from './w3c/credentials-examples-v1.json' with { type: 'json' };
import ctx4 from './w3c/credentials-undefined-terms-v2.json' with { type: 'json' };
import ctx5 from './w3c/bitstring-status-list-v1.json' with { type: 'json' };
import ctx6 from './w3c/status-list-2021-v1.json' with { type: 'json' };
import ctx7 from './w3c/data-integrity-v2.json' with { type: 'json' };
import ctx8 from './w3c/data-integrity-v1.json' with { type: 'json' };
import ctx9 from './w3c/multikey-v1.json' with { type: 'json' };
import ctx10 from './w3c/did-v1.json' with { type: 'json' };
import ctx11 from './w3c/ed25519-signature-2020-v1.json' with { type: 'json' };
import ctx12 from './w3c/security-v1.json' with { type: 'json' };
import ctx13 from './w3c/security-v2.json' with { type: 'json' };
import ctx14 from './1edtech/ob-v3p0-context-3.0.3.json' with { type: 'json' };
import ctx15 from './1edtech/ob-v3p0-context-3.0.2.json' with { type: 'json' };
import ctx16 from './1edtech/ob-v3p0-context-3.0.1.json' with { type: 'json' };
import ctx17 from './1edtech/ob-v3p0-context-3.0.0.json' with { type: 'json' };
import ctx18 from './1edtech/ob-v3p0-extensions.json' with { type: 'json' };
import ctx19 from './1edtech/clr-v2p0-context-2.0.1.json' with { type: 'json' };
import ctx20 from './1edtech/clr-v2p0-context.json' with { type: 'json' };
import ctx21 from './1edtech/ob-v2p0-context.json' with { type: 'json' };

/** Every shipped context document, keyed by its IRI. */
export const CONTEXTS: ReadonlyMap<string, object> = new Map<string, object>([
  ['https://www.w3.org/ns/credentials/v2', ctx0 as object],
  ['https://www.w3.org/2018/credentials/v1', ctx1 as object],
  ['https://www.w3.org/ns/credentials/examples/v2', ctx2 as object],
  ['https://www.w3.org/2018/credentials/examples/v1', ctx3 as object],
  ['https://www.w3.org/ns/credentials/undefined-terms/v2', ctx4 as object],
  ['https://www.w3.org/ns/credentials/status/v1', ctx5 as object],
  ['https://w3id.org/vc/status-list/2021/v1', ctx6 as object],
  ['https://w3id.org/security/data-integrity/v2', ctx7 as object],
  ['https://w3id.org/security/data-integrity/v1', ctx8 as object],
  ['https://w3id.org/security/multikey/v1', ctx9 as object],
  ['https://www.w3.org/ns/did/v1', ctx10 as object],
  ['https://w3id.org/security/suites/ed25519-2020/v1', ctx11 as object],
  ['https://w3id.org/security/v1', ctx12 as object],
  ['https://w3id.org/security/v2', ctx13 as object],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', ctx14 as object],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', ctx15 as object],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', ctx16 as object],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context.json', ctx17 as object],
  ['https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', ctx18 as object],
  ['https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json', ctx19 as object],
  ['https://purl.imsglobal.org/spec/clr/v2p0/context.json', ctx20 as object],
  ['https://w3id.org/openbadges/v2', ctx21 as object],
]);
