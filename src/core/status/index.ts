/** Credential status: W3C Bitstring Status List v1.0 (issue and read), 1EdTech Revocation List and StatusList2021 (read). */
export {
  MIN_STATUS_LIST_LENGTH, MAX_STATUS_LIST_BYTES, createBitstring, getBit, setBit, clearBit, getStatusValue, setStatusValue,
  encodeList, decodeList,
} from './bitstring.ts';
export { pickRandomFreeIndex, randomInt, type RandomBytes } from './allocate.ts';
export {
  buildStatusListCredential, buildStatusEntry,
  type BitstringStatusListCredential, type StatusListCredentialInput, type StatusPurpose,
} from './list-credential.ts';
export {
  readCredentialStatus, readBitstringStatus, readStatusList2021, readOneEdTechRevocationList, statusListUrlOf,
  type StatusReading, type StatusErrorCode,
} from './read.ts';
