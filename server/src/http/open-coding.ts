import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, crc32, deflateRaw } from 'node:zlib';

/** The content codings stored answers can be sent in, best first. */
export const CODINGS = ['br', 'gzip'] as const;
export type Coding = (typeof CODINGS)[number];

/**
 * A body compressed once and left open: its compressed bytes end at a flush point, without the
 * stream's end, so each time it is sent a few bytes of that response's own (the caller's rate
 * budget) can follow it without compressing the body again. They follow uncompressed: a gzip
 * stored block, a brotli uncompressed meta-block (RFC 1951 §3.2.4, RFC 7932 §9.2), then the end of
 * the stream. Nothing else here needs a library: zlib makes the flushed streams, these add bytes.
 */
export interface OpenEncoding {
  coding: Coding;
  /** The compressed body up to its flush point (gzip: with the gzip header). */
  open: Buffer;
  /** CRC-32 and length of the uncompressed body, for the gzip trailer. */
  crc: number;
  length: number;
}

/** A gzip member header: deflate, no name or time, unknown system (RFC 1952 §2.3). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** At most this many bytes go in one stored block (gzip) or uncompressed meta-block (brotli, MNIBBLES 4). */
const BLOCK = 65_535;

/** Compresses `body` in `coding`, leaving the stream open for bytes to follow. */
export async function openEncode(coding: Coding, body: Buffer): Promise<OpenEncoding> {
  if (coding === 'gzip') {
    const deflated = await promisify(deflateRaw)(body, { level: 6, finishFlush: zlibConstants.Z_SYNC_FLUSH });
    return { coding, open: Buffer.concat([GZIP_HEADER, deflated]), crc: crc32(body), length: body.length };
  }
  const open = await promisify(brotliCompress)(body, {
    finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH,
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  return { coding, open, crc: 0, length: body.length };
}

/** The bytes that end an open encoding with `tail` (uncompressed) after the body. */
export function closeEncoding(encoding: OpenEncoding, tail: Buffer): Buffer {
  const parts: Buffer[] = [];
  if (encoding.coding === 'gzip') {
    // Node 20's crc32 answers 0 for an empty buffer once a view of it has been taken: skip it then.
    const crc = tail.length ? crc32(tail, encoding.crc) >>> 0 : encoding.crc;
    // Stored blocks: a header byte at the byte boundary the sync flush left (BFINAL on the last),
    // LEN and its one's complement, then the bytes; an empty tail is one empty final block.
    let offset = 0;
    do {
      const chunk = tail.subarray(offset, offset + BLOCK);
      offset += chunk.length;
      const header = Buffer.alloc(5);
      header[0] = offset >= tail.length ? 1 : 0;
      header.writeUInt16LE(chunk.length, 1);
      header.writeUInt16LE(~chunk.length & 0xffff, 3);
      parts.push(header, chunk);
    } while (offset < tail.length);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc, 0);
    trailer.writeUInt32LE((encoding.length + tail.length) % 2 ** 32, 4);
    parts.push(trailer);
  } else {
    for (let offset = 0; offset < tail.length; offset += BLOCK) {
      const chunk = tail.subarray(offset, offset + BLOCK);
      // ISLAST 0, MNIBBLES 4 (code 0), MLEN - 1 in 16 bits, ISUNCOMPRESSED 1; then padding to the byte.
      const bits = ((chunk.length - 1) << 3) | (1 << 19);
      parts.push(Buffer.from([bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff]), chunk);
    }
    // ISLAST 1, ISLASTEMPTY 1: the end of the stream.
    parts.push(Buffer.from([0x03]));
  }
  return Buffer.concat([encoding.open, ...parts]);
}
