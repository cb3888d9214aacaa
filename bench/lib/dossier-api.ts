// What bench/dossiers.mjs needs from the app, bundled by esbuild at bench time (no build step of its own).
export { loadDomainData } from '../../src/app/data.js';
export { Luudong } from '../../src/app/luudong.js';
export { openDatabase } from '../../src/store/db.js';
export { writeTx } from '../../src/store/tx.js';
export { CitizenRepo } from '../../src/store/citizens.js';
export { DossierRepo } from '../../src/store/dossiers.js';
export { planReceipt, procedureKey } from '../../src/core/receipt.js';
export { WorkingDays } from '../../src/core/calendar.js';
export { dossierCode } from '../../src/core/dossier.js';
export { PrintWorker } from '../../src/app/print/worker.js';
export { openTransport } from '../../drivers/printer/index.js';
export { SerialScanner } from '../../drivers/scanner/serial.js';
export { WedgeRouter } from '../../src/core/scan/wedge.js';
export { HidPosReassembler, hidPosReports } from '../../src/core/scan/hidpos.js';
export { classifyScan } from '../../src/core/scan/classify.js';
