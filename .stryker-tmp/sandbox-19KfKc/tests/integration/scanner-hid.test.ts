// @ts-nocheck
// A barcode scanner in HID POS mode, driven through HidScanner against a fake device that sends real
// Scanned Data reports (no HID POS device exists on the test machine): ID-card and ticket scans,
// the enable report for the models that want one, the cable pulled mid-scan and put back without a
// restart, stop(); and node-hid itself, loaded for real, listing what is plugged in.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { HONEYWELL_REDIRECT, HidScanner, listHidScanners, parseHidTarget, type HidScanEvent } from '../../drivers/scanner/hid.js';
import { loadDomainData } from '../../src/app/data.js';
import { classifyScan } from '../../src/core/scan/classify.js';
import { hidPosReports } from '../../src/core/scan/hidpos.js';
import type { ScannerState } from '../../src/ports/scanner.js';
import { FakeHidScanner } from '../helpers/fake-hid.js';

const { provinces } = loadDomainData();
const QR = '001090012345|123456789|Nguyễn Văn An|01011990|Nam|Thôn Đông, Xã Mỹ Đức, Hà Nội|01012021';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A HidScanner on a fake device, started, with what it reports. */
function rig(opts: Partial<ConstructorParameters<typeof HidScanner>[1]> = {}) {
  const fake = new FakeHidScanner();
  const scanner = new HidScanner('quay-1', { target: '0c2e:0b87:21001B2C3D', retryMs: 20, open: fake.open, ...opts });
  const scans: HidScanEvent[] = [];
  const states: [ScannerState, string | undefined][] = [];
  cleanups.push(() => fake.dispose(), () => scanner.stop());
  scanner.start((e) => scans.push(e), (s, detail) => states.push([s, detail]));
  return { fake, scanner, scans, states, stateNames: () => states.map(([s]) => s) };
}

describe('HID POS barcode scanner', () => {
  it('scans arrive as ScanEvents: an ID-card QR over several reports, then a Code 128 ticket', async () => {
    const { fake, scans, stateNames } = rig();
    await until(() => stateNames().includes('connected'));
    expect(fake.targets).toEqual([{ vendorId: 0x0c2e, productId: 0x0b87, serialNumber: '21001B2C3D' }]);
    expect(hidPosReports(QR).length).toBeGreaterThan(1);
    fake.scan(QR);
    fake.scan('A012', { symbology: ']C0' });
    await until(() => scans.length === 2);
    expect(scans.map((e) => [e.text, e.symbology, e.source])).toEqual([
      [QR, ']Q1', 'quay-1'],
      ['A012', ']C0', 'quay-1'],
    ]);
    expect(scans.map((e) => classifyScan(e.text, provinces, '2026-11-23').kind)).toEqual(['citizen', 'ticket']);
  });

  it('sends no report to the device unless told; with HONEYWELL_REDIRECT, feature report 0xFE naming interface 1', async () => {
    const plain = rig();
    await until(() => plain.stateNames().includes('connected'));
    expect([plain.fake.current!.features, plain.fake.current!.written]).toEqual([[], []]);
    const honeywell = rig({ init: [HONEYWELL_REDIRECT] });
    await until(() => honeywell.stateNames().includes('connected'));
    expect(honeywell.fake.current!.features).toEqual([[0xfe, 0x01]]);
    expect(honeywell.fake.current!.written).toEqual([]);
  });

  it('unplugged mid-scan, it says so and keeps looking; plugged back in, it reads again, without the half scan', async () => {
    const { fake, scans, states, stateNames } = rig();
    await until(() => stateNames().includes('connected'));
    fake.scan('A001');
    await until(() => scans.length === 1);
    fake.send(hidPosReports(QR)[0]!); // the first report of a scan, and then the cable goes
    await until(() => fake.pending === 0);
    fake.unplug();
    await until(() => stateNames().includes('disconnected'));
    expect(states[1]).toEqual(['disconnected', 'could not read from HID device']);
    expect(fake.devices[0]!.closed).toBe(true);
    await until(() => fake.refused >= 2); // it keeps looking while the device is away
    fake.replug();
    await until(() => stateNames().length === 3);
    fake.scan('A002');
    await until(() => scans.length === 2);
    expect(scans.map((e) => e.text)).toEqual(['A001', 'A002']);
    expect(stateNames()).toEqual(['connected', 'disconnected', 'connected']);
    expect(fake.devices).toHaveLength(2);
  });

  it('started with the scanner not plugged in, it connects when it appears', async () => {
    const fake = new FakeHidScanner();
    fake.plugged = false;
    const scanner = new HidScanner('quay-2', { target: '/dev/hidraw3', retryMs: 20, open: fake.open });
    const states: ScannerState[] = [];
    cleanups.push(() => fake.dispose(), () => scanner.stop());
    scanner.start(() => undefined, (s) => states.push(s));
    await until(() => fake.refused >= 1);
    fake.replug();
    await until(() => states.includes('connected'));
    expect(states).toEqual(['disconnected', 'connected']);
    expect(fake.targets.every((t) => 'path' in t && t.path === '/dev/hidraw3')).toBe(true);
  });

  it('stop() closes the device; stopped while it is away or being opened, it leaves it alone', async () => {
    const connected = rig();
    await until(() => connected.stateNames().includes('connected'));
    const device = connected.fake.current!;
    await connected.scanner.stop();
    expect(device.closed).toBe(true);

    const away = rig();
    await until(() => away.stateNames().includes('connected'));
    away.fake.unplug();
    await until(() => away.fake.refused >= 1);
    await away.scanner.stop();
    const looked = away.fake.targets.length;
    away.fake.replug();
    await new Promise((r) => setTimeout(r, 100)); // five retry periods
    expect(away.fake.targets).toHaveLength(looked);
    expect(away.fake.devices).toHaveLength(1);
    expect(away.stateNames()).toEqual(['connected', 'disconnected']);

    // stopped while the device is being opened: what the open brings back is closed, not used
    const fake = new FakeHidScanner();
    const slow = new HidScanner('quay-3', {
      target: '0c2e:0b87',
      open: async (t) => {
        await new Promise((r) => setTimeout(r, 30));
        return fake.open(t);
      },
    });
    const states: ScannerState[] = [];
    slow.start(() => undefined, (s) => states.push(s));
    await slow.stop();
    await until(() => fake.devices.length === 1 && fake.devices[0]!.closed);
    expect(states).toEqual([]);
  });

  it('a device is named by vid:pid[:serial] in hex, or by path', () => {
    expect(parseHidTarget('0C2E:0B87')).toEqual({ vendorId: 0x0c2e, productId: 0x0b87 });
    expect(parseHidTarget('05e0:1200:S/N 42')).toEqual({ vendorId: 0x05e0, productId: 0x1200, serialNumber: 'S/N 42' });
    expect(parseHidTarget('/dev/hidraw0')).toEqual({ path: '/dev/hidraw0' });
  });
});

