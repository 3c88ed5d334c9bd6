import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { closeEncoding, openEncode, type Coding } from '../../../server/src/http/open-coding.js';

// A stored answer is compressed once, left open, and closed for each caller with bytes of its own
// (its rate budget), so a cached answer never carries another caller's numbers yet is never
// compressed again. The standard decoders must read every such stream as the whole text.
const decode: Record<Coding, (b: Buffer) => Buffer> = { gzip: gunzipSync, br: brotliDecompressSync };

describe.each(['gzip', 'br'] as const)('an open %s encoding', (coding) => {
  const bodies = {
    'a JSON answer': Buffer.from(
      JSON.stringify({ data: { lessons: Array.from({ length: 300 }, (_, i) => `lesson ${i}`) } }),
    ),
    'an empty body': Buffer.alloc(0),
    'incompressible bytes': randomBytes(200_000),
  };
  const tails = {
    nothing: Buffer.alloc(0),
    'a few bytes': Buffer.from(',"extensions":{"rateLimit":{"cost":1,"limit":2000,"remaining":1999}}}\n'),
    'more than one block': randomBytes(150_000),
  };
  for (const [bodyName, body] of Object.entries(bodies))
    for (const [tailName, tail] of Object.entries(tails))
      it(`ends ${bodyName} with ${tailName}`, async () => {
        const open = await openEncode(coding, body);
        const once = closeEncoding(open, tail);
        expect(decode[coding](once).equals(Buffer.concat([body, tail]))).toBe(true);
        // Closed again with other bytes: the open part is shared, untouched.
        const other = Buffer.from('}');
        expect(decode[coding](closeEncoding(open, other)).equals(Buffer.concat([body, other]))).toBe(true);
      });

  it('keeps the body compressed: closing adds only the tail and a few bytes', async () => {
    const body = bodies['a JSON answer'];
    const open = await openEncode(coding, body);
    expect(open.open.length).toBeLessThan(body.length / 4);
    const tail = tails['a few bytes'];
    expect(closeEncoding(open, tail).length - open.open.length).toBeLessThanOrEqual(tail.length + 16);
  });
});
