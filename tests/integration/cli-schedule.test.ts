// The schedule through the built CLI: trips planned, the warning for one not announced in time, the
// loudspeaker text, the A4 poster (a real PDF, its Vietnamese text read back), cancelling.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/core/time.js';

const ROOT = resolve(import.meta.dirname, '../..');

const inDays = (n: number) => localDate(Date.now() + n * 86_400_000);

describe('CLI: schedule', () => {
  it('plans, warns, announces by loudspeaker, social media and poster, cancels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-cli-schedule-'));
    const cli = (...a: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/luudong.js'), '--db', join(dir, 'bus.db'), ...a], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });
    const soon = inDays(1);
    const later = inDays(10);
    expect(cli('schedule', 'add', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--date', soon, '--services', 'A,D').status).toBe(0);
    expect(cli('schedule', 'add', '--commune', 'Xã An Phú', '--place', 'Trường tiểu học', '--date', later, '--start', '13:30', '--end', '16:00').status).toBe(0);
    expect(cli('schedule', 'add', '--commune', 'X', '--place', 'Y', '--date', inDays(-1)).stderr).toContain('đã qua');

    const list = cli('schedule', 'list');
    // The instruction within the receipt dialog's 76 columns: what is missing, then the command.
    const warn = list.stdout.split('\n').find((l) => l.includes('Chưa thông báo chuyến 1 ngày')) ?? '';
    expect(warn).toMatch(/^! Chưa thông báo chuyến 1 ngày \d\d\/\d\d\/\d{4}: luudong schedule announce 1$/);
    expect(warn.length).toBeLessThanOrEqual(76);
    expect(JSON.parse(cli('schedule', 'list', '--json').stdout).map((p: { id: number }) => p.id)).toEqual([1, 2]);

    const speech = cli('schedule', 'announce', '1');
    expect(speech.status).toBe(0);
    expect(speech.stdout).toMatch(/^Kính thưa bà con! Xe Dịch vụ công lưu động của Ủy ban nhân dân xã Mỹ Đức sẽ đến Nhà văn hóa thôn Đồi Dùng, Xã Mỹ Đức vào (thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), ngày \d+ tháng \d+ năm \d{4}, từ 7 giờ 30 đến 11 giờ 30\./);
    expect(speech.stdout).toContain('hướng dẫn và hỗ trợ về: hộ tịch; lao động, việc làm.');
    expect(speech.stdout.trim().endsWith('Xin trân trọng thông báo!')).toBe(true);
    // announced: the warning is gone
    expect(cli('schedule', 'list').stdout).not.toContain('Chưa thông báo');

    const poster = join(dir, 'poster.pdf');
    expect(cli('schedule', 'announce', '2', '--format', 'poster', '--out', poster).status).toBe(0);
    const text = execFileSync('pdftotext', [poster, '-'], { encoding: 'utf8' });
    expect(text).toContain('THÔNG BÁO');
    expect(text).toContain('DỊCH VỤ CÔNG LƯU ĐỘNG');
    // The issuing unit under its parent agency, both in capitals; the same priority list as the loudspeaker's.
    expect(text).toMatch(/UBND XÃ MINH CHÂU\s+TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ MINH CHÂU/);
    expect(text.replace(/\s+/g, ' ')).toContain('Ưu tiên phục vụ trước: người cao tuổi, người khuyết tật, phụ nữ mang thai, người có công với cách mạng, người đi cùng trẻ dưới 6 tuổi.');
    expect(text).toContain('Trường tiểu học');
    expect(text).toContain('từ 13 giờ 30 đến 16 giờ');
    // A trip at Xã Mỹ Đức is announced by Mỹ Đức's own office (a trip opened there takes it), not the first one listed.
    const own = join(dir, 'poster-1.pdf');
    expect(cli('schedule', 'announce', '1', '--format', 'poster', '--out', own).status).toBe(0);
    const ownText = execFileSync('pdftotext', [own, '-'], { encoding: 'utf8' });
    expect(ownText).toMatch(/UBND XÃ MỸ ĐỨC\s+BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ/);
    expect(ownText).not.toContain('MINH CHÂU');

    expect(cli('schedule', 'cancel', '2').status).toBe(0);
    expect(cli('schedule', 'cancel', '2').stderr).toContain('đã hủy');
    expect(cli('schedule', 'announce', '2').status).toBe(1);
    expect(JSON.parse(cli('schedule', 'list', '--json').stdout).map((p: { id: number }) => p.id)).toEqual([1]);
    expect(JSON.parse(cli('schedule', 'list', '--all', '--json').stdout).map((p: { id: number }) => p.id)).toEqual([1, 2]);
  });
});
