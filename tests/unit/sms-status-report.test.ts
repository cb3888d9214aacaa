// Delivery reports as the modem hands them over (+CDS, src/core/sms/pdu.ts parseStatusReport): every
// field of an SMS-STATUS-REPORT (TS 23.040 §9.2.2.3) read exactly, the forms of the recipient's
// address and of the network's time zone, what each TP-ST range means for the citizen's message,
// and how malformed input from the line is refused. The PDUs are written out here field by field.
import { describe, expect, it } from 'vitest';
import { outcomeOf, parseStatusReport } from '../../src/core/sms/pdu.js';
import { refusal } from '../helpers/refusal.js';

/** SMSC +84980200030: 7 octets, type 91, swapped BCD. */
const SMSC = '07' + '91' + '4889200030F0';
/** +84912345678: 11 digits, type 91. */
const RA = '0B91' + '4819325476F8';
/** 2026-11-23 09:15:09, zone +28 quarters of an hour (UTC+7): swapped semi-octets. */
const TS = '62113290519082';

/** A status report: first octet 06 (TP-MTI 10, no more messages), TP-MR, TP-RA, TP-SCTS, TP-DT, TP-ST. */
const report = (f: { mr?: string; ra?: string; dt?: string; st?: string } = {}) => '06' + (f.mr ?? '4D') + (f.ra ?? RA) + TS + (f.dt ?? TS) + (f.st ?? '00');

const DELIVERED = { mr: 77, recipient: '+84912345678', status: 0, outcome: 'delivered', dischargedAt: '2026-11-23T09:15:09+07:00' };

describe('reading a status report', () => {
  it('reads one with the SMSC in front (the usual +CDS form) and one without', () => {
    expect(parseStatusReport(SMSC + report())).toEqual(DELIVERED);
    expect(parseStatusReport(report(), false)).toEqual(DELIVERED);
  });

  it('takes the line as the modem sends it, with spaces or CR LF around the hex', () => {
    expect(parseStatusReport(` ${SMSC + report()}\r\n`)).toEqual(DELIVERED);
  });

  it('reads a national recipient (type 81) without a +', () => {
    expect(parseStatusReport(SMSC + report({ ra: '0A81' + '9021436587' })).recipient).toBe('0912345678');
  });

  it('reads an alphanumeric recipient (type D0: GSM-7 text, its length in semi-octets)', () => {
    // "Viettel": 7 septets = 49 bits, 13 semi-octets, packed LSB first into 7 octets.
    expect(parseStatusReport(SMSC + report({ ra: '0DD0' + 'D674994E2FB301' })).recipient).toBe('Viettel');
  });

  it('reads only as many digits as the address says, whatever the nibble after an odd count', () => {
    // 11 digits whose last octet carries 0, not the usual filler F, in its upper nibble.
    expect(parseStatusReport(SMSC + report({ ra: '0B91' + '481932547608' })).recipient).toBe('+84912345678');
  });

  it('never reads the filler F as a digit, even when the count includes it', () => {
    expect(parseStatusReport(SMSC + report({ ra: '0C91' + '4819325476F8' })).recipient).toBe('+84912345678');
  });

  it('reads the network time zone with its sign: west of Greenwich, and Greenwich itself', () => {
    // -05:00: 20 quarters, written 0 2 with the sign bit (8) in the tens semi-octet: 0A.
    expect(parseStatusReport(SMSC + report({ dt: '621132905190' + '0A' })).dischargedAt).toBe('2026-11-23T09:15:09-05:00');
    expect(parseStatusReport(SMSC + report({ dt: '621132905190' + '00' })).dischargedAt).toBe('2026-11-23T09:15:09+00:00');
    // +05:45 (Nepal): 23 quarters.
    expect(parseStatusReport(SMSC + report({ dt: '621132905190' + '32' })).dischargedAt).toBe('2026-11-23T09:15:09+05:45');
  });
});

describe('what TP-ST says about the message (TS 23.040 §9.2.3.15)', () => {
  it('00-02 delivered, 03-1F failed for good, 20-3F still being tried, 40 and above given up', () => {
    const statuses = [0x00, 0x01, 0x02, 0x03, 0x1f, 0x20, 0x3f, 0x40, 0x41, 0x60, 0xff];
    expect(statuses.map(outcomeOf)).toEqual(['delivered', 'delivered', 'delivered', 'failed', 'failed', 'pending', 'pending', 'failed', 'failed', 'failed', 'failed']);
  });
});

describe('refusing what the line brings that is not a status report', () => {
  const refused = (hex: string) => {
    const e = refusal(() => parseStatusReport(hex));
    return [e.code, e.params];
  };
  const good = SMSC + report();

  it('refuses text that is not whole octets of hex, wherever the fault is', () => {
    for (const bad of ['zz', 'X' + good, good + 'zz', good + '0', `${good.slice(0, 20)} ${good.slice(20)}`]) {
      expect(refused(bad), bad).toEqual(['err.sms.badPdu', { detail: 'hex' }]);
    }
  });

  it('refuses an SMS-SUBMIT (the published "hellohello") and an SMS-DELIVER as not status reports', () => {
    expect(refused('00' + '11000B916407281553F80000AA0AE8329BFD4697D9EC37')).toEqual(['err.sms.badPdu', { detail: 'not a status report' }]);
    expect(refused(SMSC + '04' + RA + '0000' + TS + '00')).toEqual(['err.sms.badPdu', { detail: 'not a status report' }]);
  });

  it('refuses a report cut short: without its status octet, or inside the discharge time', () => {
    expect(refused(good.slice(0, -2))).toEqual(['err.sms.badPdu', { detail: 'short' }]);
    expect(refused(good.slice(0, -8))).toEqual(['err.sms.badPdu', { detail: 'short' }]);
  });
});
