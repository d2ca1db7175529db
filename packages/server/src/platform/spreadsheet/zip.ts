import { createInflateRaw } from 'node:zlib';

/**
 * Just enough of the zip format to read a workbook safely: the central directory says what every
 * entry claims to unpack to before a byte is inflated, and inflation stops at that claim.
 */

export class SpreadsheetLimit extends Error {
  constructor(readonly reason: 'invalid' | 'too_large' | 'too_many_rows') {
    super(reason);
  }
}

export interface ZipEntry {
  name: string;
  method: 0 | 8;
  compressedSize: number;
  /** What the archive claims; inflating more than this is refused (a zip bomb lies here). */
  size: number;
  localOffset: number;
}

const invalid = () => new SpreadsheetLimit('invalid');
const MAX_ENTRIES = 1000;

/** The entries of the archive, refused when they claim more than `maxUnpacked` bytes in all. */
export function listEntries(buf: Buffer, maxUnpacked: number): ZipEntry[] {
  const floor = Math.max(0, buf.length - 22 - 0xffff);
  let end = -1;
  for (let i = buf.length - 22; i >= floor; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw invalid();
  const count = buf.readUInt16LE(end + 10);
  const dirSize = buf.readUInt32LE(end + 12);
  const dirOffset = buf.readUInt32LE(end + 16);
  // ZIP64 markers: a workbook under the upload cap never needs them.
  if (count === 0xffff || dirOffset === 0xffffffff || dirOffset + dirSize > end) throw invalid();
  if (count > MAX_ENTRIES) throw new SpreadsheetLimit('too_large');
  const entries: ZipEntry[] = [];
  let total = 0;
  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || buf.readUInt32LE(at) !== 0x02014b50) throw invalid();
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    if (flags & 0x1 || (method !== 0 && method !== 8)) throw invalid();
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) throw invalid();
    total += size;
    if (total > maxUnpacked) throw new SpreadsheetLimit('too_large');
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, method: method as 0 | 8, compressedSize, size, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function packed(buf: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw invalid();
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  if (start + entry.compressedSize > buf.length) throw invalid();
  return buf.subarray(start, start + entry.compressedSize);
}

/**
 * The entry's bytes as they unpack, chunk by chunk; more than the entry claimed is a zip bomb.
 * Leaving the loop early (the row limit) stops the inflation there.
 */
export async function* unpack(buf: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const data = packed(buf, entry);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw invalid();
    yield data;
    return;
  }
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
  let fed = 0;
  const feed = () => {
    // Fed in slices so a lying entry is caught after one slice, not after inflating all of it.
    while (fed < data.length) {
      const slice = data.subarray(fed, fed + 16 * 1024);
      fed += slice.length;
      if (!inflate.write(slice)) return;
    }
    inflate.end();
  };
  inflate.on('drain', feed);
  feed();
  let seen = 0;
  try {
    for await (const chunk of inflate) {
      seen += (chunk as Buffer).length;
      if (seen > entry.size) throw new SpreadsheetLimit('too_large');
      yield chunk as Buffer;
    }
  } catch (err) {
    if (err instanceof SpreadsheetLimit) throw err;
    throw invalid();
  } finally {
    inflate.destroy();
  }
  if (seen !== entry.size) throw invalid();
}

/** A small entry whole (workbook parts, shared strings, styles), under the same limit. */
export async function unpackWhole(buf: Buffer, entry: ZipEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of unpack(buf, entry)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
