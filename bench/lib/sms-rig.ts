// What bench/sms.mjs runs in its own process, bundled by esbuild: the app (to commit the causes of
// messages, as the counter does) and the AT emulator on a socat PTY pair (the modem and network).
export { Luudong } from '../../src/app/luudong.js';
export { loadDomainData } from '../../src/app/data.js';
export { openDatabase } from '../../src/store/db.js';
export { plugModem } from '../../tests/helpers/modem-emulator.js';
