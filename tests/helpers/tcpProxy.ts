// A TCP proxy between a workstation and the hub that fails the way a bus's Wi-Fi does: drop every
// connection (and refuse new ones), stall (nothing moves either way, connections stay open), or
// swallow the hub's answers only (the request arrives, its answer never does). It runs in a process
// of its own: a workstation's calls block its thread, so a proxy in the same thread would stop too.
import { spawn, type ChildProcess } from 'node:child_process';

export type ProxyMode = 'pass' | 'down' | 'stall' | 'deaf';

export interface TcpProxy {
  port: number;
  mode(m: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

const CODE = `
const net = require('node:net');
const [host, port] = [process.argv[1], Number(process.argv[2])];
let mode = 'pass';
const pairs = new Set();
const cutAll = () => { for (const p of [...pairs]) { p.client.destroy(); p.up.destroy(); } };
const server = net.createServer((client) => {
  if (mode === 'down') return client.destroy();
  const up = net.connect(port, host);
  const pair = { client, up };
  pairs.add(pair);
  client.on('data', (b) => { if (mode !== 'stall') up.write(b); });
  up.on('data', (b) => { if (mode === 'pass') client.write(b); });
  const end = () => { pairs.delete(pair); client.destroy(); up.destroy(); };
  client.on('close', end); up.on('close', end);
  client.on('error', () => {}); up.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));
let buf = '';
process.stdin.on('data', (b) => {
  buf += b;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const cmd = buf.slice(0, i); buf = buf.slice(i + 1);
    if (cmd === 'exit') { cutAll(); server.close(); process.exit(0); }
    mode = cmd;
    if (mode === 'down') cutAll();
    process.stdout.write('ok\\n');
  }
});
`;

export async function startProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const proc: ChildProcess = spawn(process.execPath, ['-e', CODE, target.host, String(target.port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const waiters: (() => void)[] = [];
  proc.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
    let i;
    while ((i = out.indexOf('\n')) >= 0) {
      out = out.slice(i + 1);
      waiters.shift()?.();
    }
  });
  const first = await new Promise<number>((resolve) => {
    const onData = (b: Buffer) => {
      const m = /\{"port":(\d+)\}/.exec(b.toString());
      if (m) {
        proc.stdout?.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    proc.stdout?.on('data', onData);
  });
  return {
    port: first,
    mode: (m) =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        proc.stdin?.write(m + '\n');
      }),
    close: async () => {
      proc.stdin?.write('exit\n');
      await new Promise<void>((r) => proc.on('exit', () => r()));
    },
  };
}
