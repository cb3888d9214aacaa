// The rating keypad taken from the system so its keys never reach the operator's screen
// (drivers/rater/hid.ts): which USB interface is chosen, found through a folder laid out as sysfs
// is (this machine has no USB bus); the libusb backend first (the kernel's driver detached), hidraw
// only while the keypad's input devices are inhibited, and otherwise nothing read and the operator
// told why in both languages. node-hid's libusb backend itself is loaded for real beside the
// process's own node-hid (hidraw). The USB device stays a fake at the driver's boundary.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findKeypad, HidKeypad, KeypadError, keypadReadiness, nodeHidLibusb, NoLibusbError, takeKeypad } from '../../drivers/rater/hid.js';
import { keyboardReport } from '../../src/core/rater.js';
import { translator } from '../../src/i18n/index.js';
import { describeKeypadState } from '../../src/cli/raterCommands.js';
import { FakeHidDevice } from '../helpers/fake-hid.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function put(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${text}\n`);
}
function link(at: string, to: string): void {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(relative(dirname(at), to), at);
}

/**
 * sysfs with two USB devices: the keypad 05ac:0250 at 1-2 (bus 1, device 4) with a consumer-control
 * interface 1.1 listed before its keyboard interface 1.0, and another keyboard 046d:c31c at 1-3.
 */
function fakeSys(o: { driver?: string; inhibited?: boolean } = {}) {
  const sys = mkdtempSync(join(tmpdir(), `luudong-sys-${process.pid}-`));
  dirs.push(sys);
  const usb = join(sys, 'devices/pci0000:00/0000:00:14.0/usb1');
  for (const d of ['usbhid', 'usbfs']) mkdirSync(join(sys, 'bus/usb/drivers', d), { recursive: true });
  const device = (name: string, vid: string, pid: string, devnum: number, serial: string) => {
    const dir = join(usb, name);
    put(join(dir, 'idVendor'), vid);
    put(join(dir, 'idProduct'), pid);
    put(join(dir, 'busnum'), '1');
    put(join(dir, 'devnum'), String(devnum));
    put(join(dir, 'serial'), serial);
    link(join(sys, 'bus/usb/devices', name), dir);
    return dir;
  };
  const iface = (dev: string, name: string, protocol: string, driver: string, hidraw: number, input: number, hid: string) => {
    const dir = join(dev, name);
    put(join(dir, 'bInterfaceClass'), '03');
    put(join(dir, 'bInterfaceProtocol'), protocol);
    link(join(dir, 'driver'), join(sys, 'bus/usb/drivers', driver));
    mkdirSync(join(dir, hid, 'hidraw', `hidraw${hidraw}`), { recursive: true });
    put(join(dir, hid, 'input', `input${input}`, 'inhibited'), o.inhibited ? '1' : '0');
    link(join(sys, 'class/hidraw', `hidraw${hidraw}`, 'device'), join(dir, hid));
    link(join(sys, 'bus/usb/devices', name), dir);
    return dir;
  };
  const pad = device('1-2', '05ac', '0250', 4, 'KP01');
  iface(pad, '1-2:1.1', '00', o.driver ?? 'usbhid', 4, 8, '0003:05AC:0250.0002');
  const kbd = iface(pad, '1-2:1.0', '01', o.driver ?? 'usbhid', 3, 7, '0003:05AC:0250.0001');
  const other = device('1-3', '046d', 'c31c', 5, 'X');
  iface(other, '1-3:1.0', '01', 'usbhid', 1, 2, '0003:046D:C31C.0003');
  return { sys, inhibit: () => put(join(kbd, '0003:05AC:0250.0001/input/input7/inhibited'), '1') };
}

const PAD = { vendorId: 0x05ac, productId: 0x0250 };
const KEY_1 = 0x1e;

/** Openers that record what was asked of them. */
function openers(exclusive: () => Promise<FakeHidDevice>) {
  const asked: string[] = [];
  return {
    asked,
    openExclusive: async (iface: string) => {
      asked.push(`libusb ${iface}`);
      return exclusive();
    },
    openShared: async (path: string) => {
      asked.push(`hidraw ${path}`);
      return new FakeHidDevice();
    },
  };
}
const refused = async (): Promise<FakeHidDevice> => {
  throw new Error('cannot open device with path 1-2:1.0: hid_error is not implemented yet');
};
async function failure(p: Promise<unknown>): Promise<KeypadError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(KeypadError);
  return e as KeypadError;
}