/**
 * The hidraw devices of this machine whose report descriptor opens with Usage Page 0x8C (Bar Code
 * Scanner, HID Point of Sale usage tables), read from sysfs and parsed here item by item: an
 * expectation that owes nothing to node-hid or to the driver's filter.
 */
function hidPosDevicesInSysfs(): string[] {
  let names: string[];
  try {
    names = readdirSync('/sys/class/hidraw');
  } catch {
    return []; // no hidraw class at all: no HID device on this machine
  }
  const out: string[] = [];
  for (const name of names) {
    const d = readFileSync(`/sys/class/hidraw/${name}/device/report_descriptor`);
    for (let i = 0; i < d.length; ) {
      const prefix = d[i]!;
      if (prefix === 0xfe) {
        i += 3 + d[i + 1]!; // a long item: skipped
        continue;
      }
      const size = [0, 1, 2, 4][prefix & 3]!;
      if ((prefix & 0xfc) === 0x04) {
        // Usage Page (global item, tag 0): little-endian value
        let page = 0;
        for (let k = 0; k < size; k++) page |= d[i + 1 + k]! << (8 * k);
        if (page === 0x8c) out.push(`/dev/${name}`);
        break; // the first usage page names the device's top-level collection
      }
      i += 1 + size;
    }
  }
  return out.sort();
}

describe('listing HID POS scanners', () => {
  it('keeps only the HID POS interfaces (usage page 0x8C) of what node-hid enumerates, with their names', async () => {
    // A Honeywell in combined keyboard + HID POS mode shows two interfaces; a mouse, a vendor page, a Zebra.
    const enumerated = [
      { vendorId: 0x0c2e, productId: 0x0b87, serialNumber: '21001B2C3D', product: 'Honeywell Scanning and Mobility', path: '/dev/hidraw0', usagePage: 0x01, usage: 0x06, interface: 0, release: 0, manufacturer: 'Honeywell' },
      { vendorId: 0x0c2e, productId: 0x0b87, serialNumber: '21001B2C3D', product: 'Honeywell Scanning and Mobility', path: '/dev/hidraw1', usagePage: 0x8c, usage: 0x02, interface: 1, release: 0, manufacturer: 'Honeywell' },
      { vendorId: 0x046d, productId: 0xc077, product: 'USB Optical Mouse', path: '/dev/hidraw2', usagePage: 0x01, usage: 0x02, interface: 0, release: 0 },
      { vendorId: 0x0c2e, productId: 0x0b87, serialNumber: '21001B2C3D', path: '/dev/hidraw3', usagePage: 0xff00, usage: 0x01, interface: 2, release: 0 },
      { vendorId: 0x05e0, productId: 0x1200, product: 'Symbol Bar Code Scanner', path: '/dev/hidraw4', usagePage: 0x8c, usage: 0x02, interface: 0, release: 0 },
    ];
    const list = await listHidScanners(async () => ({ devicesAsync: async () => enumerated }));
    expect(list).toEqual({
      scanners: [
        { vendorId: 0x0c2e, productId: 0x0b87, serialNumber: '21001B2C3D', product: 'Honeywell Scanning and Mobility', path: '/dev/hidraw1' },
        { vendorId: 0x05e0, productId: 0x1200, serialNumber: undefined, product: 'Symbol Bar Code Scanner', path: '/dev/hidraw4' },
      ],
    });
    // nothing on page 0x8C: an empty list, and no reason (nothing failed)
    expect(await listHidScanners(async () => ({ devicesAsync: async () => enumerated.filter((d) => d.path !== '/dev/hidraw1' && d.path !== '/dev/hidraw4') }))).toEqual({ scanners: [] });
  });

  it('node-hid loads on this machine and lists the HID POS devices the kernel has (read from sysfs)', async () => {
    const list = await listHidScanners();
    expect(list.reason).toBeUndefined();
    expect(list.scanners.map((s) => s.path).sort()).toEqual(hidPosDevicesInSysfs());
  });

  it('when node-hid cannot load, the list is empty and says why', async () => {
    const list = await listHidScanners(() => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file')));
    expect(list).toEqual({ scanners: [], reason: 'libusb-1.0.so.0: cannot open shared object file' });
  });
});
