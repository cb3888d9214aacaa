// What a modem's answers mean (src/core/sms/at.ts), read from the lines 3GPP TS 27.007 / 27.005
// define: the final result of a command, the number of a +CMS/+CME ERROR and what the sender does
// about it, signal (+CSQ), registration (+CREG/+CEREG), SIM PIN state (+CPIN), the operator (+COPS)
// and the reference of a sent message (+CMGS). sms-pdu.test.ts has the common cases; here are the
// others, and the forms a modem may write them in.
import { describe, expect, it } from 'vitest';
import {
  classifyCms,
  errorCode,
  finalResult,
  parseCmgs,
  parseCops,
  parseCpin,
  parseCsq,
  parseRegistration,
  registered,
  type Registration,
} from '../../src/core/sms/at.js';

/** Line noise before an answer (0xFF read as latin1, as a serial line shows after power-up). */
const NOISE = '\u00ff';

describe('the end of a command\'s answer', () => {
  it('OK, ERROR, NO CARRIER, +CMS ERROR and +CME ERROR end it; an information line does not', () => {
    const lines = ['OK', 'ERROR', 'NO CARRIER', '+CMS ERROR: 500', '+CME ERROR: 10', '+CSQ: 17,99', '+CMGS: 12', 'RING'];
    expect(lines.map(finalResult)).toEqual(['ok', 'error', 'error', 'cms', 'cme', null, null, null]);
  });

  it('the number of an error, whether the modem puts a space after the colon or not', () => {
    expect(errorCode('+CMS ERROR: 500')).toBe(500);
    expect(errorCode('+CMS ERROR:304')).toBe(304);
    expect(errorCode('+CME ERROR: 10')).toBe(10);
  });

  it('an error in words (AT+CMEE=2) has no number: -1, and the message is tried again later', () => {
    expect(errorCode('+CME ERROR: SIM not inserted')).toBe(-1);
    expect(errorCode('+CMS ERROR: network timeout')).toBe(-1);
    expect(classifyCms(-1)).toBe('network');
  });

  it('an error name further into a line is not an error line', () => {
    expect(errorCode(`${NOISE}+CMS ERROR: 500`)).toBe(-1);
  });

  it('code 0 is no cause the network sends for a retry: the message is refused', () => {
    expect(classifyCms(0)).toBe('rejected');
  });
});

describe('signal (+CSQ)', () => {
  it('rssi to dBm and bars at each edge: weak below -100 dBm, good above -85 dBm', () => {
    const bars = (rssi: number) => parseCsq(`+CSQ: ${rssi},99`);
    expect(bars(0)).toEqual({ rssi: 0, dbm: -113, bars: 1 });
    expect(bars(6)).toEqual({ rssi: 6, dbm: -101, bars: 1 });
    expect(bars(7)).toEqual({ rssi: 7, dbm: -99, bars: 2 });
    expect(bars(14)).toEqual({ rssi: 14, dbm: -85, bars: 2 });
    expect(bars(15)).toEqual({ rssi: 15, dbm: -83, bars: 3 });
    expect(bars(31)).toEqual({ rssi: 31, dbm: -51, bars: 3 });
  });

  it('a value outside 0-31 is not a GSM signal level: unknown, no bars', () => {
    // 32-98 are not defined; 100-191 are TD-SCDMA levels this reading does not use; 199 unknown.
    for (const rssi of [32, 50, 100, 191, 199]) expect(parseCsq(`+CSQ: ${rssi},99`), String(rssi)).toEqual({ rssi: null, dbm: null, bars: 0 });
  });

  it('spaces around the comma, or none after the colon, are read the same', () => {
    const s17 = { rssi: 17, dbm: -79, bars: 3 };
    expect(parseCsq('+CSQ:17,99')).toEqual(s17);
    expect(parseCsq('+CSQ: 17 ,99')).toEqual(s17);
    expect(parseCsq('+CSQ: 17, 99')).toEqual(s17);
    expect(parseCsq(`${NOISE}+CSQ: 17,99`)).toBeUndefined();
  });
});