describe("finding the keypad's USB interface", () => {
  it('takes the keyboard interface of the device named, by vid:pid, serial or hidraw path', () => {
    const { sys } = fakeSys();
    const k = findKeypad(PAD, sys);
    expect(k).toEqual({ iface: '1-2:1.0', devnode: '/dev/bus/usb/001/004', driver: 'usbhid', hidraw: ['/dev/hidraw3'], inputs: [{ name: 'input7', inhibited: false }] });
    expect(findKeypad({ ...PAD, serialNumber: 'KP01' }, sys)?.iface).toBe('1-2:1.0');
    expect(findKeypad({ ...PAD, serialNumber: 'KP02' }, sys)).toBeUndefined();
    expect(findKeypad({ path: '/dev/hidraw3' }, sys)?.iface).toBe('1-2:1.0');
    expect(findKeypad({ path: '/dev/hidraw4' }, sys)?.iface).toBe('1-2:1.1');
    expect(findKeypad({ vendorId: 0x046d, productId: 0xc31c }, sys)?.devnode).toBe('/dev/bus/usb/001/005');
    expect(findKeypad({ vendorId: 0x05ac, productId: 0x0251 }, sys)).toBeUndefined();
    expect(findKeypad({ path: '/dev/hidraw9' }, sys)).toBeUndefined();
  });
});

describe('taking the keypad from the system', () => {
  it('opens it with libusb (the kernel driver detached) and never through hidraw when that works', async () => {
    const { sys } = fakeSys();
    const o = openers(async () => new FakeHidDevice());
    const got = await takeKeypad(PAD, { sys, ...o });
    expect(got.hold).toBe('exclusive');
    expect(o.asked).toEqual(['libusb 1-2:1.0']);
  });

  it('is busy, and opens nothing, while another program holds the interface (usbfs)', async () => {
    const { sys } = fakeSys({ driver: 'usbfs' });
    const o = openers(async () => new FakeHidDevice());
    const e = await failure(takeKeypad(PAD, { sys, ...o }));
    expect([e.state, e.detail]).toEqual(['busy', '1-2:1.0']);
    expect(o.asked).toEqual([]);
  });

  it('reads nothing when libusb cannot take it and its keys would reach the screen, and says why', async () => {
    const { sys } = fakeSys();
    const o = openers(refused);
    const noAccess = await failure(takeKeypad(PAD, { sys, ...o, canWrite: (node) => node !== '/dev/bus/usb/001/004' }));
    expect([noAccess.state, noAccess.detail]).toEqual(['notExclusive', 'access']);
    const other = await failure(takeKeypad(PAD, { sys, ...o, canWrite: () => true }));
    expect([other.state, other.detail]).toEqual(['notExclusive', 'refused']);
    const noLib = await failure(
      takeKeypad(PAD, {
        sys,
        ...o,
        openExclusive: async () => {
          throw new NoLibusbError('libusb-1.0.so.0: cannot open shared object file');
        },
      }),
    );
    expect([noLib.state, noLib.detail]).toEqual(['notExclusive', 'noLibusb']);
    // Never through hidraw while its input is live.
    expect(o.asked.filter((a) => a.startsWith('hidraw'))).toEqual([]);
  });

  it('reads it through hidraw only while every input device of it is inhibited (the fallback udev rule)', async () => {
    const { sys } = fakeSys({ inhibited: true });
    const o = openers(refused);
    const got = await takeKeypad(PAD, { sys, ...o, canWrite: () => false });
    expect(got.hold).toBe('inhibited');
    expect(o.asked).toEqual(['libusb 1-2:1.0', 'hidraw /dev/hidraw3']);
  });

  it('says a keypad not plugged in is disconnected', async () => {
    const { sys } = fakeSys();
    const e = await failure(takeKeypad({ vendorId: 0x05ac, productId: 0x0251 }, { sys, ...openers(async () => new FakeHidDevice()) }));
    expect(e.state).toBe('disconnected');
    expect(e.detail).toContain('05ac:0251');
  });
});

