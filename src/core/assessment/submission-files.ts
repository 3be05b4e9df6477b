/**
 * Rules for files learners attach to project submissions: allowed types (by extension, declared type and
 * content signature), size limits, and the safe name they are stored under.
 */
import { AppError } from '../errors.ts';

export interface FileRule {
  type: string;
  /** Leading bytes the content must start with (null: text formats, no signature). */
  magic: number[][] | null;
}

/** Accepted extensions → canonical MIME type and content signature. */
export const SUBMISSION_FILE_TYPES: Readonly<Record<string, FileRule>> = {
  pdf: { type: 'application/pdf', magic: [[0x25, 0x50, 0x44, 0x46]] },
  png: { type: 'image/png', magic: [[0x89, 0x50, 0x4e, 0x47]] },
  jpg: { type: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  jpeg: { type: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  gif: { type: 'image/gif', magic: [[0x47, 0x49, 0x46, 0x38]] },
  webp: { type: 'image/webp', magic: [[0x52, 0x49, 0x46, 0x46]] },
  zip: { type: 'application/zip', magic: [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06]] },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  pptx: { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  odt: { type: 'application/vnd.oasis.opendocument.text', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  txt: { type: 'text/plain', magic: null },
  md: { type: 'text/markdown', magic: null },
  csv: { type: 'text/csv', magic: null },
};

export const SUBMISSION_LIMITS = { fileBytes: 10 * 1024 * 1024, files: 5, links: 10, text: 50_000 } as const;

/** The uploaded name reduced to a harmless display name (no path, no control characters, ≤ 120 chars). */
export function displayFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
  const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f"<>|:*?]/gu, '_').replace(/^\.+/, '').trim();
  return (clean || 'file').slice(0, 120);
}

/**
 * Check one uploaded file and return its canonical type. The extension must be allowed, and for binary
 * formats the content must carry that format's signature (a renamed executable is refused).
 * Throws `file_type_not_allowed` or `file_too_large` naming the field.
 */
export function checkSubmissionFile(file: { name: string; bytes: Uint8Array }, field = 'files'): { name: string; type: string; ext: string } {
  const name = displayFileName(file.name);
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const rule = SUBMISSION_FILE_TYPES[ext];
  if (!rule) {
    throw new AppError('file_type_not_allowed', `“${name}” is not an accepted file type; use ${Object.keys(SUBMISSION_FILE_TYPES).join(', ')}.`, { field });
  }
  if (file.bytes.length === 0) throw new AppError('validation_failed', `“${name}” is empty.`, { field });
  if (file.bytes.length > SUBMISSION_LIMITS.fileBytes) {
    throw new AppError('file_too_large', `“${name}” is larger than ${SUBMISSION_LIMITS.fileBytes / 1024 / 1024} MB.`, { field });
  }
  if (rule.magic && !rule.magic.some((sig) => sig.every((b, i) => file.bytes[i] === b))) {
    throw new AppError('file_type_not_allowed', `“${name}” does not contain what its .${ext} extension says.`, { field });
  }
  if (!rule.magic && file.bytes.includes(0)) {
    throw new AppError('file_type_not_allowed', `“${name}” should be plain text but contains binary data.`, { field });
  }
  return { name, type: rule.type, ext };
}