describe('registration (+CREG, +CEREG)', () => {
  it('each state TS 27.007 defines', () => {
    const states = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'].map((stat) => parseRegistration(`+CEREG: 0,${stat}`)?.state);
    expect(states).toEqual(['none', 'home', 'searching', 'denied', 'unknown', 'roaming', 'home', 'roaming', 'unknown', 'home', 'roaming', 'unknown']);
  });

  it('registered for "CSFB not preferred" (9 home, 10 roaming) is registered: text messages can go', () => {
    expect(parseRegistration('+CEREG: 0,9')).toEqual({ kind: 'CEREG', state: 'home' });
    expect(parseRegistration('+CREG: 2,10,"1A2B","01C2D3E4",7')).toEqual({ kind: 'CREG', state: 'roaming' });
  });

  it('spaces, no space after the colon and <n> written with two digits are read the same', () => {
    for (const line of ['+CREG:0,1', '+CREG: 0 ,1', '+CREG: 0, 1', '+CREG: 00,1']) expect(parseRegistration(line), line).toEqual({ kind: 'CREG', state: 'home' });
    expect(parseRegistration('+CGREG: 0,5')).toEqual({ kind: 'CGREG', state: 'roaming' });
    expect(parseRegistration(`${NOISE}+CREG: 0,1`)).toBeUndefined();
  });

  it('only home and roaming are registered', () => {
    const all: Registration[] = ['home', 'roaming', 'searching', 'denied', 'none', 'unknown'];
    expect(all.map(registered)).toEqual([true, true, false, false, false, false]);
  });
});

describe('SIM PIN state (+CPIN)', () => {
  it('READY, SIM PIN, SIM PUK; any other code (PIN2, a phone lock) is other', () => {
    const lines = ['+CPIN: READY', '+CPIN: SIM PIN', '+CPIN: SIM PUK', '+CPIN: SIM PIN2', '+CPIN: SIM PUK2', '+CPIN: PH-SIM PIN'];
    expect(lines.map(parseCpin)).toEqual(['ready', 'pin', 'puk', 'other', 'other', 'other']);
  });

  it('no space after the colon is read the same; noise before the name, or a line break inside, is no answer', () => {
    expect(parseCpin('+CPIN:READY')).toBe('ready');
    expect(parseCpin('+CPIN:SIM PUK')).toBe('puk');
    expect(parseCpin(`${NOISE}+CPIN: READY`)).toBeUndefined();
    // parseCpin reads one line: two lines not yet cut apart are not one answer.
    expect(parseCpin('+CPIN: READY\r\nOK')).toBeUndefined();
  });
});

describe('operator (+COPS)', () => {
  it('the name or the numeric code the modem gives, nothing when it has no operator', () => {
    expect(parseCops('+COPS: 0,0,"Viettel",7')).toBe('Viettel');
    expect(parseCops('+COPS: 0,2,"45204",7')).toBe('45204');
    expect(parseCops('+COPS: 0,0,"MobiFone"')).toBe('MobiFone');
    expect(parseCops('+COPS: 0')).toBeUndefined();
  });

  it('spaces, no space after the colon and numbers of more than one digit are read the same', () => {
    expect(parseCops('+COPS:0,0,"Vinaphone",7')).toBe('Vinaphone');
    expect(parseCops('+COPS: 0 , 0 , "Vinaphone"')).toBe('Vinaphone');
    expect(parseCops('+COPS: 01,00,"Vinaphone"')).toBe('Vinaphone');
    expect(parseCops(`${NOISE}+COPS: 0,0,"Vinaphone"`)).toBeUndefined();
  });
});

describe('a sent message\'s reference (+CMGS)', () => {
  it('the whole number 0-255, with or without a space after the colon', () => {
    expect(parseCmgs('+CMGS: 12')).toBe(12);
    expect(parseCmgs('+CMGS: 255')).toBe(255);
    expect(parseCmgs('+CMGS:7')).toBe(7);
    expect(parseCmgs('+CMGS: ')).toBeUndefined();
    expect(parseCmgs(`${NOISE}+CMGS: 12`)).toBeUndefined();
  });
});
