// @ts-nocheck
// The receipt flow's reducer driven key by key on a real database file, the paths the tmux test
// does not take: a typed-in citizen, an ID already known, editing the fee, going back, refusals.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { decodeKey, splitKeys } from '../../src/ui/keys/keys.js';
import { receiptKey, receiptView, startReceipt, type FlowResult, type ReceiptFlow } from '../../src/ui/screens/receipt.js';
import { tempApp } from '../helpers/ui.js';

const t = translator('en');
const clock = () => new Date(2026, 10, 23, 9, 0).getTime();

function drive(flow: ReceiptFlow, env: Parameters<typeof receiptKey>[2], ...inputs: string[]): FlowResult {
  let f: FlowResult = flow;
  for (const raw of inputs) {
    const keys = raw.length > 1 && !raw.startsWith('\x1b') ? splitKeys(raw) : [decodeKey(raw)];
    for (const k of keys) {
      if ('exit' in f) return f;
      f = receiptKey(f, k, env);
    }
  }
  return f;
}
const flowOf = (r: FlowResult): ReceiptFlow => {
  if ('exit' in r) throw new Error(`the flow ended: ${r.exit}`);
  return r;
};

describe('receipt flow', () => {
  it('an unknown ID number opens the form; the typed citizen is checked and carried on', () => {
    const { app } = tempApp(clock);
    const env = { app, t, lang: 'en' as const, counter: 1 };
    let f = flowOf(drive(startReceipt(), env, '036090001234', '\r'));
    expect(f.step).toBe('manual');
    expect(f.manual.id).toBe('036090001234');
    // year 1991 does not match the number (1990): refused with the reason, nothing stored
    f = flowOf(drive(f, env, 'Trần Văn An', '\r', '02/01/1991', '\r', 'Nam', '\r', 'Xóm 3, xã Hải Anh', '\r', '\r'));
    expect(f.step).toBe('manual');
    expect(f.error).toContain('1991');
    expect(app.citizen('036090001234')).toBeUndefined();
    f = flowOf(drive(f, env, '\x1b[A', '\x1b[A', '\x1b[A', '\x7f', '0', '\r', '\r', '\r', '\r'));
    expect(f.step).toBe('procedure');
    expect(f.citizen?.fullName).toBe('Trần Văn An');
    // the next time, the number alone finds the citizen
    const again = flowOf(drive(startReceipt(), env, '036090001234\r'));
    expect(again.step).toBe('procedure');
    expect(again.citizen?.dob).toBe('1990-01-02');
  });

  it('fee edited, paid by bank QR; Esc steps back without losing the choices; the dossier is received', () => {
    const { app } = tempApp(clock);
    app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức' });
    const env = { app, t, lang: 'en' as const, counter: 1 };
    let f = flowOf(drive(startReceipt(), env, '001152012345\r', '2.000884', '\r'));
    expect(f.step).toBe('documents');
    expect(f.procedure?.feeVnd).toBeGreaterThan(0);
    f = flowOf(drive(f, env, 'a', '\r'));
    expect(f.step).toBe('fee');
    f = flowOf(drive(f, env, '\x7f'.repeat(8), '20000', '\x1b[B', '\r'));
    expect(f.payment).toBe('bank_qr');
    expect(f.step).toBe('return');
    f = flowOf(drive(f, env, '\x1b'));
    expect(f.step).toBe('fee');
    expect(f.fee).toBe('20000');
    f = flowOf(drive(f, env, '\r', '\r'));
    expect(f.step).toBe('confirm');
    expect(receiptView(f, env, 80, 20).lines.join('\n')).toContain('20.000 đ – bank transfer (QR)');
    f = flowOf(drive(f, env, 'y'));
    expect(f.step).toBe('slip');
    expect(f.dossier?.feeVnd).toBe(20000);
    expect(f.dossier?.vietqr).toMatch(/^000201/);
    const view = receiptView(f, env, 80, 40).lines.join('\n');
    expect(view).toContain('Pay the fee by bank transfer');
    const end = drive(f, env, '\r');
    expect(end).toEqual({ exit: `Dossier ${f.dossier?.code} received, result due 23/11/2026.` });
  });

  it('a zero fee must be marked exempt; Esc on the first step leaves the flow', () => {
    const { app } = tempApp(clock);
    app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức' });
    const env = { app, t, lang: 'en' as const, counter: 1 };
    let f = flowOf(drive(startReceipt(), env, '001152012345\r', '2.000884', '\r', 'a', '\r', '\x7f'.repeat(8), '\r'));
    expect(f.step).toBe('fee');
    expect(f.error).toContain('Exempt');
    f = flowOf(drive(f, env, '\x1b[B', '\x1b[B', '\x1b[B', '\r'));
    expect(f.payment).toBe('exempt');
    expect(f.step).toBe('return');
    expect(drive(startReceipt(), env, '\x1b')).toEqual({ exit: null });
  });
});