describe("what doctor says of a keypad, without opening it", () => {
  it('absent, held by a luudong process, able to be taken, or not and why', () => {
    const { sys, inhibit } = fakeSys();
    const ours = () => true;
    const noLib = () => {
      throw new NoLibusbError('libusb-1.0.so.0');
    };
    expect(keypadReadiness({ vendorId: 0x05ac, productId: 0x0251 }, { sys })).toEqual({ state: 'absent' });
    expect(keypadReadiness(PAD, { sys, canWrite: ours, libusb: () => undefined })).toEqual({ state: 'exclusive', iface: '1-2:1.0' });
    expect(keypadReadiness(PAD, { sys, canWrite: () => false, libusb: () => undefined })).toEqual({ state: 'notExclusive', iface: '1-2:1.0', why: 'access' });
    expect(keypadReadiness(PAD, { sys, canWrite: ours, libusb: noLib })).toEqual({ state: 'notExclusive', iface: '1-2:1.0', why: 'noLibusb' });
    inhibit();
    expect(keypadReadiness(PAD, { sys, canWrite: () => false })).toEqual({ state: 'inhibited', iface: '1-2:1.0' });
    expect(keypadReadiness(PAD, { sys: fakeSys({ driver: 'usbfs' }).sys })).toEqual({ state: 'held', iface: '1-2:1.0' });
  });
});

describe('the operator is told', () => {
  it('when the keypad cannot be taken, reads nothing from it, and takes it once the udev rule is in place', async () => {
    const { sys, inhibit } = fakeSys();
    const devices: FakeHidDevice[] = [];
    const pad = new HidKeypad('quay-1', {
      target: '05ac:0250',
      sys,
      slowRetryMs: 40,
      openExclusive: refused,
      canWrite: () => false,
      openShared: async () => {
        const d = new FakeHidDevice();
        devices.push(d);
        return d;
      },
    });
    const states: string[] = [];
    const keys: number[] = [];
    pad.start((k) => keys.push(k), (s, detail) => states.push(`${s} ${detail}`));
    await new Promise((r) => setTimeout(r, 150));
    expect(states).toEqual(['notExclusive access']); // said once, not at every look
    expect(devices).toEqual([]);
    inhibit(); // the rule installed and the keypad plugged in again
    await new Promise((r) => setTimeout(r, 150));
    expect(states).toEqual(['notExclusive access', 'connected inhibited']);
    devices[0]!.emit('data', Buffer.from(keyboardReport([KEY_1 + 3])));
    expect(keys).toEqual([4]);
    await pad.stop();
    expect(devices[0]!.closed).toBe(true);
  });

  for (const lang of ['vi', 'en'] as const) {
    it(`in plain words, short enough for the status line (${lang})`, () => {
      const t = translator(lang);
      const lines = (['access', 'noLibusb', 'refused'] as const).map((why) => describeKeypadState(t, 'quay-1', 'notExclusive', why));
      for (const l of lines) {
        expect(l.level).toBe('error');
        expect(l.text).toContain('quay-1');
        expect([...l.text].length, l.text).toBeLessThanOrEqual(76); // the status line's mark and room for a longer name
      }
      expect(lines[0]!.text).toContain('udev');
      expect(lines[1]!.text).toContain('libusb-1.0-0');
      expect(describeKeypadState(t, 'quay-1', 'busy').level).toBe('info');
      expect(describeKeypadState(t, 'quay-1', 'connected', 'exclusive')).toEqual({ text: t('rt.connected', { name: 'quay-1' }), level: 'info' });
    });
  }
});

describe("node-hid's libusb backend beside the process's own node-hid", () => {
  it('is really libusb even after hidraw was loaded, and leaves the hidraw one as it was', async () => {
    const req = createRequire(import.meta.url);
    const own = req('node-hid') as typeof import('node-hid');
    own.getHidapiVersion(); // hidraw, loaded first as the scanners load it
    const lib = nodeHidLibusb();
    expect(lib).not.toBe(own);
    expect(Array.isArray(await lib.devicesAsync())).toBe(true);
    // hidapi's two backends fail differently: libusb's has no error text, hidraw names the path.
    const libErr = await lib.HIDAsync.open('9-9:1.0').then(() => '', (e: Error) => e.message);
    const rawErr = await own.HIDAsync.open('/dev/hidraw99').then(() => '', (e: Error) => e.message);
    expect(libErr).toContain('hid_error is not implemented');
    expect(rawErr).toContain("Failed to open a device with path '/dev/hidraw99'");
    expect(req('node-hid')).toBe(own);
  });
});
