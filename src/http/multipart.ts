/**
 * Reading multipart forms with one optional file: the fields as strings (repeated names become arrays)
 * and the file's bytes, with a per-form size limit reported as an error on the file's field.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';

export interface UploadedFile {
  field: string;
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string | string[]>;
  file: UploadedFile | null;
}

/**
 * Reads every part of a multipart request. A file larger than `maxFileBytes` is refused with
 * `tooLargeCode` naming its field; empty file inputs (no file chosen) are ignored.
 */
export async function readMultipartForm(
  request: FastifyRequest,
  opts: { maxFileBytes: number; maxFields?: number; tooLargeCode?: 'image_invalid' | 'payload_too_large' },
): Promise<MultipartForm> {
  const fields: Record<string, string | string[]> = {};
  let file: UploadedFile | null = null;
  const add = (name: string, value: string) => {
    const prev = fields[name];
    fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  };
  const maxFields = opts.maxFields ?? 200;
  for await (const part of request.parts({ limits: { fileSize: opts.maxFileBytes, files: 1, fields: maxFields, parts: maxFields + 1 } })) {
    if (part.type === 'file') {
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError(opts.tooLargeCode ?? 'payload_too_large', `The file is larger than ${Math.floor(opts.maxFileBytes / 1024)} KB.`, { field: part.fieldname });
        }
        throw e;
      }
      if (bytes.length > 0) file = { field: part.fieldname, filename: part.filename, mimetype: part.mimetype, bytes };
    } else {
      add(part.fieldname, typeof part.value === 'string' ? part.value : String(part.value ?? ''));
    }
  }
  return { fields, file };
}
