import { randomBytes } from 'node:crypto';

export type UuidGenerator = () => string;

/**
 * RFC 9562 UUIDv7: 48-bit Unix milliseconds, version 7, then randomness. Within one millisecond
 * the 12-bit `rand_a` field is a counter, so ids generated in a row sort in generation order
 * (the property Systeme.io's message ids have and receivers may rely on when logging).
 */
export function createUuidV7(now: () => number = Date.now, random: (size: number) => Buffer = randomBytes): UuidGenerator {
  let lastMs = -1;
  let counter = 0;
  return () => {
    const ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      // Start low in the counter space so many ids fit in the same millisecond.
      counter = random(2).readUInt16BE(0) & 0x3ff;
    } else if (++counter > 0xfff) {
      // Counter exhausted: borrow the next millisecond rather than lose ordering.
      lastMs += 1;
      counter = 0;
    }
    const bytes = Buffer.alloc(16);
    bytes.writeUIntBE(lastMs, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    random(8).copy(bytes, 8);
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** The millisecond timestamp a UUIDv7 carries. */
export function uuidV7Time(uuid: string): number {
  return Number.parseInt(uuid.replaceAll('-', '').slice(0, 12), 16);
}
