// @ts-nocheck
// Loads each native module the app uses and says which one fails (missing binary or system library).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const checks = {
  'better-sqlite3': () => {
    const Database = require('better-sqlite3');
    new Database(':memory:').prepare('SELECT 1').get();
  },
  'node-hid (needs libusb-1.0-0)': () => require('node-hid').devices(),
  serialport: () => require('@serialport/bindings-cpp').autoDetect(),
};
let failed = 0;
for (const [name, check] of Object.entries(checks)) {
  try {
    check();
    console.log(`ok    ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${name}: ${e.message.split('\n')[0]}`);
  }
}
process.exit(failed ? 1 : 0);
