import { promisify } from "node:util";
import { deflate } from "node:zlib";

/**
 * An opaque RGBA image (resvg's pixels over a white background) as a PNG. resvg-js's own
 * `asPng` runs on the calling thread and cost more than the drawing itself (adaptive row
 * filters, then deflate); rows unfiltered and node's zlib at level 3, on libuv's thread pool,
 * take a third of the CPU and leave the event loop free, for a file of about the same size.
 * resvg hands out premultiplied pixels, which equal straight ones only where alpha is 255:
 * callers give a background, so every pixel is.
 */

const deflateAsync = promisify(deflate);
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) {
    c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ -1) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export async function encodeOpaquePng(
  width: number,
  height: number,
  rgba: Buffer,
): Promise<Buffer> {
  const rowBytes = width * 4;
  if (rgba.length !== rowBytes * height) throw new Error("pixel buffer does not match the size");
  // Each scanline is a filter byte (0: none) and the row as is.
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    rgba.copy(raw, y * (rowBytes + 1) + 1, y * rowBytes, (y + 1) * rowBytes);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", await deflateAsync(raw, { level: 3 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
