import { describe, expect, it } from 'vitest';
import { randomSerialNumber } from '../../../certificate/serial.js';

function fixed(...sequence: string[]) {
  let call = 0;
  return (size: number) => {
    const hex = sequence[Math.min(call++, sequence.length - 1)] as string;
    expect(hex.length).toBe(size * 2);
    return Buffer.from(hex, 'hex');
  };
}

describe('randomSerialNumber', () => {
  it('clears the top bit of 20 random bytes so the serial is positive', () => {
    const serial = randomSerialNumber(fixed('ff'.repeat(20)));
    expect(serial.displayHex).toBe('7F' + 'FF'.repeat(19));
    expect(serial.derHex).toBe('7f' + 'ff'.repeat(19));
  });

  it('drops leading zero bytes and pads with 00 where the next byte would read as negative', () => {
    const serial = randomSerialNumber(fixed('0000' + '85' + '11'.repeat(17)));
    expect(serial.displayHex).toBe('85' + '11'.repeat(17));
    expect(serial.derHex).toBe('0085' + '11'.repeat(17));
  });

  it('draws again instead of returning a zero serial', () => {
    const serial = randomSerialNumber(fixed('80' + '00'.repeat(19), '00'.repeat(19) + '01'));
    expect(serial.displayHex).toBe('01');
  });

  it('is random by default', () => {
    expect(randomSerialNumber().derHex).not.toBe(randomSerialNumber().derHex);
  });
});
