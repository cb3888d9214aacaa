// The AT line reader (src/core/sms/at.ts AtFramer): what a modem writes on the serial line, cut into
// lines and the "> " prompt of AT+CMGS, whatever the chunks; complements the chunking case of
// sms-pdu.test.ts.
import { describe, expect, it } from 'vitest';
import { AtFramer } from '../../src/core/sms/at.js';

describe('AT lines from the serial line', () => {
  it('spaces around an answer are not part of it, and a line of spaces is no line', () => {
    const f = new AtFramer();
    expect(f.push('\r\n  +CSQ: 17,99 \r\n   \r\nOK  \r\n')).toEqual([
      { kind: 'line', text: '+CSQ: 17,99' },
      { kind: 'line', text: 'OK' },
    ]);
  });

  it('the prompt for the PDU counts when the modem puts a space before it', () => {
    const f = new AtFramer();
    expect(f.push('\r\n > ')).toEqual([{ kind: 'prompt' }]);
    // The prompt is consumed: the answer after the PDU is read from a clean start.
    expect(f.push('\r\n+CMGS: 7\r\n\r\nOK\r\n')).toEqual([
      { kind: 'line', text: '+CMGS: 7' },
      { kind: 'line', text: 'OK' },
    ]);
  });

  it('a modem that talks without end of line: only the last 4096 characters of the unended line are kept', () => {
    const f = new AtFramer();
    const head = 'a'.repeat(1000);
    const tail = 'b'.repeat(4094);
    expect(f.push(head + tail)).toEqual([]); // 5094 characters, no end of line
    expect(f.push('OK\r\n')).toEqual([{ kind: 'line', text: 'a'.repeat(2) + tail + 'OK' }]);
    // A line of exactly 4096 characters is kept whole, and the reader goes on as before.
    const full = 'c'.repeat(4096);
    expect(f.push(full)).toEqual([]);
    expect(f.push('\r\nOK\r\n')).toEqual([
      { kind: 'line', text: full },
      { kind: 'line', text: 'OK' },
    ]);
  });

  it('after a reset (the port opened again) a half line from before is forgotten', () => {
    const f = new AtFramer();
    expect(f.push('\r\n+CMGS: 1')).toEqual([]);
    f.reset();
    expect(f.push('OK\r\n')).toEqual([{ kind: 'line', text: 'OK' }]);
  });
});
