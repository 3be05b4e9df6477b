/** Sending wallet downloads from pages and routes: one format name per file kind. */
import type { FastifyReply } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { FileDownload, WalletDownloadsService } from '../../services/wallet-downloads.service.ts';
import type { WalletCredential } from '../../services/wallet-view.ts';

export const DOWNLOAD_FORMATS = ['json', 'jwt', 'png', 'svg', 'pdf-a4', 'pdf-letter'] as const;

/** Builds one download of a credential; `not_found` for an unknown format. */
export async function buildDownload(downloads: WalletDownloadsService, c: WalletCredential, format: string, holderName?: string): Promise<FileDownload> {
  switch (format) {
    case 'json': return downloads.json(c);
    case 'jwt': return downloads.jwt(c);
    case 'png': return downloads.baked(c, 'png');
    case 'svg': return downloads.baked(c, 'svg');
    case 'pdf-a4': return downloads.pdf(c, 'a4', holderName);
    case 'pdf-letter': return downloads.pdf(c, 'letter', holderName);
    default: throw new AppError('not_found', `Unknown download format "${format}": use ${DOWNLOAD_FORMATS.join(', ')}.`, { field: 'format' });
  }
}

/** Sends a file as an attachment (never cached: it may be private). */
export function sendFile(reply: FastifyReply, file: FileDownload): FastifyReply {
  return reply.header('cache-control', 'private, no-store').header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('x-content-type-options', 'nosniff').type(file.contentType).send(Buffer.from(file.bytes));
}
