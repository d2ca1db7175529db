import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import { AppError } from './errors.js';
import { newId } from './ids.js';

/**
 * An uploaded file on its way to the database: streamed to a temporary file as it arrives, hashed
 * and counted on the way, so a 200 MB attachment costs the server a few buffers of memory, not
 * 200 MB (and not again as a query parameter). The caller removes it when the request is done.
 */
export interface SpooledFile {
  field: string;
  filename: string;
  path: string;
  size: number;
  sha256: string;
  remove(): Promise<void>;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Where uploads wait for their transaction: under the process's own data directory. */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/**
 * Writes one multipart file part to disk in the data directory's uploads folder. Past maxBytes (the
 * multipart limit stops reading there too) the partial file is deleted and the caller gets
 * attachment.too_large with the limit.
 */
export async function spoolUpload(
  part: MultipartFile,
  options: { maxBytes: number; dataDir: string },
): Promise<SpooledFile> {
  const { maxBytes } = options;
  const dir = uploadsDir(options.dataDir);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `upload-${newId()}`);
  const hash = createHash('sha256');
  let size = 0;
  let over = false;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        // Keep draining the request, write nothing more.
        done();
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const remove = () => fs.promises.rm(file, { force: true });
  try {
    await pipeline(part.file, count, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await remove();
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError('attachment.too_large', { max: formatBytes(maxBytes) });
    throw err;
  }
  if (over || part.file.truncated) {
    await remove();
    throw new AppError('attachment.too_large', { max: formatBytes(maxBytes) });
  }
  return { field: part.fieldname, filename: part.filename, path: file, size, sha256: hash.digest('hex'), remove };
}

/** Reads a spooled file in pieces of `chunkBytes`, for storing without holding it whole. */
export async function* fileChunks(file: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield bytesRead === chunkBytes ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
