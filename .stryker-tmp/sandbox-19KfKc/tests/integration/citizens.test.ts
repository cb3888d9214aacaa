// @ts-nocheck
// Citizens from the ID card's QR or typed in, stored once by number in a real database file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { DomainError } from '../../src/core/errors.js';
import { openDatabase } from '../../src/store/db.js';

const data = loadDomainData();
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const now = () => Date.parse('2026-11-23T02:00:00Z');
const fresh = () => join(mkdtempSync(join(tmpdir(), 'luudong-citizens-')), 'bus.db');

describe('citizens', () => {
  it('a scan stores the citizen once; a later scan with a new address keeps the old one in the history', () => {
    const f = fresh();
    const app = new Luudong({ db: openDatabase(f), data, now, operator: 'Lan' });
    const first = app.citizenFromQr(QR + '\r\n');
    expect(first.changes).toEqual([]);
    expect(first.citizen).toMatchObject({ fullName: 'Nguyễn Thị Hường', dob: '1952-03-15', address: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội' });
    const moved = app.citizenFromQr(QR.replace('Thôn Đồi Dùng', 'Thôn Tế Tiêu'));
    expect(moved.changes).toEqual([{ field: 'address', oldValue: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội', newValue: 'Thôn Tế Tiêu, xã Mỹ Đức, Hà Nội' }]);
    app.db.close();

    const again = new Luudong({ db: openDatabase(f), data, now });
    expect(again.citizen('001152012345')?.address).toBe('Thôn Tế Tiêu, xã Mỹ Đức, Hà Nội');
    expect(again.citizenHistory('001152012345')).toEqual([
      { at: now(), field: 'address', oldValue: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội', newValue: 'Thôn Tế Tiêu, xã Mỹ Đức, Hà Nội', operator: 'Lan' },
    ]);
    again.db.close();
  });

  it('manual entry is checked the same way and never erases what the card said', () => {
    const app = new Luudong({ db: openDatabase(fresh()), data, now });
    app.citizenFromQr(QR);
    const typed = app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội' });
    expect(typed.changes).toEqual([]);
    expect(typed.citizen).toMatchObject({ oldId: '012345678', issueDate: '2021-08-10' });
    expect(() => app.citizenFromInput({ id: '001152012345', fullName: 'Lan', dob: '15/03/1953', gender: 'Nữ', address: 'x' })).toThrowError(DomainError);
    app.db.close();
  });

  it('a garbled scan stores nothing', () => {
    const app = new Luudong({ db: openDatabase(fresh()), data, now });
    expect(() => app.citizenFromQr(QR.replace('HƯỜNG', 'H\uFFFDNG'))).toThrowError(/err.cccd.encoding/);
    expect(app.citizen('001152012345')).toBeUndefined();
    app.db.close();
  });
});
