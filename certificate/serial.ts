import { randomBytes } from 'node:crypto';

export interface SerialNumber {
  /** DER INTEGER content as hex: minimal, with a 00 prefix where the top bit would read as negative. */
  derHex: string;
  /** The value as `openssl x509 -serial` prints it: uppercase hex of the magnitude, even length. */
  displayHex: string;
}

/**
 * A random serial the way OpenSSL 3 `req -x509` picks one (apps `rand_serial`: 159 random bits),
 * i.e. 20 random bytes with the top bit cleared, so the number is positive and fits the 20 octets
 * RFC 5280 allows; zero is redrawn since serials must be non-zero.
 */
export function randomSerialNumber(random: (size: number) => Uint8Array = randomBytes): SerialNumber {
  for (;;) {
    const bytes = Buffer.from(random(20));
    bytes[0] = (bytes[0] as number) & 0x7f;
    const value = BigInt(`0x${bytes.toString('hex')}`);
    if (value === 0n) continue;
    let magnitude = value.toString(16).toUpperCase();
    if (magnitude.length % 2 === 1) magnitude = `0${magnitude}`;
    // Leading zero bytes are dropped (DER wants the shortest form), which can expose a byte with
    // its top bit set: that one needs a 00 in front to stay positive.
    const derHex = parseInt(magnitude.slice(0, 2), 16) >= 0x80 ? `00${magnitude}` : magnitude;
    return { derHex: derHex.toLowerCase(), displayHex: magnitude };
  }
}
